"""The kernel watch (.ci/kernel_watch.py): a wedged kernel is killed and its notebook run once more; a
busy kernel, a failing cell and a second wedge are left as they are. A wedge is planted by a cell that
stops its own kernel (SIGSTOP): the kernel then uses no CPU, as a kernel wedged by ipykernel#1554 does."""
from __future__ import annotations

import concurrent.futures
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

from conftest import REPO
from kernels import execute_apart

sys.path.insert(0, str(REPO / ".ci"))
import kernel_watch  # noqa: E402

LIMIT = 4.0     # seconds idle; the book uses kernel_watch.IDLE_LIMIT


def runner(tmp_path, *sources):
    """A run() for run_watched: a fresh kernel executes the cells; each attempt is counted in a file."""
    count = tmp_path / "attempts"
    cells = [f"with open({str(count)!r}, 'a') as f:\n    f.write('x')", *sources]

    def run():
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in cells])
        execute_apart(NotebookClient(nb, timeout=120, kernel_name="python3"))
        return nb

    return run, lambda: len(count.read_text()) if count.exists() else 0


def stop_self(flag=None):
    """Cell source: the kernel stops itself (always, or only while ``flag`` does not exist yet)."""
    guard = f"if not os.path.exists({str(flag)!r}):\n    open({str(flag)!r}, 'w').close()\n    " if flag else ""
    return f"import os, signal\n{guard}os.kill(os.getpid(), signal.SIGSTOP)"


def test_a_wedged_kernel_is_replaced_and_the_notebook_runs_again(tmp_path):
    run, attempts = runner(tmp_path, stop_self(tmp_path / "once"), "print('done')")
    lines = []
    nb, wedged = kernel_watch.run_watched(run, limit=LIMIT, log=lines.append)
    assert wedged == 1 and attempts() == 2
    assert nb.cells[-1].outputs[0]["text"] == "done\n"
    assert "ipykernel#1554" in lines[0] and "runs once more" in lines[0]


def test_a_second_wedge_is_reported_not_retried_again(tmp_path):
    run, attempts = runner(tmp_path, stop_self())
    lines = []
    with pytest.raises(DeadKernelError):
        kernel_watch.run_watched(run, limit=LIMIT, log=lines.append)
    assert attempts() == 2 and len(lines) == 2 and "a second time" in lines[1]


def test_a_busy_kernel_is_left_alone(tmp_path):
    busy = "import time\nt = time.process_time()\nwhile time.process_time() - t < 3 * %r:\n    pass" % LIMIT
    run, attempts = runner(tmp_path, busy)
    nb, wedged = kernel_watch.run_watched(run, limit=LIMIT)
    assert wedged == 0 and attempts() == 1


def test_a_failing_cell_is_not_run_again(tmp_path):
    run, attempts = runner(tmp_path, "raise ValueError('a real error')")
    with pytest.raises(CellExecutionError, match="a real error"):
        kernel_watch.run_watched(run, limit=LIMIT)
    assert attempts() == 1


def test_the_limit_must_be_positive():
    with pytest.raises(ValueError, match="positive number of seconds, got 0"):
        kernel_watch.KernelWatch(0)


def test_two_notebooks_at_once_only_the_wedged_one_runs_again(tmp_path):
    # As in the Colab test: two threads, two kernels, two watches that each see both kernels.
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    run_a, attempts_a = runner(tmp_path / "a", stop_self(tmp_path / "a" / "once"), "print('a')")
    busy = "import time\nt = time.process_time()\nwhile time.process_time() - t < 2 * %r:\n    pass" % LIMIT
    run_b, attempts_b = runner(tmp_path / "b", busy, "print('b')")
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        a = pool.submit(kernel_watch.run_watched, run_a, limit=LIMIT, log=lambda text: None)
        b = pool.submit(kernel_watch.run_watched, run_b, limit=LIMIT, log=lambda text: None)
        (_, wedged_a), (_, wedged_b) = a.result(), b.result()
    assert (wedged_a, attempts_a()) == (1, 2)
    assert (wedged_b, attempts_b()) == (0, 1)


def test_a_kernel_that_only_ticks_counts_as_wedged(tmp_path):
    # A wedged kernel is asleep but not silent: its heartbeat and event loop tick now and then. Planted:
    # a cell that sleeps and wakes a little, once; the watch must still see it as idle.
    flag = tmp_path / "once"
    ticking = (f"import os, time\nif not os.path.exists({str(flag)!r}):\n    open({str(flag)!r}, 'w').close()\n"
               "    while True:\n        time.sleep(0.2)\n        sum(range(2000))")
    run, attempts = runner(tmp_path, ticking, "print('done')")
    nb, wedged = kernel_watch.run_watched(run, limit=LIMIT, log=lambda text: None)
    assert wedged == 1 and attempts() == 2
