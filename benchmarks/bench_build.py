"""The book's build budget: a cold build (empty execution cache), a warm rebuild, and every chapter's
execution time as jupyter-cache recorded it during the cold build."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))


def _build(out: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run([JUPYTER_BOOK, "build", "-W", "-n", "--keep-going", "--path-output", str(out), str(REPO)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("the book did not build:\n" + (proc.stdout + proc.stderr)[-4000:])
    return time.perf_counter() - start


def chapter_seconds(cache_dir: Path) -> dict[str, float]:
    """Execution seconds per notebook (path relative to the repo) from a jupyter-cache folder."""
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    times = {}
    for record in cache.list_cache_records():
        seconds = record.data.get("execution_seconds")
        if seconds is not None:
            uri = Path(record.uri)
            times[str(uri.relative_to(REPO)) if uri.is_relative_to(REPO) else uri.name] = seconds
    return dict(sorted(times.items()))


def measure(out: Path) -> dict:
    """Cold build into ``out`` (must be empty), then a warm rebuild of the same output."""
    cold = _build(out)
    warm = _build(out)
    return {"cold_build_s": cold, "warm_build_s": warm,
            "chapter_s": chapter_seconds(out / "_build" / ".jupyter_cache")}
