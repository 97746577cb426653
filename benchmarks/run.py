"""Measure the book's speed budgets in one run, print a table with PASS/FAIL, and write the same as JSON.

    python benchmarks/run.py                # everything: a serial and a parallel cold build side by side,
                                            # a warm rebuild, every notebook's CPU time by TOC part
    python benchmarks/run.py --test-suite   # ... and the test command's two jobs (.ci/test, .ci/clients)
    python benchmarks/run.py --quick        # under two minutes: no book build, fewer rounds

The load average is printed at the start and the end (and around each build): a run on a loaded machine is
marked LOADED, and its seconds say little; its ratios still compare like with like. Without --test-suite
the two jobs' figures are the ones their last runs recorded in _build/ci_test.json and ci_clients.json.

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
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the bench_* modules sit beside this script

import bench_build  # noqa: E402
from budgets import BUDGETS, PART_CPU_BUDGETS  # noqa: E402  (the one place budgets are written)
import bench_cells  # noqa: E402
import bench_grader  # noqa: E402
import bench_streaming  # noqa: E402

def _row(name, value, unit, note="", budget=None):
    budget = BUDGETS.get(name) if budget is None else budget
    # a number: at most; ("<", x): below; (">=", x): at least (a throughput); ("=", x): exactly
    op = budget[0] if isinstance(budget, tuple) else "<="
    limit = budget[1] if isinstance(budget, tuple) else budget
    verdict = ""
    if limit is not None and value is not None:
        met = {"<": value < limit, "<=": value <= limit, ">=": value >= limit, "=": value == limit}[op]
        verdict = "PASS" if met else "FAIL"
    return {"name": name, "value": value, "unit": unit, "budget": limit, "op": op,
            "verdict": verdict, "note": note}


def load_note(before: float, after: float) -> str:
    return f"load {before:.2f} -> {after:.2f}"


def build_rows(build: dict) -> list[dict]:
    rows = []
    par, warm = build["parallel"], build["warm"]
    if "serial" in build:
        ser = build["serial"]
        rows.append(_row("cold build (serial)", ser["seconds"], "s",
                         f"one notebook after another (one worker); {load_note(ser['load_before'], ser['load_after'])}"))
        wedged = ser.get("wedged", 0) + par.get("wedged", 0)
        # A kernel replaced after a wedge waited IDLE_LIMIT seconds first: that build's time is not the
        # build's, so the ratio is printed but judged by nobody (no PASS or FAIL).
        rows.append(_row("cold build parallel/serial", par["seconds"] / ser["seconds"], "x",
                         f"NOT COMPARABLE: {wedged} wedged kernel(s) replaced (serial {ser.get('wedged', 0)}, "
                         f"parallel {par.get('wedged', 0)}: "
                         f"{', '.join(ser.get('wedged_in', []) + par.get('wedged_in', [])) or 'which notebook unknown'}); "
                         "run again" if wedged else
                         "side by side in this run; the quiet-machine figure is the one the budget means",
                         budget=(None, None) if wedged else None))
    rows.append(_row("cold build (parallel)", par["seconds"], "s",
                     f"{par['workers']} workers; executing took {par['execute_step_s']:.0f} s of it; "
                     f"{load_note(par['load_before'], par['load_after'])}"))
    for name, b in (("serial", build.get("serial")), ("parallel", par), ("warm", warm)):
        if b is not None:
            rows.append(_row(f"{name} build passed -W -n", int(b["ok"]), "", "; ".join(b["warnings"]) or "no warnings",
                             budget=("=", 1)))
    rows.append(_row("warm rebuild", warm["seconds"], "s",
                     f"nothing changed; CPU {warm['cpu_seconds']:.1f} s; {load_note(warm['load_before'], warm['load_after'])}"))
    rows.append(_row("notebooks executed by the warm rebuild", warm["executed"], "",
                     "the cache checks each notebook's cells and the lstmlib files it imported"))
    for doc, t in build["notebooks"].items():
        part = t["part"] or "(root)"
        rows.append(_row(f"CPU {doc}", t["cpu_seconds"], "s", f"{part}; wall {t['seconds']:.1f} s in the parallel build",
                         budget=PART_CPU_BUDGETS.get(t["part"])))
    return rows


def job_row(job: str, run_it: bool) -> dict | None:
    """A whole CI job, ``bash .ci/test`` or ``bash .ci/clients``: run now, or the last run's record in _build/."""
    record_path = HERE.parent / "_build" / f"ci_{job}.json"
    if run_it:
        subprocess.run(["bash", str(HERE.parent / ".ci" / job)], cwd=HERE.parent, check=False)
    if not record_path.is_file():
        return None
    r = json.loads(record_path.read_text())
    how = "this run" if run_it else f"the last run, {r['date']} at {r['commit']}"
    name = {"test": "bash .ci/test (whole suite)", "clients": "bash .ci/clients (second job)"}[job]
    return _row(name, r["seconds"], "s",
                f"{how}; exit status {r['exit_status']}; load {r['load_start']} -> {r['load_end']} on {r['cpus']} cores")


def run(quick: bool, test_suite: bool = False, serial: bool = True) -> dict:
    load_start = os.getloadavg()
    rows = []
    rounds = 3 if quick else 11

    if not quick:
        with tempfile.TemporaryDirectory() as out:
            rows += build_rows(bench_build.measure(Path(out), serial=serial))
        for job in ("test", "clients"):         # --test-suite runs both, the test command's two jobs
            row = job_row(job, test_suite)
            if row is not None:
                rows.append(row)

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

    g = bench_grader.measure(one_at_a_time=4 if quick else 10, batch=20 if quick else 50, rounds=1 if quick else 3)
    rows.append(_row("grader per submission", g["seconds_per_submission"], "s",
                     f"{g['set']}, one at a time; median of {g['rounds']}"))
    rows.append(_row("grader throughput", g["submissions_per_minute"], "per min",
                     f"{g['batch']} submissions on {g['cores']} cores in {g['batch_seconds']:.1f} s; "
                     f"median of {g['rounds']}"))
    rows.append(_row("grader CPU per submission", g["cpu_per_submission_s"], "s",
                     "user+sys of every process in that batch (perf stat) / submissions" if
                     g["cpu_per_submission_s"] is not None else "n/a: needs perf (bash .ci/setup --bench installs linux-perf)"))
    rows.append(_row("grader sandbox start-up", g["sandbox_startup_s"], "s",
                     f"{g['sandbox']}: one trivial run; {g['process_startup_s'] * 1e3:.0f} ms of it is the "
                     f"same run without bubblewrap"))

    load_end = os.getloadavg()
    cpus = os.cpu_count() or 1
    return {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "quick": quick,
            "load_start": load_start, "load_end": load_end,
            # loaded: more than half a core's worth of other work when we started (1-minute average)
            "loaded": load_start[0] > cpus / 2,
            "machine": {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                        "python": platform.python_version(), "numpy": np.__version__,
                        "torch": __import__("torch").__version__},
            "rows": rows}


def print_table(result: dict) -> None:
    print(f"# benchmarks {result['date']} on {result['machine']['cpus']} cores "
          f"({result['machine']['processor']}), quick={result['quick']}")
    print("# load average (1, 5, 15 min) at the start: " + ", ".join(f"{x:.2f}" for x in result["load_start"])
          + "; at the end: " + ", ".join(f"{x:.2f}" for x in result["load_end"])
          + ("  -> LOADED machine: seconds are inflated, ratios less so" if result["loaded"] else "  -> quiet"))
    width = max(len(r["name"]) for r in result["rows"])
    for r in result["rows"]:
        budget = "" if r["budget"] is None else f"{r['op']} {r['budget']:g}"
        value = "n/a" if r["value"] is None else f"{r['value']:.3f}"
        print(f"{r['name']:<{width}}  {value:>10} {r['unit']:<7} {budget:>8} {r['verdict']:>4}  {r['note']}")
    failed = [r["name"] for r in result["rows"] if r["verdict"] == "FAIL"]
    met = sum(r["verdict"] == "PASS" for r in result["rows"])
    print(f"budgets met: {met}; budgets missed: {len(failed)} {failed if failed else ''}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="skip the book build; fewer rounds (< 2 minutes)")
    ap.add_argument("--test-suite", action="store_true",
                    help="also run bash .ci/test and bash .ci/clients and time them (else their last records)")
    ap.add_argument("--no-serial", action="store_true", help="skip the serial cold build (no ratio)")
    ap.add_argument("--json", default=str(HERE / "results" / "latest.json"), help="where to write the figures")
    args = ap.parse_args(argv)
    result = run(args.quick, test_suite=args.test_suite, serial=not args.no_serial)
    print_table(result)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")
    return 1 if any(r["verdict"] == "FAIL" for r in result["rows"]) else 0


if __name__ == "__main__":
    sys.exit(main())
