"""Sphinx extension: execute the book's notebooks on all cores, into myst-nb's cache, before Sphinx reads them.

myst-nb executes notebooks one after another, as Sphinx reads the pages. This extension runs first, at
Sphinx's ``env-get-outdated`` event (before any page is read): it finds every notebook whose cached outputs
are missing or stale, executes those on ``book_execute_workers`` worker processes (default: one per core),
and stores each result in the jupyter-cache folder myst-nb uses. Sphinx then reads the pages, and myst-nb
finds every notebook in the cache and executes nothing. The serial path is still there: with
``BOOK_EXECUTE_WORKERS=0`` this extension does nothing and myst-nb executes as it always did (the benchmark
times both, side by side).

Why not ``sphinx-build -j``: jupyter-book 1 has no ``-j``; Sphinx splits the pages into chunks by count, not
by cost, so one worker gets the two slowest chapters while the other idles; and several processes would then
write myst-nb's SQLite cache at once. Why not jupyter-cache's own ``local-parallel`` executor: it reads
notebooks with its own reader and staging table, so a hash that differs from myst-nb's by a byte would make
myst-nb execute the chapter a second time; here each page is read with myst-nb's own reader (after Sphinx's
``source-read`` event, as myst-nb sees it) and matched with myst-nb's own call, ``match_cache_notebook``.

The cache follows the library (jupyter-book #1633: jupyter-cache alone re-runs a notebook only when its code
cells change). While a notebook runs, a last cell appended to the running copy (and removed before caching)
reports which of the packages in ``book_execute_track`` (``lstmlib``) the kernel imported, and the kernel's CPU
time. The record keeps a hash of every file of each such package; when any file of it changes, the notebook is
executed again and its page re-read. A notebook that imports none of them is not affected.

A notebook that fails here is not cached and not executed again: its traceback is a build warning (an error
under ``-W``) and goes to ``reports/<page>.err.log`` as myst-nb's own would, and myst-nb is told to leave the
page unexecuted.

Matplotlib's own folder: the build (this Sphinx process, the workers and every kernel they or myst-nb start)
uses ``<output>/_build/.matplotlib`` as ``MPLCONFIGDIR``, never the user's ``~/.cache/matplotlib`` and
``~/.config/matplotlib``. A shared font cache that another process left half written once failed the ``-W``
build with "findfont" warnings, and a user's ``matplotlibrc`` would change the book's figures. A cold build
starts with an empty folder (matplotlib lists the system fonts again, about 0.4 s of CPU); later builds into
the same output reuse it.
"""
from __future__ import annotations

import concurrent.futures
import copy
import hashlib
import json
import multiprocessing
import os
import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Key of this extension's data in a jupyter-cache record (beside myst-nb's ``execution_seconds``).
RECORD_KEY = "book_execute"
#: How the kernel reports back: one line of JSON after this marker, printed by the probe cell.
PROBE_MARKER = "book-execute-probe:"
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
#: Logged after a notebook whose kernel the watch replaced (benchmarks/bench_build.py counts these: the
#: build's time then includes the watch's wait).
WEDGE_NOTE = "its kernel wedged and was replaced {n} time(s) (ipython/ipykernel#1554, see .ci/kernel_watch.py)"


def probe_source(packages: list[str]) -> str:
    """The cell appended to a running notebook: CPU time so far, and the tracked packages it imported."""
    return (
        "import json as _bx_json, os as _bx_os, sys as _bx_sys\n"
        "_bx_t = _bx_os.times()\n"
        f"_bx_want = {sorted(packages)!r}\n"
        "_bx_dirs = {n: _bx_os.path.dirname(_bx_os.path.abspath(_bx_sys.modules[n].__file__))\n"
        "            for n in _bx_want if getattr(_bx_sys.modules.get(n), '__file__', None)}\n"
        f"print({PROBE_MARKER!r} + _bx_json.dumps({{'cpu_seconds': _bx_t.user + _bx_t.system\n"
        "      + _bx_t.children_user + _bx_t.children_system, 'packages': _bx_dirs}))\n"
    )


def package_hash(folder: str | Path) -> str | None:
    """SHA-256 over every file of a package folder (names and bytes; __pycache__ left out); None if gone."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def stale_packages(record_data: dict, hash_of=package_hash) -> list[str] | None:
    """Tracked packages whose files changed since the record was made; None if the record has no such data."""
    info = (record_data or {}).get(RECORD_KEY)
    if not isinstance(info, dict) or "packages" not in info:
        return None
    return [name for name, entry in info["packages"].items() if hash_of(entry["dir"]) != entry["sha256"]]


def cost_hints(path: Path) -> dict[str, float]:
    """docname -> CPU seconds, from the last benchmark run's table (rows "CPU <docname>"), to start the
    longest notebooks first on a cold build, when the cache knows nothing yet; {} when there is none."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
        return {r["name"][4:]: float(r["value"]) for r in rows
                if r["name"].startswith("CPU ") and isinstance(r.get("value"), (int, float))}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


@dataclass
class Job:
    docname: str
    path: Path
    notebook: object
    reason: str
    timeout: int | None
    allow_errors: bool
    expected_seconds: float = 0.0
    source_sha256: str = ""
    result: dict = field(default_factory=dict)


def _execute(notebook, cwd: str, timeout, allow_errors: bool, packages: list[str], threads: int) -> dict:
    """Run in a worker process: execute one notebook (in place, on a copy) and report what happened."""
    from jupyter_cache.executors.utils import single_nb_execution
    from nbformat import v4

    import kernel_watch   # .ci/kernel_watch.py: a kernel wedged by ipykernel#1554 is killed, run once more

    for name in THREAD_VARIABLES:       # two kernels on two cores: one thread each, or they fight
        os.environ.setdefault(name, str(threads))

    def attempt():
        nb = copy.deepcopy(notebook)
        nb.cells.append(v4.new_code_cell(probe_source(packages), id="book-execute-probe"))
        return nb, single_nb_execution(nb, cwd=cwd, timeout=timeout, allow_errors=allow_errors,
                                       meta_override=True)

    start = time.perf_counter()
    try:
        (nb, result), wedged = kernel_watch.run_watched(attempt, failed=lambda r: r[1].err is not None,
                                                        log=lambda text: None)
    except Exception:  # noqa: BLE001 - a kernel that dies is a result, and the batch goes on
        return {"error": traceback.format_exc(), "seconds": time.perf_counter() - start}
    if wedged and result.err is not None:
        return {"error": f"the kernel wedged {wedged} times (slept for {kernel_watch.IDLE_LIMIT:.0f} s with "
                         f"nothing working while a cell ran; ipython/ipykernel#1554)\n"
                         f"{result.exc_string or result.err!r}",
                "seconds": time.perf_counter() - start}
    probe = nb.cells.pop()
    if result.err is not None:
        return {"error": result.exc_string or repr(result.err), "seconds": result.time}
    text = "".join(o.get("text", "") for o in probe.get("outputs", []) if o.get("output_type") == "stream")
    found = re.search(re.escape(PROBE_MARKER) + r"(.*)", text)
    if not found:
        return {"error": f"the probe cell printed no report: {probe.get('outputs')!r}", "seconds": result.time}
    report = json.loads(found.group(1))
    return {"notebook": nb, "seconds": result.time, "cpu_seconds": report["cpu_seconds"],
            "packages": report["packages"], "error": None, "wedged": wedged}


def _workers(app) -> int:
    value = os.environ.get("BOOK_EXECUTE_WORKERS", app.config.book_execute_workers)
    try:
        workers = int(value) if value not in (None, "") else (os.cpu_count() or 1)
    except ValueError:
        raise ValueError(f"BOOK_EXECUTE_WORKERS must be a whole number of worker processes (0 = myst-nb "
                         f"executes serially), got {value!r}") from None
    if workers < 0:
        raise ValueError(f"BOOK_EXECUTE_WORKERS must be 0 or more, got {workers}")
    return workers


def page_source(app, env, docname: str) -> str | None:
    """A page's text as Sphinx hands it to myst-nb (after the ``source-read`` event); None if not .md/.ipynb."""
    path = env.doc2path(docname)
    if not str(path).endswith((".md", ".ipynb")):
        return None
    arg = [Path(path).read_text(encoding="utf-8")]
    env.temp_data["docname"] = docname   # as while Sphinx reads the page (source-read handlers may ask)
    try:
        app.events.emit("source-read", docname, arg)
    finally:
        env.temp_data.pop("docname", None)
    return arg[0]


def read_notebook(app, env, docname: str, text: str | None = None):
    """The notebook of a page exactly as myst-nb will read it, or None if the page is not a notebook."""
    from myst_nb.core.read import create_nb_reader

    text = page_source(app, env, docname) if text is None else text
    if text is None:
        return None
    path = env.doc2path(docname)
    arg = [text]
    reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, arg[0])
    if reader is None:
        return None
    notebook = reader.read(arg[0])
    nb_config = env.mystnb_config
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    for rgx, alias in (nb_config.kernel_rgx_aliases or {}).items():   # as myst-nb's parser does
        if kernel is not None and re.fullmatch(rgx, kernel):
            notebook.metadata["kernelspec"]["name"] = alias
            break
    return notebook


def find_jobs(app, env, cache) -> tuple[list[Job], int]:
    """Notebooks whose cache record is missing, or whose tracked library changed; and how many are fresh."""
    nb_config = env.mystnb_config
    hints = cost_hints(Path(app.srcdir, app.config.book_execute_hints)) if app.config.book_execute_hints else {}
    hashes: dict[str, str | None] = {}

    def hash_of(folder):
        if folder not in hashes:
            hashes[folder] = package_hash(folder)
        return hashes[folder]

    previous, by_source = {}, {}
    for record in cache.list_cache_records():
        seconds = (record.data or {}).get("execution_seconds") or 0.0
        previous[record.uri] = max(previous.get(record.uri, 0.0), seconds)
        source_sha = (record.data or {}).get(RECORD_KEY, {}).get("source_sha256")
        if source_sha:
            by_source[(record.uri, source_sha)] = record
    jobs, fresh = [], 0
    for docname in sorted(env.found_docs):
        text = page_source(app, env, docname)
        if text is None:
            continue
        path = Path(env.doc2path(docname))
        # The fast path of a warm build: the same text as when its record was made (so the same cells),
        # and the same library: nothing to parse or hash.
        known = by_source.get((str(path), hashlib.sha256(text.encode()).hexdigest()))
        if known is not None and stale_packages(known.data, hash_of) == []:
            fresh += 1
            continue
        notebook = read_notebook(app, env, docname, text)
        if notebook is None:
            continue
        job_text = text
        posix = PurePosixPath(path.as_posix())
        if any(posix.match(p) for p in nb_config.execution_excludepatterns or ()):
            continue
        overrides = notebook.metadata.get(nb_config.metadata_key, {})
        config = nb_config.copy(**{k: v for k, v in overrides.items() if k.startswith("execution_")}) \
            if overrides else nb_config
        try:
            record = cache.match_cache_notebook(notebook)
        except KeyError:
            record = None
        if record is None:
            reason = "not in the cache"
        else:
            stale = stale_packages(record.data, hash_of)
            if stale == []:
                fresh += 1
                continue
            reason = ("executed without library tracking" if stale is None
                      else "changed since it ran: " + ", ".join(stale))
        jobs.append(Job(docname, path, notebook, reason, config.execution_timeout, config.execution_allow_errors,
                        previous.get(str(path)) or hints.get(docname) or path.stat().st_size / 1e4,
                        source_sha256=hashlib.sha256(job_text.encode()).hexdigest()))
    return jobs, fresh


def on_env_get_outdated(app, env, added, changed, removed):
    nb_config = getattr(env, "mystnb_config", None)
    if nb_config is None or nb_config.execution_mode != "cache":
        return []
    workers = _workers(app)
    if workers == 0:
        logger.info("book_execute: BOOK_EXECUTE_WORKERS=0, myst-nb executes the notebooks one by one")
        return []
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(nb_config.execution_cache_path)
    jobs, fresh = find_jobs(app, env, cache)
    logger.info(f"book_execute: {len(jobs)} notebooks to execute, {fresh} up to date in the cache")
    if not jobs:
        return []
    workers = min(workers, len(jobs))
    threads = max(1, (os.cpu_count() or 1) // workers)
    jobs.sort(key=lambda j: -j.expected_seconds)       # longest first: the shortest finish line
    packages = list(app.config.book_execute_track)
    start, failed = time.perf_counter(), []
    # fork: the workers need nothing but this function and the notebook; Sphinx runs no threads here.
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(_execute, job.notebook, str(job.path.parent), job.timeout, job.allow_errors,
                               packages, threads): job for job in jobs}
        for future in concurrent.futures.as_completed(futures):
            job = futures[future]
            try:
                job.result = future.result()
            except Exception:  # noqa: BLE001 - a worker that died: report it, keep the others
                job.result = {"error": traceback.format_exc(), "seconds": 0.0}
            res = job.result
            if res["error"] is not None:
                failed.append(job)
                report = Path(app.outdir, "reports", *(job.docname + ".err.log").split("/"))
                report.parent.mkdir(parents=True, exist_ok=True)
                report.write_text(res["error"], encoding="utf-8")
                logger.warning(f"book_execute: {job.docname} failed after {res['seconds']:.1f} s (traceback in "
                               f"{report}):\n{res['error'][-3000:]}", type="book_execute", subtype="error")
                continue
            tracked = {name: {"dir": folder, "sha256": package_hash(folder)}
                       for name, folder in res["packages"].items()}
            cache.cache_notebook_bundle(
                CacheBundleIn(res["notebook"], str(job.path),
                              data={"execution_seconds": res["seconds"],
                                    RECORD_KEY: {"cpu_seconds": res["cpu_seconds"], "packages": tracked,
                                                 "source_sha256": job.source_sha256,
                                                 "workers": workers, "threads": threads}}),
                check_validity=False, overwrite=True)
            logger.info(f"book_execute: executed {job.docname} in {res['seconds']:.1f} s "
                        f"(CPU {res['cpu_seconds']:.1f} s; {job.reason})"
                        + ("; " + WEDGE_NOTE.format(n=res["wedged"]) if res.get("wedged") else ""))
    if failed:   # not executed a second time by myst-nb: the page is built without outputs, and the build fails
        env.mystnb_config = nb_config.copy(execution_excludepatterns=[
            *(nb_config.execution_excludepatterns or ()), *(job.path.as_posix() for job in failed)])
    logger.info(f"book_execute: {len(jobs)} notebooks on {workers} workers ({threads} thread(s) each) "
                f"in {time.perf_counter() - start:.1f} s")
    return [job.docname for job in jobs]


def use_own_matplotlib_folder(app) -> Path:
    """Point MPLCONFIGDIR at the build's own folder (see the module docstring), inherited by every kernel."""
    folder = Path(app.doctreedir).parent / ".matplotlib"    # jupyter-book: <output>/_build/.matplotlib
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["MPLCONFIGDIR"] = str(folder)
    return folder


def setup(app):
    use_own_matplotlib_folder(app)
    app.add_config_value("book_execute_workers", None, "env")      # None: one per core
    app.add_config_value("book_execute_track", ["lstmlib"], "env", [list])
    # the benchmark's table of each notebook's CPU time: the order of a cold build (longest first)
    app.add_config_value("book_execute_hints", "benchmarks/results/latest.json", "env", [str])
    app.connect("env-get-outdated", on_env_get_outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
