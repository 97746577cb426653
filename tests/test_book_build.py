"""The book builds cold with warnings as errors, and every page in the table of contents exists."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import REPO

pytestmark = pytest.mark.book


def toc_docnames() -> list[str]:
    """Every document named in _toc.yml, in reading order (root first)."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
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
