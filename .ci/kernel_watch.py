"""Run a notebook again when its kernel stops answering.

Now and then a notebook's run stops: the cell never finishes, and the client waits out its whole timeout.
We met it twice in chapter 5 on a loaded machine, once in a book_execute worker and once in the Colab
stand-in test: the kernel sat at 0 % CPU for 9 and for 30 minutes, and a second client connected to it got
no answer to kernel_info either. It also happened on a quiet machine, and with ipykernel 6.31.0 as with
7.4.0 (ipython/ipykernel#1554 describes the like); py-spy then showed the kernel idle in its event loop with
nothing to run while nbclient waited in its own, so a message between them is lost. nbclient has no remedy,
so this module supplies one.

A kernel that is running a cell works, itself or through the processes it starts. So while a notebook
executes, a watch thread samples each kernel this process started: its state, its CPU time and its
children's. A kernel that has slept for ``limit`` seconds, using no more than the trickle an idle kernel
uses and with no child doing work, is wedged, and the watch kills it.
The client then raises DeadKernelError, and ``run_watched`` runs the notebook once more in a fresh kernel.
A second wedge, or any other error, is reported as it is: the retry is for a stuck transport, never for a
cell that fails.
"""
from __future__ import annotations

import os
import threading
import time
from typing import Callable, TypeVar

import psutil

from execution_ledger import record_kill

#: Seconds asleep before a kernel counts as wedged. The slowest cell of the book computes all the time;
#: the longest quiet spell is a pip install in a setup cell, and the pip process's work counts.
IDLE_LIMIT = float(os.environ.get("BOOK_KERNEL_IDLE_LIMIT", "240"))

T = TypeVar("T")

# Kernels killed by any watch of this process. Two notebooks may run at once in one process (the Colab
# test's threads), each under its own watch; every watch sees both kernels, so an attempt asks whether a
# kill happened while it ran and it failed, not which watch made the kill.
_lock = threading.Lock()
_killed: list[int] = []


def _descendants_cpu(proc: psutil.Process) -> float:
    """CPU time of a process's children: the reaped ones (in its own accounts) and the living ones."""
    total = sum(proc.cpu_times()[2:4])           # children_user, children_system
    for child in proc.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return total


def _is_kernel(proc: psutil.Process) -> bool:
    try:
        return any("ipykernel_launcher" in part for part in proc.cmdline())
    except psutil.Error:
        return False


class KernelWatch:
    """While active, kill any kernel child of this process that has been idle for ``limit`` seconds (asleep,
    under 2 % of a core, no child working); kills are recorded in the module's ``_killed``."""

    def __init__(self, limit: float = IDLE_LIMIT):
        if not limit > 0:
            raise ValueError(f"the idle limit must be a positive number of seconds, got {limit!r}")
        self.limit = limit
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kernel-watch", daemon=True)

    def __enter__(self) -> "KernelWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me, seen = psutil.Process(), {}          # pid -> (own CPU, children's CPU, when it last worked)
        interval = min(5.0, self.limit / 4)
        while not self._stop.wait(interval):
            now = time.monotonic()
            for proc in me.children():
                if not _is_kernel(proc):
                    continue
                try:
                    state = proc.status()
                    own, children = sum(proc.cpu_times()[:2]), _descendants_cpu(proc)
                except psutil.Error:
                    continue
                last_own, last_children, worked = seen.get(proc.pid, (own, children, now))
                # An idle kernel still ticks (its heartbeat and event loop: about 1 % of a core, measured on
                # a wedged one), so "no CPU at all" is not the test. Working means: runnable (under any
                # load a computing kernel waits as R, not S), or more than 2 % of a core, or a process
                # it started did work (a pip install in a setup cell).
                if (state not in (psutil.STATUS_SLEEPING, psutil.STATUS_STOPPED)
                        or own - last_own > 0.02 * interval or children > last_children):
                    worked = now
                seen[proc.pid] = (own, children, worked)
                if now - worked >= self.limit:
                    with _lock:
                        if proc.pid in _killed:
                            continue
                        _killed.append(proc.pid)
                    try:
                        proc.kill()
                    except psutil.Error:
                        pass
                    record_kill(proc.pid)     # the execution ledger does not count it (.ci/execution_ledger.py)


def run_watched(run: Callable[[], T], failed: Callable[[T], bool] = lambda result: False,
                limit: float = IDLE_LIMIT, log: Callable[[str], None] = print) -> tuple[T, int]:
    """``run()`` under a KernelWatch, and once more if a wedged kernel was killed while it ran and it failed.

    run: executes one notebook in a fresh kernel; it may raise, or return a result that ``failed`` judges
    (jupyter-cache returns its errors). Returns (the last attempt's result, how many attempts a wedge
    spoiled); the last attempt's exception, if any, propagates."""
    wedged = 0
    for attempt in (1, 2):
        before = len(_killed)
        with KernelWatch(limit):
            try:
                result, error = run(), None
            except Exception as exc:  # noqa: BLE001 - a wedge is retried below, anything else re-raised
                result, error = None, exc
        if len(_killed) == before or not (error is not None or failed(result)):
            break
        wedged += 1
        log(f"kernel_watch: a kernel slept for {limit:.0f} s with nothing working while a cell ran (a wedge, "
            f"ipython/ipykernel#1554); killed"
            + ("; the notebook runs once more in a fresh kernel" if attempt == 1 else ", a second time"))
    if error is not None:
        raise error
    return result, wedged
