"""The book's build budgets: a serial and a parallel cold build side by side, a warm rebuild, and every
notebook's execution time and CPU time, classified by the part of the table of contents it sits in.

* serial cold build: ``BOOK_EXECUTE_WORKERS=1``, the same pipeline on one worker process: the notebooks
  executed one after another (each kernel may use every core for BLAS), then the pages read from the
  cache. Only the number of notebooks running at once differs from the parallel build, so the ratio is
  what running them side by side buys. (``BOOK_EXECUTE_WORKERS=0``, myst-nb executing as Sphinx reads,
  is how the book was built before; it is not the baseline because it has no kernel watch: on
  2026-12-02 a kernel wedged there within three minutes on a quiet machine, ipython/ipykernel#1554, and
  a baseline with a stuck kernel in it would make the ratio look better than it is.)
* parallel cold build: the default, every notebook executed on all cores first, then the pages read from
  the cache;
* warm rebuild of the parallel build's output, nothing changed: .ci/book_execute.py still checks every
  notebook's cache record and the hash of the library it imported, so a changed ``lstmlib`` would show
  here as executed notebooks (the benchmark reports how many ran; the answer must be none).

Both cold builds start from an empty output folder, one right after the other, with the load average
printed before and after each, so that a loaded machine is visible as one and the ratio still compares
like with like.
"""
from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / ".ci"))
import book_execute  # noqa: E402
from jupyter_book_cli import command as jupyter_book  # noqa: E402


def load() -> float:
    """The 1-minute load average (how many processes wanted a core, on average, over the last minute)."""
    return os.getloadavg()[0]


def build(out: Path, **env) -> dict:
    """A ``jupyter-book build -W -n`` of the book into ``out``: seconds, CPU seconds, load before and after,
    what ran. The CPU seconds are the build's and its kernels' (user + system), which a loaded machine
    inflates far less than the wall time."""
    before = load()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(jupyter_book("build", "-W", "-n", "--keep-going", "--path-output", out, REPO),
                          capture_output=True, text=True, env={**os.environ, **env})
    seconds = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    log = proc.stdout + proc.stderr
    # A build that fails -W (a warning in a chapter) is still timed: the figures are reported, and the failure
    # is a row of its own, with the warnings that caused it.
    warnings = [line for line in log.splitlines() if "WARNING:" in line]
    step = re.search(r"book_execute: (\d+) notebooks on (\d+) workers .* in ([\d.]+) s", log)
    return {"seconds": seconds, "cpu_seconds": cpu, "load_before": before, "load_after": load(), "ok": proc.returncode == 0,
            "warnings": [re.sub(r"\x1b\[[0-9;]*m", "", w)[-300:] for w in warnings[:5]],
            "executed": len(re.findall(r"book_execute: executed \S+ in", log))
            + len(re.findall(r"Executing notebook using", log)),
            "execute_step_s": float(step.group(3)) if step else None,
            # a wedged kernel waits IDLE_LIMIT seconds before it is replaced: such a build's seconds are not
            # comparable, and the report says so (run.py marks the ratio)
            "wedged": sum(n for _, n in wedges(log)),
            "wedged_in": [doc for doc, _ in wedges(log)],
            "workers": int(step.group(2)) if step else None}


def wedges(log: str) -> list[tuple[str, int]]:
    """(notebook, times its kernel was replaced) for each notebook .ci/book_execute.py logged a wedge for."""
    note = re.escape(book_execute.WEDGE_NOTE).replace(re.escape("{n}"), r"(\d+)")
    return [(doc, int(n)) for doc, n in re.findall(r"book_execute: executed (\S+) in [^\n]*" + note, log)]


def toc_parts(root: Path = REPO) -> dict[str, str]:
    """docname -> caption of the table-of-contents part it belongs to ("" for the root page)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    parts = {re.sub(r"\.(md|ipynb)$", "", toc["root"]): ""}

    def walk(entries, caption):
        for entry in entries or []:
            if "file" in entry:
                parts[re.sub(r"\.(md|ipynb)$", "", entry["file"])] = caption
            walk(entry.get("sections"), caption)

    for part in toc.get("parts", []):
        walk(part.get("chapters"), part.get("caption", ""))
    walk(toc.get("chapters"), "")
    return parts


def notebook_times(cache_dir: Path) -> dict[str, dict]:
    """docname -> {"seconds": wall, "cpu_seconds": kernel CPU or None, "part": TOC caption}, from a cache."""
    from jupyter_cache import get_cache

    parts = toc_parts()
    times = {}
    for record in sorted(get_cache(str(cache_dir)).list_cache_records(), key=lambda r: r.created):
        uri = Path(record.uri)
        doc = (uri.relative_to(REPO) if uri.is_relative_to(REPO) else Path(uri.name)).with_suffix("").as_posix()
        data = record.data or {}
        times[doc] = {"seconds": data.get("execution_seconds"),
                      "cpu_seconds": data.get(book_execute.RECORD_KEY, {}).get("cpu_seconds"),
                      "part": parts.get(doc, "")}
    return dict(sorted(times.items()))


def measure(out: Path, serial: bool = True) -> dict:
    """Serial cold build (unless ``serial=False``), parallel cold build, warm rebuild; ``out`` must be empty."""
    result = {}
    if serial:
        result["serial"] = build(out / "serial", BOOK_EXECUTE_WORKERS="1")
        result["serial_notebooks"] = notebook_times(out / "serial" / "_build" / ".jupyter_cache")
    result["parallel"] = build(out / "parallel")
    result["warm"] = build(out / "parallel")
    result["notebooks"] = notebook_times(out / "parallel" / "_build" / ".jupyter_cache")
    return result
