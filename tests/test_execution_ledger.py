"""The execution ledger (.ci/execution_ledger.py), with real kernels: a page run once passes, a page run twice
or never is named, a kernel the watch killed is not counted, and the reader's namespace is left as it was."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import jupytext
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / ".ci"))
import execution_ledger  # noqa: E402
from kernels import execute_apart  # noqa: E402
from myst_fixture import FRONT_MATTER  # noqa: E402


def page(folder: Path, name: str, *cells: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(FRONT_MATTER + f"\n# {name}\n\n"
                    + "\n".join(f"```{{code-cell}} ipython3\n{c}\n```\n" for c in cells), encoding="utf-8")
    return path


def run(path: Path) -> tuple:
    """Execute a page in a fresh kernel; returns the executed notebook and the kernel's process id."""
    nb = jupytext.read(path)
    nb.cells.append(jupytext.reads("```{code-cell} ipython3\nimport os; print(os.getpid())\n```",
                                   fmt="myst").cells[0])
    execute_apart(NotebookClient(nb, timeout=120, kernel_name="python3"))
    return nb, int(nb.cells[-1].outputs[0]["text"])


def test_each_page_once_passes_twice_or_never_is_named_and_a_killed_kernel_is_not_counted(tmp_path, monkeypatch):
    ledger = tmp_path / "executions.jsonl"
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("BOOK_EXECUTION_LEDGER", str(ledger))
    execution_ledger.install(tmp_path / "ipython", ledger)
    # the shared first cell is in both pages, so it identifies neither
    a = page(tmp_path, "a", "import math", "x = math.sqrt(2)", "print(round(x, 3))")
    b = page(tmp_path, "b", "import math", "y = math.pi", "print(y > 3)")
    pages = [a, b]

    nb, first = run(a)
    assert nb.cells[-2].outputs[0]["text"] == "1.414\n"
    assert execution_ledger.check(ledger, pages) == ["b: executed by 0 kernels, expected exactly 1"]

    run(b)
    assert execution_ledger.check(ledger, pages) == []

    # planted: page a executed a second time, by another kernel
    _, second = run(a)
    assert second != first
    assert execution_ledger.check(ledger, pages) == ["a: executed by 2 kernels, expected exactly 1"]

    # the first run's kernel was killed by the watch (a wedge): the rerun is the one that counts
    execution_ledger.record_kill(first)
    assert json.loads(ledger.read_text().splitlines()[-1]) == {"killed": first}
    assert execution_ledger.check(ledger, pages) == []
    done, replaced = execution_ledger.executions(ledger, execution_ledger.own_cells(pages))
    assert len(done["a"]) == 1 and [k.split("-")[0] for k in replaced["a"]] == [str(first)]


def leaked_names(tmp_path, startup: str | None = None) -> list[str]:
    """Names the startup file left in a fresh kernel's namespace (IPython's own left out)."""
    folder = tmp_path / "ipython"
    path = execution_ledger.install(folder, tmp_path / "executions.jsonl")
    if startup is not None:
        path.write_text(startup, encoding="utf-8")
    nb, _ = run(page(tmp_path, "c", "print(sorted(globals()))"))
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    names = eval(first_code.outputs[0]["text"])
    return [n for n in names if "ledger" in n or n in ("json", "hashlib", "os", "record")]


def test_the_startup_file_leaves_the_namespace_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    assert leaked_names(tmp_path) == []
    assert (tmp_path / "executions.jsonl").is_file()
    # planted: the same file without its last line leaves its function behind
    kept = execution_ledger.STARTUP.format(ledger=str(tmp_path / "executions.jsonl")).replace(
        "del _execution_ledger_hook\n", "")
    assert leaked_names(tmp_path, kept) == ["_execution_ledger_hook"]


def test_every_page_of_the_book_is_identified_by_cells_of_its_own():
    """A chapter whose every cell also sits in another page could not be counted at all."""
    pages = execution_ledger.toc_pages()
    own = execution_ledger.own_cells(pages)
    with_code = [p.stem for p in pages if any(c.cell_type == "code" for c in jupytext.read(p).cells)]
    assert sorted(own) == sorted(with_code)
    assert all(len(cells) >= 1 for cells in own.values())
