"""Grader throughput: seconds per submission (one at a time) and submissions per minute (all cores), and
the sandbox's own start-up cost.

Throughput is measured through the ``lstm-grade`` command an instructor runs, so process start-up, reading
the exercise sources, computing the reference answers and one sandbox per submission are all included.
The start-up cost is the median of a trivial run (one cell, one value) in the sandbox and the same run
as a plain child process: the difference is what bubblewrap adds.

Wall-clock throughput depends on what else the machine is doing; the CPU time of a batch does much less.
It is counted with ``perf stat`` (when perf is installed and allowed), because only perf counts every
process the batch starts: the processes inside a sandbox's PID namespace are reaped by bubblewrap's own
init, so their time never reaches the grader's ``wait4``/``RUSAGE_CHILDREN``.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LSTM_GRADE = str(Path(sys.executable).with_name("lstm-grade"))


def _perf() -> str | None:
    perf = shutil.which("perf")
    if perf is None:
        return None
    try:
        done = subprocess.run([perf, "stat", "-x,", "-e", "task-clock", "true"], capture_output=True, text=True)
    except OSError:
        return None
    return perf if done.returncode == 0 and "task-clock" in done.stderr else None


def _grade(folder: Path, out: Path, jobs: int) -> tuple[float, float | None]:
    """(wall seconds, CPU seconds of every process it started or None without perf) of one batch."""
    cmd = [LSTM_GRADE, "grade", str(folder), "--out", str(out), "--jobs", str(jobs)]
    perf = _perf()
    if perf:
        cmd = [perf, "stat", "-x,", "-e", "task-clock", "--"] + cmd
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if not perf:
        return wall, None
    line = next(x for x in done.stderr.splitlines() if "task-clock" in x)
    return wall, float(line.split(",")[0]) / 1e3  # perf -x, reports task-clock in milliseconds


def startup(mode: str, rounds: int = 7) -> float:
    from lstmlib.grading import sandbox
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run = sandbox.run_submission(["x = 1"], [("q1", None, "x", [])], mode=mode)
        times.append(time.perf_counter() - start)
        assert run.questions["q1"].values, run
    return statistics.median(times)


def measure(set_id: str = "set01", one_at_a_time: int = 10, batch: int = 50, rounds: int = 3) -> dict:
    """Medians over ``rounds``: seconds per submission graded one at a time, submissions per minute for a
    folder of ``batch`` on every core, and the batch's CPU seconds per submission (None without perf)."""
    from lstmlib.grading import sandbox
    sandbox_mode = sandbox.sandbox_mode()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run([LSTM_GRADE, "solutions", str(tmp / "solved"), "--set", set_id],
                       check=True, capture_output=True, text=True)
        solved = next((tmp / "solved").glob(f"{set_id}*.ipynb"))
        serial, parallel = tmp / "serial", tmp / "parallel"
        for folder, n in ((serial, one_at_a_time), (parallel, batch)):
            folder.mkdir()
            for k in range(n):
                shutil.copy(solved, folder / f"student{k:03d}.ipynb")
        serial_s, parallel_s, cpu_s = [], [], []
        for _ in range(rounds):  # interleaved: both see the same load
            serial_s.append(_grade(serial, tmp / "out1", jobs=1)[0])
            wall, cpu = _grade(parallel, tmp / "out2", jobs=os.cpu_count() or 1)
            parallel_s.append(wall)
            cpu_s.append(cpu)
    parallel_med = statistics.median(parallel_s)
    cpu_med = None if None in cpu_s else statistics.median(cpu_s)
    return {"set": set_id, "rounds": rounds, "seconds_per_submission": statistics.median(serial_s) / one_at_a_time,
            "batch": batch, "batch_seconds": parallel_med, "submissions_per_minute": 60 * batch / parallel_med,
            "cpu_per_submission_s": None if cpu_med is None else cpu_med / batch,
            "cores": os.cpu_count(), "sandbox": sandbox_mode, "sandbox_startup_s": startup(sandbox_mode),
            "process_startup_s": startup("process")}
