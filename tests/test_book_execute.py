"""The parallel execution step (.ci/book_execute.py): each notebook runs once, and the cache follows the library.

These tests build a tiny book of their own (two one-cell notebooks and a one-line library beside them), so
they take seconds, not the minutes of the real book; the real book's build is checked in
test_book_build.py (every chapter executed once, by this step, none by myst-nb).
"""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import REPO
from myst_fixture import FRONT_MATTER

sys.path.insert(0, str(REPO / ".ci"))
import book_execute  # noqa: E402
from jupyter_book_cli import command as jupyter_book  # noqa: E402

def executed_by_step(log: str) -> list[str]:
    """Pages the parallel step executed, from the build log."""
    return re.findall(r"book_execute: executed (\S+) in", log)


def executed_by_myst_nb(log: str) -> list[str]:
    """Pages myst-nb executed itself (what the parallel step is there to prevent)."""
    return re.findall(r"Executing notebook using", log)


def make_tiny_book(root: Path) -> None:
    (root / "tinylib").mkdir(parents=True)
    (root / "tinylib" / "__init__.py").write_text("VALUE = 1\n")
    (root / "_config.yml").write_text(textwrap.dedent(f"""\
        title: tiny
        only_build_toc_files: true
        execute:
          execute_notebooks: cache
          timeout: 60
        sphinx:
          local_extensions:
            book_execute: {REPO / '.ci'}/
          config:
            book_execute_track: [tinylib]
        """))
    (root / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: uses\n  - file: plain\n")
    (root / "intro.md").write_text("# Intro\n\nNot a notebook.\n")
    (root / "uses.md").write_text(FRONT_MATTER + "\n# Uses the library\n\n```{code-cell} ipython3\n"
                                  "import tinylib\nprint('value is', tinylib.VALUE)\n```\n")
    (root / "plain.md").write_text(FRONT_MATTER + "\n# Plain\n\n```{code-cell} ipython3\nprint('plain', 6 * 7)\n```\n")


def build(root: Path, **env) -> str:
    proc = subprocess.run(jupyter_book("build", "-W", "-n", "--keep-going", root),
                          capture_output=True, text=True, cwd=root,
                          env={**__import__("os").environ, **env})
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-4000:]
    return log


def page_text(root: Path, doc: str) -> str:
    return re.sub(r"<[^>]+>", " ", (root / "_build" / "html" / f"{doc}.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny_book")
    make_tiny_book(root)
    return root


def test_a_library_change_re_executes_exactly_the_notebooks_that_import_it(tiny):
    first = build(tiny)
    assert sorted(executed_by_step(first)) == ["plain", "uses"], first[-3000:]
    assert not executed_by_myst_nb(first), first[-3000:]
    assert "value is 1" in page_text(tiny, "uses")

    again = build(tiny)
    assert executed_by_step(again) == [] and not executed_by_myst_nb(again), again[-3000:]

    (tiny / "tinylib" / "__init__.py").write_text("VALUE = 2\n")
    rebuilt = build(tiny)
    assert executed_by_step(rebuilt) == ["uses"], rebuilt[-3000:]
    assert "tinylib" in rebuilt.split("book_execute: executed uses", 1)[1].splitlines()[0]  # the reason given
    assert not executed_by_myst_nb(rebuilt)
    assert "value is 2" in page_text(tiny, "uses")


def test_without_the_step_the_page_keeps_the_old_library_s_output(tmp_path):
    """The planted fault: myst-nb's cache alone (BOOK_EXECUTE_WORKERS=0) publishes the stale value, and the
    page check above would catch it."""
    make_tiny_book(tmp_path)
    build(tmp_path, BOOK_EXECUTE_WORKERS="0")
    (tmp_path / "tinylib" / "__init__.py").write_text("VALUE = 2\n")
    stale = build(tmp_path, BOOK_EXECUTE_WORKERS="0")
    assert not executed_by_step(stale) and not executed_by_myst_nb(stale)
    assert "value is 1" in page_text(tmp_path, "uses")   # stale: what the step prevents
    fixed = build(tmp_path)   # the step runs: the records carry no library data, so both run once
    assert sorted(executed_by_step(fixed)) == ["plain", "uses"] and not executed_by_myst_nb(fixed)
    assert "value is 2" in page_text(tmp_path, "uses")


def test_package_hash_sees_any_file_change(tmp_path):
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "sub" / "data.json").write_text("{}")
    before = book_execute.package_hash(tmp_path / "pkg")
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert book_execute.package_hash(tmp_path / "pkg") == before      # compiled files do not count
    (tmp_path / "pkg" / "sub" / "data.json").write_text("{ }")
    assert book_execute.package_hash(tmp_path / "pkg") != before
    assert book_execute.package_hash(tmp_path / "gone") is None
    record = {book_execute.RECORD_KEY: {"packages": {"pkg": {"dir": str(tmp_path / "pkg"), "sha256": before}}}}
    assert book_execute.stale_packages(record) == ["pkg"]
    assert book_execute.stale_packages({"execution_seconds": 1.0}) is None


def test_bad_worker_count_is_a_clear_error(monkeypatch):
    class App:
        class config:
            book_execute_workers = None

    monkeypatch.setenv("BOOK_EXECUTE_WORKERS", "two")
    with pytest.raises(ValueError, match="whole number.*'two'"):
        book_execute._workers(App)
    monkeypatch.setenv("BOOK_EXECUTE_WORKERS", "3")
    assert book_execute._workers(App) == 3


def test_a_failing_notebook_fails_the_build_once_with_its_traceback(tmp_path):
    make_tiny_book(tmp_path)
    (tmp_path / "plain.md").write_text(FRONT_MATTER + "\n# Plain\n\n```{code-cell} ipython3\n"
                                       "raise RuntimeError('planted failure')\n```\n")
    proc = subprocess.run(jupyter_book("build", "-W", "-n", "--keep-going", tmp_path),
                          capture_output=True, text=True, cwd=tmp_path)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, log[-3000:]
    assert "book_execute: plain failed" in log and "planted failure" in log, log[-3000:]
    assert not executed_by_myst_nb(log), "the failed notebook was executed a second time"
    assert "planted failure" in (tmp_path / "_build" / "html" / "reports" / "plain.err.log").read_text()
    assert executed_by_step(log) == ["uses"]
