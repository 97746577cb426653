"""Running a notebook from a test: nbclient in a worker thread, under the kernel watch.

nbclient drives its kernel from an asyncio loop. Run in the main thread, that loop would share the thread
with the session's Playwright (sync API), which keeps its own loop there; in a worker thread the two never
meet. ``execute_watched`` adds .ci/kernel_watch.py: a kernel wedged by ipykernel#1554 is killed and the
notebook run once more with a fresh client.
"""
from __future__ import annotations

import concurrent.futures
from typing import Callable

import kernel_watch  # .ci/kernel_watch.py (conftest puts .ci on sys.path)


def execute_apart(client) -> None:
    """``client.execute()`` in a thread of its own."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(client.execute).result()


def execute_watched(make_client: Callable[[], object], **watch) -> int:
    """``execute_apart(make_client())`` under the kernel watch, a fresh client for a second attempt;
    returns how many attempts a wedge spoiled. ``watch``: ``limit`` or ``log`` for run_watched."""
    return kernel_watch.run_watched(lambda: execute_apart(make_client()), **watch)[1]
