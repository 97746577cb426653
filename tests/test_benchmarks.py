"""The benchmark's own judgement (a build whose kernel wedged is reported, its ratio not judged) and the
budgets it judges by, written once in benchmarks/budgets.py and stated by the Running times page."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / ".ci"))
import bench_build  # noqa: E402
import book_execute  # noqa: E402
import run as bench_run  # noqa: E402


def a_build(seconds: float, wedged: int = 0, wedged_in: list | None = None) -> dict:
    return {"seconds": seconds, "cpu_seconds": seconds, "load_before": 0.1, "load_after": 0.2, "ok": True,
            "warnings": [], "executed": 0, "execute_step_s": seconds * 0.9, "workers": 2, "wedged": wedged,
            "wedged_in": wedged_in or []}


def ratio_row(serial: dict, parallel: dict) -> dict:
    rows = bench_run.build_rows({"serial": serial, "parallel": parallel, "warm": a_build(2.0), "notebooks": {}})
    return next(r for r in rows if r["name"] == "cold build parallel/serial")


def test_wedges_are_counted_from_the_line_book_execute_logs():
    log = "\n".join([
        "book_execute: executed chapters/03_x in 20.1 s (CPU 3.9 s; not in the cache); "
        + book_execute.WEDGE_NOTE.format(n=1),
        "book_execute: executed chapters/05_x in 31.0 s (CPU 20.2 s; not in the cache); "
        + book_execute.WEDGE_NOTE.format(n=2),
        "book_execute: executed chapters/01_x in 19.0 s (CPU 19.1 s; not in the cache)",
    ])
    assert bench_build.wedges(log) == [("chapters/03_x", 1), ("chapters/05_x", 2)]     # 3 kernels replaced
    assert bench_build.wedges(log.splitlines()[2]) == []


def test_a_ratio_with_a_wedged_kernel_is_printed_but_not_judged():
    clean = ratio_row(a_build(400.0), a_build(190.0))
    assert clean["verdict"] == "PASS" and clean["budget"] == 0.5
    assert ratio_row(a_build(400.0), a_build(230.0))["verdict"] == "FAIL"
    # planted: the serial build waited out a wedged kernel, which flatters the ratio
    flattered = ratio_row(a_build(640.0, wedged=1), a_build(230.0))
    assert flattered["value"] < 0.5
    assert flattered["verdict"] == "" and flattered["note"].startswith("NOT COMPARABLE: 1 wedged kernel")
    assert "chapters/05_x" in ratio_row(a_build(640.0, wedged=1, wedged_in=["chapters/05_x"]), a_build(230.0))["note"]


def test_the_serial_baseline_runs_under_the_kernel_watch():
    """BOOK_EXECUTE_WORKERS=1 is book_execute's pool (every notebook under .ci/kernel_watch.py); 0 would be
    myst-nb's own executor, which has no watch."""
    calls = []
    original = bench_build.build
    bench_build.build = lambda out, **env: calls.append(env) or a_build(1.0)
    original_times = bench_build.notebook_times
    bench_build.notebook_times = lambda cache: {}
    try:
        bench_build.measure(Path("/nonexistent"))
    finally:
        bench_build.build, bench_build.notebook_times = original, original_times
    assert calls[0] == {"BOOK_EXECUTE_WORKERS": "1"}
    assert calls[1] == {} and calls[2] == {}


def test_the_budgets_page_words_follow_the_budgets(monkeypatch):
    import budgets

    words = budgets.substitutions()
    assert words["budget_principles_cpu"] == f"{budgets.PART_CPU_BUDGETS['Principles']:.0f} seconds"
    assert bench_run.BUDGETS is budgets.BUDGETS          # the benchmark judges by the same table
    # planted: a changed budget changes the page's words
    monkeypatch.setitem(budgets.BUDGETS, "cold build parallel/serial", 0.4)
    monkeypatch.setitem(budgets.BUDGETS, "bash .ci/test (whole suite)", 1200.0)
    monkeypatch.setitem(budgets.PART_CPU_BUDGETS, "Applications", 45.0)
    changed = budgets.substitutions()
    assert (changed["budget_cold_ratio"], changed["budget_test_suite"], changed["budget_applications_cpu"]) \
        == ("0.4 times", "20 minutes", "45 seconds")


@pytest.mark.book
def test_the_running_times_page_states_the_budgets(built_book):
    """Every budget on the page is the benchmark's own, in the words budgets.substitutions() gives it."""
    import html
    import re

    import budgets

    page = (built_book.html / "chapters" / "running_times.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert "{{" not in text, "a substitution was left unresolved"
    source = (REPO / "chapters" / "running_times.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", source))
    words = budgets.substitutions()
    assert used and used <= set(words), used - set(words)
    missing = [name for name in used if words[name] not in text]
    assert not missing, missing
