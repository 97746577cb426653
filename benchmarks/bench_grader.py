"""Grader throughput: seconds per submission (one at a time) and submissions per minute (all cores), and
the sandbox's own start-up cost.

Throughput is measured through the ``lstm-grade`` command an instructor runs, so process start-up, reading
the exercise sources, computing the reference answers and one sandbox per submission are all included.
The start-up cost is the median of a trivial run (one cell, one value) in the sandbox and the same run
as a plain child process: the difference is what bubblewrap adds.
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


def _grade(folder: Path, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run([LSTM_GRADE, "grade", str(folder), "--out", str(out), "--jobs", str(jobs)],
                   check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def startup(mode: str, rounds: int = 7) -> float:
    from lstmlib.grading import sandbox
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run = sandbox.run_submission(["x = 1"], [("q1", None, "x", [])], mode=mode)
        times.append(time.perf_counter() - start)
        assert run.questions["q1"].values, run
    return statistics.median(times)


def measure(set_id: str = "set01", one_at_a_time: int = 10, batch: int = 50) -> dict:
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
        serial_s = _grade(serial, tmp / "out1", jobs=1)
        parallel_s = _grade(parallel, tmp / "out2", jobs=os.cpu_count() or 1)
    return {"set": set_id, "seconds_per_submission": serial_s / one_at_a_time,
            "batch": batch, "batch_seconds": parallel_s, "submissions_per_minute": 60 * batch / parallel_s,
            "cores": os.cpu_count(), "sandbox": sandbox_mode, "sandbox_startup_s": startup(sandbox_mode),
            "process_startup_s": startup("process")}
