"""Run one submission's code in a sandboxed child interpreter and bring back the values its answers gave.

The grader never runs student code in its own process. Per attempt: an empty temporary folder as cwd, a
fresh ``python -I -B`` (isolated: no user site, no PYTHON* variables, no script folder on sys.path) running
_child.py, in its own process group (killed whole on timeout), with a minimal environment. The child
gets only code cells and case INPUTS; results come back on a dedicated pipe, framed with a random nonce,
encoded by codec.py. If the child dies (os._exit, a crash, the wall-clock limit), the item it was running
(a cell or a question) is recorded with the reason and the run is restarted without it, so the other
questions are still graded.
"""
from __future__ import annotations

import dataclasses
import json
import os
import secrets
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from . import codec
from .spec import Case

CHILD = Path(__file__).with_name("_child.py")
MAX_ATTEMPTS = 3


@dataclasses.dataclass(frozen=True)
class Limits:
    timeout_s: float = 10.0     # wall clock per child run, enforced by the parent (SIGKILL to the group)
    memory_mb: int = 1024       # RLIMIT_AS
    fsize_mb: int = 8           # RLIMIT_FSIZE: largest file, stdout included
    max_files: int = 16         # files the child may open for writing
    max_result_mb: int = 64     # bytes read back from the result pipe

    @property
    def item_s(self) -> float:
        """Soft limit per cell or case (SIGALRM in the child); the wall clock is the hard one."""
        return max(0.5, self.timeout_s / 4)


@dataclasses.dataclass
class QuestionRun:
    missing: bool = False                                   # the function/variable was never defined
    values: dict[int, Any] = dataclasses.field(default_factory=dict)    # case index -> decoded value
    errors: dict[int, str] = dataclasses.field(default_factory=dict)    # case index -> what went wrong
    briefs: dict[int, str] = dataclasses.field(default_factory=dict)    # the same without the message
    error: str | None = None                                # the child died while running this question


@dataclasses.dataclass
class RunResult:
    cell_errors: dict[int, str]
    questions: dict[str, QuestionRun]
    attempts: int
    seconds: float


def python_read_roots() -> list[str]:
    """Folders the child may read: the interpreter, its standard library, site-packages, this package."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, *site.getsitepackages(),
             str(Path(__file__).resolve().parents[1])}
    return sorted(r for r in roots if r and os.path.realpath(r) != os.sep)


def _child_env(workdir: str) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": workdir, "TMPDIR": workdir, "MPLCONFIGDIR": workdir,
           "MPLBACKEND": "Agg", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.update({k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")})
    return env


def _describe_end(returncode: int | None, timed_out: bool, flooded: bool, limits: Limits) -> str:
    if flooded:
        return f"sent back more than {limits.max_result_mb} MB of results (output limit)"
    if timed_out:
        return f"still running after {limits.timeout_s:g} s: stopped (time limit; an endless loop or sleep?)"
    if returncode is not None and returncode < 0:
        sig = signal.Signals(-returncode).name if -returncode in signal.Signals._value2member_map_ else -returncode
        why = {"SIGXCPU": "CPU time limit", "SIGKILL": "killed, most likely the memory limit",
               "SIGSEGV": "crashed (deep recursion?)", "SIGXFSZ": "file size limit"}.get(sig, "stopped")
        return f"the Python process ended with {sig}: {why}"
    return f"the Python process ended early with exit code {returncode} (os._exit or a crash)"


def _attempt(job: dict, limits: Limits) -> tuple[list[dict], str | None]:
    """One child run. Returns (frames, None) when it finished, else (frames so far, why it stopped)."""
    nonce = secrets.token_hex(16)
    workdir = tempfile.mkdtemp(prefix="lstm-grade-")
    chunks, size, flooded = [], 0, threading.Event()
    read_fd, write_fd = os.pipe()
    proc = None
    try:
        Path(workdir, "job.json").write_text(json.dumps({**job, "nonce": nonce}), encoding="utf-8")
        with open(Path(workdir, "output.txt"), "wb") as out:
            proc = subprocess.Popen([sys.executable, "-I", "-B", str(CHILD), str(write_fd)], cwd=workdir,
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=out, pass_fds=(write_fd,),
                                    env=_child_env(workdir), start_new_session=True)
        os.close(write_fd)
        write_fd = None

        def read():
            nonlocal size
            while chunk := os.read(read_fd, 1 << 16):
                size += len(chunk)
                if size > limits.max_result_mb << 20:
                    flooded.set()
                    _kill(proc)
                    return
                chunks.append(chunk)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        timed_out = False
        try:
            proc.wait(timeout=limits.timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
        _kill(proc)  # also anything it left behind in its process group
        proc.wait()
        reader.join(timeout=5)
    finally:
        if write_fd is not None:
            os.close(write_fd)
        os.close(read_fd)
        shutil.rmtree(workdir, ignore_errors=True)
    frames, prefix = [], nonce.encode() + b" "
    for line in b"".join(chunks).split(b"\n"):
        if line.startswith(prefix):  # anything else (a forged or broken line) is ignored
            try:
                frames.append(json.loads(line[len(prefix):]))
            except (ValueError, RecursionError):
                pass
    if frames and frames[-1].get("t") == "done" and not flooded.is_set():
        return frames, None
    return frames, _describe_end(proc.returncode, timed_out, flooded.is_set(), limits)


def _kill(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_submission(cells: list[str], questions: list[tuple[str, str | None, str | None, list[Case]]],
                   limits: Limits = Limits(), deny_roots: list[str] = (), names: list[str] | None = None) -> RunResult:
    """Run ``cells`` then call each question's function on its cases, in a sandboxed child.

    ``questions``: (question id, function name or None, variable name or None, cases); ``names``: how
    tracebacks name each cell (default "cell 1", "cell 2", ...)."""
    start = time.perf_counter()
    runs = {qid: QuestionRun() for qid, *_ in questions}
    finished: set[str] = set()
    cell_errors: dict[int, str] = {}
    skip_cells: set[int] = set()
    attempt = 0
    while attempt < MAX_ATTEMPTS:
        pending = [q for q in questions if q[0] not in finished]
        if not pending:
            break
        attempt += 1
        job = {"cells": cells, "names": names or [f"cell {k + 1}" for k in range(len(cells))],
               "skip_cells": sorted(skip_cells),
               "questions": [{"id": qid, "function": fn, "variable": var,
                              "cases": [{"args": codec.encode(tuple(c.args)), "kwargs": codec.encode(dict(c.kwargs))}
                                        for c in cases]} for qid, fn, var, cases in pending],
               "limits": {"memory_mb": limits.memory_mb, "cpu_s": int(limits.timeout_s) + 1,
                          "fsize_mb": limits.fsize_mb, "max_files": limits.max_files, "item_s": limits.item_s},
               "read_roots": python_read_roots(), "deny_roots": [str(p) for p in deny_roots]}
        frames, stopped = _attempt(job, limits)
        current = None
        for f in frames:
            try:
                current = _apply(f, runs, finished, cell_errors, current)
            except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
                continue  # a malformed frame carries nothing
        if stopped is None:
            break
        if current is None:  # died before running anything: nothing to skip, so stop here
            for qid, *_ in pending:
                runs[qid].error = stopped
            finished.update(q[0] for q in pending)
            break
        if current.startswith("cell "):
            k = int(current.split()[1])
            cell_errors[k] = f"{stopped}; the cells after it still ran"
            skip_cells.add(k)
        else:
            runs[current].error = stopped
            finished.add(current)
    for qid, *_ in questions:
        if qid not in finished and runs[qid].error is None:
            runs[qid].error = f"not graded: the notebook stopped the grader {MAX_ATTEMPTS} times"
    return RunResult(cell_errors, runs, attempt, time.perf_counter() - start)


def _apply(f: dict, runs: dict[str, QuestionRun], finished: set[str], cell_errors: dict[int, str],
           current: str | None) -> str | None:
    """Fold one frame into the results; return the item now running (None when between items)."""
    t = f["t"]
    if t == "begin":
        return str(f["item"])
    if t == "cell":
        if f.get("error"):
            cell_errors[int(f["k"])] = str(f["error"])[:500]
        return None
    if t == "missing":
        runs[f["q"]].missing = True
    elif t == "case":
        k = int(f["k"])
        if "error" in f:
            runs[f["q"]].errors[k] = str(f["error"])[:500]
            runs[f["q"]].briefs[k] = str(f.get("brief", "raised an exception"))[:200]
        else:
            runs[f["q"]].values[k] = codec.decode(f["value"])
    elif t == "end":
        finished.add(str(f["item"]))
        return None
    return current
