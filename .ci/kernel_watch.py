"""Run a notebook again when its kernel stops answering.

ipykernel 7 can leave a kernel idle with a request it never reads (ipython/ipykernel#1554): the cell never
finishes, and the client waits out its whole timeout. We met it twice in chapter 5 on a loaded machine, once
in a book_execute worker and once in the Colab stand-in test: the kernel sat at 0 % CPU for 9 and for 30
minutes, and a second client connected to it got no answer to kernel_info either. nbclient has no remedy, so
this module supplies one.

A kernel that is running a cell uses CPU, itself or through the processes it starts. So while a notebook
executes, a watch thread reads the CPU time of each kernel this process started (with its children, alive
or reaped); a kernel whose CPU time has not moved for ``limit`` seconds is wedged, and the watch kills it.
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

#: Seconds without any CPU time before a kernel counts as wedged. The slowest cell of the book computes
#: all the time; the longest quiet spell is a pip install in a setup cell, whose CPU is counted too.
IDLE_LIMIT = float(os.environ.get("BOOK_KERNEL_IDLE_LIMIT", "240"))

T = TypeVar("T")

# Kernels killed by any watch of this process. Two notebooks may run at once in one process (the Colab
# test's threads), each under its own watch; every watch sees both kernels, so an attempt asks whether a
# kill happened while it ran and it failed, not which watch made the kill.
_lock = threading.Lock()
_killed: list[int] = []


def _cpu_seconds(proc: psutil.Process) -> float:
    """CPU time of a process, its reaped children and its living descendants."""
    total = sum(proc.cpu_times()[:4])            # user, system, children_user, children_system
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
    """While active, kill any kernel child of this process whose CPU time stands still for ``limit`` s."""

    def __init__(self, limit: float = IDLE_LIMIT):
        if not limit > 0:
            raise ValueError(f"the idle limit must be a positive number of seconds, got {limit!r}")
        self.limit = limit
        self.killed: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kernel-watch", daemon=True)

    def __enter__(self) -> "KernelWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me, seen = psutil.Process(), {}          # pid -> (cpu seconds, when it last moved)
        while not self._stop.wait(min(5.0, self.limit / 4)):
            now = time.monotonic()
            for proc in me.children():
                if not _is_kernel(proc):
                    continue
                try:
                    cpu = _cpu_seconds(proc)
                except psutil.Error:
                    continue
                last_cpu, moved = seen.get(proc.pid, (None, now))
                if cpu != last_cpu:
                    moved = now
                seen[proc.pid] = (cpu, moved)
                if now - moved >= self.limit:
                    with _lock:
                        if proc.pid in _killed:
                            continue
                        _killed.append(proc.pid)
                    self.killed.append(proc.pid)
                    try:
                        proc.kill()
                    except psutil.Error:
                        pass


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
        log(f"kernel_watch: a kernel used no CPU for {limit:.0f} s while a cell ran (ipykernel wedge, "
            f"ipython/ipykernel#1554); killed"
            + ("; the notebook runs once more in a fresh kernel" if attempt == 1 else ", a second time"))
    if error is not None:
        raise error
    return result, wedged
