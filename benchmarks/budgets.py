"""The project's speed budgets, written in this one place: benchmarks/run.py judges its figures by them, and
the book's "Running times" page shows them (.ci/book_site.py turns them into MyST substitutions).

name -> budget: a number means "at most"; ("<", x) below; (">=", x) at least (a throughput); ("=", x)
exactly. Seconds are this machine's (2-core x86_64), quiet; ratios hold on any machine. The budgets come
from the project's issues on benchmarks and build speed; a figure that fails its budget is a prompt to make
the code faster, never to loosen the budget. Nothing here imports more than the standard library, so the
build can read it.
"""
from __future__ import annotations

BUDGETS = {
    "cold build parallel/serial": 0.5,   # the point of executing on all cores (2 here)
    "cold build (parallel)": 300.0,
    "warm rebuild": ("<", 5.0),
    "notebooks executed by the warm rebuild": 0,
    "bash .ci/test (whole suite)": 900.0,
    "LSTM numpy/torch float32": 2.0,
    "grader per submission": 0.5,
    "grader throughput": (">=", 500.0),
    # CPU seconds per submission in that batch (its fixed start-up shared out): 2 cores x 60 s / 500, the most
    # that still allows 500 a minute on 2 cores; it hardly depends on the machine's load, the throughput does
    "grader CPU per submission": 2 * 60 / 500,
}
#: CPU seconds per notebook, by the part of the table of contents it is in (issue 19).
PART_CPU_BUDGETS = {"Principles": 30.0, "Applications": 60.0}
#: The sizes of the cell micro-benchmark (benchmarks/bench_cells.py): steps, batch, inputs, hidden units.
CELL_SHAPE = {"T": 100, "N": 32, "D": 128, "H": 128}


def limit(name: str) -> float:
    """A budget's number, whatever its comparison."""
    budget = BUDGETS[name]
    return budget[1] if isinstance(budget, tuple) else budget


def _number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def _duration(seconds: float) -> str:
    """Seconds in words: "5 seconds", "60 seconds", "5 minutes" (two or more whole minutes), "half a second"."""
    if seconds == 0.5:
        return "half a second"
    if seconds >= 120 and seconds % 60 == 0:
        return f"{_number(seconds / 60)} minutes"
    return f"{_number(seconds)} seconds"


def substitutions() -> dict[str, str]:
    """The budgets as words, by MyST substitution name (``{{ budget_... }}`` in a page)."""
    ratio = limit("cold build parallel/serial")
    return {
        "budget_cold_ratio": "half" if ratio == 0.5 else f"{_number(ratio)} times",
        "budget_cold": _duration(limit("cold build (parallel)")),
        "budget_warm": _duration(limit("warm rebuild")),
        "budget_principles_cpu": _duration(PART_CPU_BUDGETS["Principles"]),
        "budget_applications_cpu": _duration(PART_CPU_BUDGETS["Applications"]),
        "budget_test_suite": _duration(limit("bash .ci/test (whole suite)")),
        "budget_lstm_ratio": _number(limit("LSTM numpy/torch float32")),
        "budget_cell_shape": (f"sequence length {CELL_SHAPE['T']}, batch {CELL_SHAPE['N']}, "
                              f"{CELL_SHAPE['D']} inputs and {CELL_SHAPE['H']} hidden units"),
        "budget_grader": _duration(limit("grader per submission")),
        "budget_grader_rate": _number(limit("grader throughput")),
    }
