"""Which kernels executed which page: the proof that one ``bash .ci/test`` executes every chapter once.

``bash .ci/test`` gives the whole run an IPython folder of its own (``IPYTHONDIR``) holding one startup file,
which every IPython kernel runs as it starts. The file appends a line to the ledger for each cell the kernel
executes: the kernel (process id and a random token) and the SHA-256 of the cell's source. Recording inside the
kernel, not in the code that starts it, sees every way of running a notebook: book_execute's workers,
myst-nb's own executor, nbclient or JupyterLab in a test, papermill, a kernel started by a stand-in's Python.

``check`` then reads each page of the table of contents (jupytext, as myst-nb reads it), keeps the code cells
found in that page only, and counts a kernel as having executed the page when it ran at least half of them;
a kernel the kernel watch killed (ipython/ipykernel#1554; it writes ``{"killed": pid}`` here) is listed but
not counted, since its notebook is run once more in a fresh kernel. Every page with code must have been
executed by exactly one kernel: twice is the waste issue 19 forbids, and never means the ledger saw nothing.

    python .ci/execution_ledger.py install IPYTHONDIR LEDGER     # before the run
    python .ci/execution_ledger.py check LEDGER                  # after it; exit status 1 on a failure
"""
from __future__ import annotations

import collections
import hashlib
import json
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Runs inside every kernel: the standard library only (a stand-in's Python has nothing else we can rely on),
# names that start with an underscore, deleted after use, so the reader's namespace is as it was.
STARTUP = '''\
def _execution_ledger_hook(ledger={ledger!r}):
    import hashlib, json, os
    kernel = "%d-%s" % (os.getpid(), os.urandom(4).hex())

    def record(info):
        source = (getattr(info, "raw_cell", None) or "").strip()
        if source:
            line = json.dumps({{"kernel": kernel, "cell": hashlib.sha256(source.encode()).hexdigest()[:24]}})
            fd = os.open(ledger, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, (line + "\\n").encode())     # one write under PIPE_BUF: kernels never interleave
            finally:
                os.close(fd)

    get_ipython().events.register("pre_run_cell", record)


_execution_ledger_hook()
del _execution_ledger_hook
'''


def cell_hash(source: str) -> str:
    return hashlib.sha256(source.strip().encode()).hexdigest()[:24]


def install(ipython_dir: Path, ledger: Path) -> Path:
    """Write the startup file into ``ipython_dir``'s default profile; returns its path."""
    startup = Path(ipython_dir) / "profile_default" / "startup" / "00-execution-ledger.py"
    startup.parent.mkdir(parents=True, exist_ok=True)
    startup.write_text(STARTUP.format(ledger=str(Path(ledger).resolve())), encoding="utf-8")
    return startup


def record_kill(pid: int) -> None:
    """Note a kernel the kernel watch killed, in the ledger named by BOOK_EXECUTION_LEDGER (if any)."""
    ledger = os.environ.get("BOOK_EXECUTION_LEDGER")
    if ledger:
        with open(ledger, "a", encoding="utf-8") as out:
            out.write(json.dumps({"killed": pid}) + "\n")


def toc_docnames(root: Path = REPO) -> list[str]:
    """Every document named in _toc.yml, in reading order (root first), without its extension."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))
            for part in entry.get("parts", []):
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return [re.sub(r"\.(md|ipynb)$", "", n) for n in names]


def toc_pages(root: Path = REPO) -> list[Path]:
    """Every page file of the table of contents, in its order."""
    pages = []
    for name in toc_docnames(root):
        found = [root / f"{name}{ext}" for ext in (".md", ".ipynb") if (root / f"{name}{ext}").is_file()]
        if not found:
            raise FileNotFoundError(f"_toc.yml lists {name!r}, but there is no {name}.md or {name}.ipynb")
        pages.append(found[0])
    return pages


def own_cells(pages: list[Path]) -> dict[str, set[str]]:
    """page name -> hashes of its code cells that no other page has (pages without code are left out)."""
    import jupytext

    cells = {}
    for page in pages:
        nb = jupytext.read(page)
        cells[page.stem] = {cell_hash(c.source) for c in nb.cells if c.cell_type == "code" and c.source.strip()}
    counts = collections.Counter(h for hashes in cells.values() for h in hashes)
    return {name: {h for h in hashes if counts[h] == 1} for name, hashes in cells.items()
            if any(counts[h] == 1 for h in hashes)}


def executions(ledger: Path, pages: dict[str, set[str]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(page -> kernels that executed it, page -> killed kernels that had executed it), from the ledger."""
    ran, killed = collections.defaultdict(set), set()
    for line in Path(ledger).read_text(encoding="utf-8").splitlines() if Path(ledger).is_file() else []:
        entry = json.loads(line)
        if "killed" in entry:
            killed.add(str(entry["killed"]))
        else:
            ran[entry["kernel"]].add(entry["cell"])
    done, replaced = {}, {}
    for name, own in pages.items():
        kernels = sorted(k for k, cells in ran.items() if len(own & cells) * 2 >= len(own))
        replaced[name] = [k for k in kernels if k.split("-")[0] in killed]
        done[name] = [k for k in kernels if k not in replaced[name]]
    return done, replaced


def check(ledger: Path, pages: list[Path] | None = None) -> list[str]:
    """Every problem: a page executed by no kernel, or by more than one. [] when each ran exactly once."""
    done, replaced = executions(ledger, own_cells(toc_pages() if pages is None else pages))
    problems = []
    for name, kernels in done.items():
        note = f" (and {len(replaced[name])} killed after a wedge)" if replaced[name] else ""
        if len(kernels) != 1:
            problems.append(f"{name}: executed by {len(kernels)} kernels{note}, expected exactly 1")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "install":
        print(install(Path(argv[1]), Path(argv[2])))
        return 0
    if len(argv) == 2 and argv[0] == "check":
        problems = check(Path(argv[1]))
        for problem in problems:
            print(f"[execution ledger] {problem}", file=sys.stderr)
        if not problems:
            print(f"[execution ledger] every page with code was executed exactly once ({argv[1]})", file=sys.stderr)
        return 1 if problems else 0
    print(__doc__.split("\n\n")[-1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
