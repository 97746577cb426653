"""The book builds cold with warnings as errors, and every page in the table of contents exists."""
from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / ".ci"))
import book_execute  # noqa: E402
from execution_ledger import toc_docnames  # noqa: E402

pytestmark = pytest.mark.book


def test_book_builds_without_warnings(built_book):
    assert built_book.returncode == 0, "jupyter-book build -W -n failed:\n" + built_book.log[-6000:]
    # Sphinx's warnings read "WARNING: ..."; a kernel's log line "[IPKernelApp] WARNING | ..." is not one.
    warnings = [line for line in built_book.log.splitlines() if "WARNING:" in line]
    assert not warnings, "\n".join(warnings)


def test_every_toc_entry_produced_a_page(built_book):
    missing = [d for d in toc_docnames() if not (built_book.html / f"{d}.html").is_file()]
    assert not missing, f"table-of-contents entries without a page: {missing}"


def test_no_toc_page_is_a_stub(built_book):
    """A page in the table of contents has real content: at least 150 words of text."""
    stubs = {}
    for doc in toc_docnames():
        page = (built_book.html / f"{doc}.html").read_text(encoding="utf-8")
        main = page.split('<article class="bd-article"', 1)[-1].split("</article>", 1)[0]
        words = re.sub(r"<[^>]+>", " ", main).split()
        if len(words) < 150 or re.search(r"coming soon|\bTODO\b|\bTBD\b", main, re.I):
            stubs[doc] = len(words)
    assert not stubs, f"stub pages (word counts): {stubs}"


def test_no_cell_failed(built_book):
    reports = built_book.html / "reports"
    failures = sorted(p.name for p in reports.glob("**/*.err.log")) if reports.exists() else []
    assert not failures, f"cells raised during execution: {failures}"


def toc_notebooks() -> dict[str, Path]:
    """docname -> source file, for the pages of the table of contents that are notebooks (executed)."""
    from myst_nb.core.read import is_myst_markdown_notebook

    found = {}
    for doc in toc_docnames():
        for suffix in (".ipynb", ".md"):
            path = REPO / f"{doc}{suffix}"
            if path.is_file() and (suffix == ".ipynb" or is_myst_markdown_notebook(path.read_text("utf-8"))):
                found[doc] = path
                break
    return found


def test_every_notebook_ran_once_in_the_parallel_step(built_book):
    """Each notebook page was executed exactly once, by .ci/book_execute.py on all cores, and none by
    myst-nb (which would run it a second time, one after another): its cache holds one record per
    notebook, made by that step."""
    from jupyter_cache import get_cache

    notebooks = toc_notebooks()
    assert notebooks, "no notebook in the table of contents"
    records = collections.defaultdict(list)
    for record in get_cache(str(built_book.cache)).list_cache_records():
        records[record.uri].append(record)
    counts = {doc: len(records.get(str(path), [])) for doc, path in notebooks.items()}
    assert all(n == 1 for n in counts.values()), f"cache records per notebook (want 1 each): {counts}"
    by_myst_nb = [doc for doc, path in notebooks.items() if book_execute.RECORD_KEY not in records[str(path)][0].data]
    assert not by_myst_nb, f"executed by myst-nb, not by the parallel step: {by_myst_nb}"
    if built_book.log_is_real:
        ran = collections.Counter(re.findall(r"book_execute: executed (\S+) in", built_book.log))
        assert ran == collections.Counter(list(notebooks)), f"executions per page: {dict(ran)}"
        assert "Executing notebook using" not in built_book.log, "myst-nb executed a notebook itself"


def test_the_cache_follows_lstmlib(built_book):
    """Every chapter that imports lstmlib has a record of the library it ran against: this checkout's lstmlib,
    hashed file by file, so that a change to any of its files executes the chapter again (the mechanism
    itself is tested on a tiny book in test_book_execute.py)."""
    from jupyter_cache import get_cache

    lstmlib = REPO / "lstmlib"
    tracked = {}
    for record in get_cache(str(built_book.cache)).list_cache_records():
        packages = record.data.get(book_execute.RECORD_KEY, {}).get("packages", {})
        tracked[Path(record.uri).relative_to(REPO).with_suffix("").as_posix()] = packages.get("lstmlib")
    chapters = [d for d in tracked if re.match(r"chapters/\d\d_", d)]
    assert chapters, f"no chapter among the cache records: {sorted(tracked)}"
    wrong = {d: tracked[d] for d in chapters
             if not tracked[d] or Path(tracked[d]["dir"]) != lstmlib
             or tracked[d]["sha256"] != book_execute.package_hash(lstmlib)}
    assert not wrong, f"chapters without a record of this checkout's lstmlib: {wrong}"
