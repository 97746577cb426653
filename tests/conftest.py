"""Shared fixtures. The expensive one is ``built_book``: a cold ``-W -n`` build of the whole book,
done once per test session into a temporary folder, so a stale ``_build`` can never hide a failure.
Its notebooks are executed once each, on all cores (.ci/book_execute.py); the other builds the tests make
(the PDF edition, the single-page HTML) read them from this build's execution cache.

Set ``LSTM_BOOK_BUILD=/path/to/folder/with/_build`` to reuse a build you just made by hand while
iterating on the tests. CI's first job (``bash .ci/test``) never sets it, so it always builds cold; it sets
``LSTM_BOOK_OUT`` instead, so the cold build goes to a folder it keeps (emptied first), with a
``source.json`` saying what it was built from; the second job (``bash .ci/clients``) reuses that build
when it was made from the same checkout.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / ".ci"))
from jupyter_book_cli import command as jupyter_book  # noqa: E402  (every build goes through it)


@dataclasses.dataclass(frozen=True)
class BookBuild:
    """The result of building the book: where the HTML is, what the build printed, how long it took."""

    root: Path          # the folder holding _build/
    returncode: int
    log: str
    seconds: float

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"

    @property
    def executed(self) -> Path:
        """Executed notebooks (one .ipynb per chapter), written by myst-nb."""
        return self.root / "_build" / "jupyter_execute"

    @property
    def cache(self) -> Path:
        """The jupyter-cache folder: one record per executed notebook (.ci/book_execute.py fills it)."""
        return self.root / "_build" / ".jupyter_cache"

    @property
    def log_is_real(self) -> bool:
        """False for a build reused with LSTM_BOOK_BUILD, whose log this session never saw."""
        return self.seconds > 0


def build_book(out_dir: Path) -> BookBuild:
    """Build the book with the README's flags into ``out_dir/_build``."""
    cmd = jupyter_book("build", "-W", "-n", "--keep-going", "--path-output", out_dir, REPO)
    start = time.perf_counter()
    # BOOK_PDF=1: the pages link the PDF edition, which test_book_pdf.py then makes from this build's cache
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env={**os.environ, "BOOK_PDF": "1"})
    seconds = time.perf_counter() - start
    return BookBuild(out_dir, proc.returncode, proc.stdout + proc.stderr, seconds)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> BookBuild:
    reuse = os.environ.get("LSTM_BOOK_BUILD")
    if reuse:
        return BookBuild(Path(reuse), 0, "(reused build; not checked)", 0.0)
    keep = os.environ.get("LSTM_BOOK_OUT")
    if not keep:
        return build_book(tmp_path_factory.mktemp("book"))
    out = Path(keep)
    shutil.rmtree(out, ignore_errors=True)          # cold: nothing of an earlier build survives
    out.mkdir(parents=True)
    book = build_book(out)
    if book.returncode == 0 and os.environ.get("LSTM_BOOK_SOURCE_STATE"):
        (out / "source.json").write_text(json.dumps({"source_state": os.environ["LSTM_BOOK_SOURCE_STATE"]}))
    return book


@pytest.fixture(scope="module")
def v(built_book, request):
    """The values a chapter glued into its prose, by name; the chapter is the test module's ``DOC``."""
    from notebook_outputs import chapter_values

    return chapter_values(built_book, request.module.DOC)


# The website's session fixtures are registered once, here. Imported into two test modules, a session fixture
# becomes two fixtures with two instances: the second Chromium then refused to start while the first was still
# running ("Sync API inside the asyncio loop", 142 errors in one CI run), and the fixture book was built twice.
from sitekit import SESSION_FIXTURES, browser, fixture_site, notebook_site, site  # noqa: E402,F401
