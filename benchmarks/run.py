"""Measure the book's speed budgets in one run, print a table with PASS/FAIL, and write the same as JSON.

    python benchmarks/run.py            # everything, including a cold and a warm build of the book
    python benchmarks/run.py --quick    # under two minutes: no book build, fewer rounds

Figures that are ratios are measured side by side in the same loop (see lstmlib/timing.py) and reported as the
median over rounds, because these machines are shared and a lone timing says little. Budgets come from
the project's issue on benchmarks; a figure that fails its budget is a prompt to make the code faster,
never to loosen the budget.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the bench_* modules sit beside this script

import bench_build  # noqa: E402
import bench_cells  # noqa: E402
import bench_grader  # noqa: E402
import bench_streaming  # noqa: E402

# name -> (budget, comparison, unit)
BUDGETS = {
    "cold build": (300.0, "<=", "s"),
    "slowest chapter": (90.0, "<=", "s"),
    "LSTM numpy/torch float32": (2.0, "<=", "x"),
    "grader per submission": (0.5, "<=", "s"),
    "grader throughput": (500.0, ">=", "per min"),
}


def _row(name, value, unit, note=""):
    budget = BUDGETS.get(name)
    verdict = ""
    if budget is not None:
        verdict = "PASS" if (value <= budget[0] if budget[1] == "<=" else value >= budget[0]) else "FAIL"
    return {"name": name, "value": value, "unit": unit, "budget": None if budget is None else budget[0],
            "verdict": verdict, "note": note}


def run(quick: bool) -> dict:
    rows = []
    rounds = 3 if quick else 11

    if not quick:
        with tempfile.TemporaryDirectory() as out:
            build = bench_build.measure(Path(out))
        rows.append(_row("cold build", build["cold_build_s"], "s", "empty execution cache, 2 cores"))
        rows.append(_row("warm rebuild", build["warm_build_s"], "s", "nothing changed"))
        for chapter, seconds in build["chapter_s"].items():
            rows.append(_row(f"execute {chapter}", seconds, "s"))
        if build["chapter_s"]:
            rows.append(_row("slowest chapter", max(build["chapter_s"].values()), "s"))

    for kind in ("lstm", "gru"):
        for dtype in (np.float32, np.float64):
            bits = np.dtype(dtype).name
            t = bench_cells.measure(kind, dtype, rounds)
            label = kind.upper()
            rows.append(_row(f"{label} numpy/torch {bits}", t["numpy"] / t["torch"], "x",
                             f"fwd+bwd T=100 N=32 D=H=128: numpy {t['numpy'] * 1e3:.1f} ms, "
                             f"nn.{label} {t['torch'] * 1e3:.1f} ms"))
            rows.append(_row(f"{label} numpy/naive-torch-loop {bits}", t["numpy"] / t["naive_torch"], "x",
                             f"naive per-step torch loop {t['naive_torch'] * 1e3:.1f} ms"))

    histories = (64, 512, 4096) if quick else (64, 256, 1024, 4096)
    for r in bench_streaming.measure(histories, rounds=rounds * 4):
        S = r["history"]
        rows.append(_row(f"stream S={S}: attention(kv cache)/LSTM per step",
                         r["attention_kv_cache_s"] / r["lstm_s"], "x",
                         f"LSTM {r['lstm_s'] * 1e6:.0f} us, {r['lstm_macs']} MACs; attention "
                         f"{r['attention_kv_cache_s'] * 1e6:.0f} us, {r['attention_kv_cache_macs']} MACs"))
        rows.append(_row(f"stream S={S}: attention(recompute)/LSTM per step",
                         r["attention_recompute_s"] / r["lstm_s"], "x",
                         f"{r['attention_recompute_s'] * 1e6:.0f} us, {r['attention_recompute_macs']} MACs"))

    g = bench_grader.measure(one_at_a_time=4 if quick else 10, batch=20 if quick else 50)
    rows.append(_row("grader per submission", g["seconds_per_submission"], "s", f"{g['set']}, one at a time"))
    rows.append(_row("grader throughput", g["submissions_per_minute"], "per min",
                     f"{g['batch']} submissions on {g['cores']} cores in {g['batch_seconds']:.1f} s"))
    rows.append(_row("grader sandbox start-up", g["sandbox_startup_s"], "s",
                     f"{g['sandbox']}: one trivial run; {g['process_startup_s'] * 1e3:.0f} ms of it is the "
                     f"same run without bubblewrap"))

    return {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "quick": quick,
            "machine": {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                        "python": platform.python_version(), "numpy": np.__version__,
                        "torch": __import__("torch").__version__},
            "rows": rows}


def print_table(result: dict) -> None:
    print(f"# benchmarks {result['date']} on {result['machine']['cpus']} cores "
          f"({result['machine']['processor']}), quick={result['quick']}")
    width = max(len(r["name"]) for r in result["rows"])
    for r in result["rows"]:
        budget = "" if r["budget"] is None else f"<= {r['budget']:g}"
        print(f"{r['name']:<{width}}  {r['value']:>10.3f} {r['unit']:<7} {budget:>8} {r['verdict']:>4}  {r['note']}")
    failed = [r["name"] for r in result["rows"] if r["verdict"] == "FAIL"]
    met = sum(r["verdict"] == "PASS" for r in result["rows"])
    print(f"budgets met: {met}; budgets missed: {len(failed)} {failed if failed else ''}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="skip the book build; fewer rounds (< 2 minutes)")
    ap.add_argument("--json", default=str(HERE / "results" / "latest.json"), help="where to write the figures")
    args = ap.parse_args(argv)
    result = run(args.quick)
    print_table(result)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")
    return 1 if any(r["verdict"] == "FAIL" for r in result["rows"]) else 0


if __name__ == "__main__":
    sys.exit(main())
