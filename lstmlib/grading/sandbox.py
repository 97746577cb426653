"""Run one submission's code in an operating-system sandbox and bring back the values its answers gave.

The grader never runs student code in its own process, and it does not ask Python to restrict anything:
the kernel does. Modes, best first (``sandbox_mode()`` picks the best that works here):

* ``bwrap``: Debian's bubblewrap. New user, PID, mount, network, IPC and UTS namespaces; the process is
  uid 65534 inside and not root outside (as root, bwrap starts without a user namespace, so the sandbox
  drops to uid 65534 and makes its own, with util-linux ``setpriv`` and ``unshare`` or else in _child.py,
  before Python runs any student code); no capabilities; ``/`` is an empty read-only
  tmpfs holding only /usr, the Python runtime and site-packages (read-only), /proc of its own PID
  namespace, a minimal /dev, and one empty size-limited tmpfs as the working folder. Exercise sources,
  hidden or extra tests, other submissions, the output folder and the grader's temporary files are not
  in it (and are covered by an empty tmpfs should they sit inside a bound folder). rlimits: CPU time,
  address space, processes (counted in the sandbox's own user namespace), file size, open files.
  ``--die-with-parent``, and at the deadline the grader kills bwrap: its PID namespace goes with it.
* ``user`` (root without bubblewrap): a separate process as uid 65534 in its own session, same rlimits,
  an empty private working folder. It can read whatever uid 65534 may read on this machine.
* ``process`` (neither): a separate process as the grader's own user with the rlimits. Weakest.
* ``none``: no limits at all. Insecure: only for the test that shows the attack corpus then gets through.

The child gets code cells and public case INPUTS on stdin, answers in length-prefixed JSON frames on a
pipe (codec.py), and only after it has sent every public result does it get the hidden inputs. Anything it
says after that is treated as able to carry them (grade.py then shows no text from it). If the child
dies or overruns (one cell or question: ``Limits.item_s``; the whole submission: ``Limits.timeout_s``),
the item it was running is recorded with the reason and the run restarts without it, inside the same
total time budget.
"""
from __future__ import annotations

import atexit
import dataclasses
import functools
import importlib.util
import json
import os
import queue
import select
import selectors
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
PACKAGE_DIR = Path(__file__).resolve().parents[1]   # lstmlib/: bound read-only (the harness lives there)
MAX_ATTEMPTS = 4
NOBODY = 65534
SANDBOX_DIR = "/sandbox"   # the working folder inside bwrap

MODES = {
    "bwrap": "bwrap (bubblewrap: namespaces, uid 65534, read-only runtime)",
    "user": "user (WEAKER: no bubblewrap; a separate uid 65534 process with rlimits)",
    "process": "process (WEAKEST: no bubblewrap, not root; a separate process as the grader's user)",
    "none": "none (INSECURE: no sandbox at all; for tests only)",
}


@dataclasses.dataclass(frozen=True)
class Limits:
    timeout_s: float = 60.0     # the whole submission, every attempt included (wall clock)
    item_s: float | None = None  # one cell, or one question's cases; default: half of timeout_s
    memory_mb: int = 1024       # RLIMIT_AS
    fsize_mb: int = 8           # RLIMIT_FSIZE: largest file the child may write (its stdout included)
    nproc: int = 16             # RLIMIT_NPROC: processes and threads (memory is per process: see the docs)
    tmpfs_mb: int = 64          # the sandbox's working folder
    max_frame_mb: int = 16      # one result
    max_result_mb: int = 32     # all results of one run

    @property
    def item_limit(self) -> float:
        return self.item_s if self.item_s is not None else self.timeout_s / 2


@dataclasses.dataclass
class QuestionRun:
    missing: bool = False                                   # the function/variable was never defined
    values: dict[int, Any] = dataclasses.field(default_factory=dict)    # case index -> decoded value
    errors: dict[int, str] = dataclasses.field(default_factory=dict)    # case index -> full message (public)
    kinds: dict[int, str] = dataclasses.field(default_factory=dict)     # case index -> exception type name
    tainted: set[int] = dataclasses.field(default_factory=set)          # came after the hidden inputs
    error: str | None = None                                # the child died while running this question


@dataclasses.dataclass
class RunResult:
    cell_errors: dict[int, str]
    cell_tainted: set[int]
    questions: dict[str, QuestionRun]
    attempts: int
    seconds: float
    mode: str


# ---- which sandbox -------------------------------------------------------------------------------------

def _bind_roots() -> list[str]:
    """Folders the child needs, read-only: the interpreter, its standard library, site-packages, lstmlib."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, *site.getsitepackages(),
             str(PACKAGE_DIR), os.path.dirname(os.path.realpath(sys.executable))}
    roots = {os.path.realpath(r) for r in roots if r} | {r for r in roots if r}
    roots = sorted(r for r in roots if os.path.isdir(r) and r != os.sep and not r.startswith("/usr/"))
    return [r for r in roots if not any(r != o and r.startswith(o.rstrip("/") + "/") for o in roots)]


def _ancestors(path: str) -> list[str]:
    parts, out = Path(path).parts[1:-1], []
    for k in range(1, len(parts) + 1):
        out.append("/" + "/".join(parts[:k]))
    return out


def bwrap_command(result_fd: int, hidden: tuple[str, ...] = (), limits: Limits = Limits()) -> list[str]:
    root = os.geteuid() == 0
    cmd = ["bwrap", "--die-with-parent", "--new-session"]
    if root:  # privileged bwrap: no user namespace from bwrap, so the child makes its own (uid 65534)
        cmd += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        cmd += ["--unshare-all", "--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY), "--disable-userns"]
    cmd += ["--hostname", "sandbox", "--ro-bind", "/usr", "/usr"]
    for d in ("bin", "lib", "lib64", "lib32", "sbin"):
        if os.path.islink(f"/{d}"):
            cmd += ["--symlink", os.readlink(f"/{d}"), f"/{d}"]
        elif os.path.isdir(f"/{d}"):
            cmd += ["--ro-bind", f"/{d}", f"/{d}"]
    roots = _bind_roots()
    made = set()
    for r in roots:
        for a in _ancestors(r + "/x"):
            if a not in made and a not in ("/usr",) and not a.startswith("/usr/"):
                cmd += ["--perms", "0755", "--dir", a]
                made.add(a)
        cmd += ["--ro-bind", r, r]
    for h in hidden:  # a secret folder inside a bound one: cover it
        h = os.path.realpath(h)
        if any(h == r or h.startswith(r.rstrip("/") + "/") for r in roots + ["/usr"]) and os.path.exists(h):
            cmd += ["--tmpfs", h] if os.path.isdir(h) else ["--ro-bind", "/dev/null", h]
    cache = mpl_cache()
    if cache:
        cmd += ["--ro-bind", cache, "/mplcache"]
    cmd += ["--proc", "/proc", "--dev", "/dev", "--size", str(1 << 20), "--tmpfs", "/dev/shm",
            "--perms", "01777", "--size", str(limits.tmpfs_mb << 20), "--tmpfs", SANDBOX_DIR,
            "--chdir", SANDBOX_DIR, "--remount-ro", "/", "--clearenv"]
    for k, v in _child_env(SANDBOX_DIR).items():
        cmd += ["--setenv", k, v]
    if cache:
        cmd += ["--setenv", "LSTM_MPL_CACHE", "/mplcache"]
    child = [sys.executable, "-I", "-S", str(CHILD), str(result_fd)]
    if root and _util_linux_drop():  # two small C programs: about 18 ms of CPU less than a Python stage
        return cmd + [*UTIL_LINUX_DROP, *child]
    if root:  # the same in Python: _child.py drops to uid 65534, makes the user namespace, execs itself
        return cmd + child + ["--drop", str(NOBODY)]
    return cmd + child


UTIL_LINUX_DROP = ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--",
                   "unshare", "--user", f"--map-user={NOBODY}", f"--map-group={NOBODY}", "--")
_DROP_IN_PYTHON = False  # set when the util-linux stage failed the probe (an unshare without --map-user?)


def _util_linux_drop() -> bool:
    """Whether the sandbox can drop to uid 65534 in a user namespace of its own with util-linux, as
    _child.py's ``drop_to`` does: ``setpriv`` sets every uid and gid to 65534 and clears the groups,
    ``unshare`` maps 65534 to itself in a new user namespace (setgroups denied) and execs Python, which,
    not root there, keeps no capability. Both must be in /usr/bin or /bin (bound read-only); the probe
    then checks the child's uid like any other."""
    found = [shutil.which(p, path="/usr/bin:/bin") for p in ("setpriv", "unshare")]
    return not _DROP_IN_PYTHON and all(f and os.path.realpath(f).startswith("/usr/") for f in found)


def _probe_bwrap() -> str | None:
    global _DROP_IN_PYTHON
    why = _probe("bwrap")
    if why is not None and os.geteuid() == 0 and _util_linux_drop():
        _DROP_IN_PYTHON = True
        why = _probe("bwrap")
    return why


@functools.lru_cache(maxsize=None)
def child_path() -> list[str]:
    """The folders site.py would add to the child's sys.path: site-packages and the folders their .pth
    files name (lines that run code are not run: lstmlib's editable finder is replaced in _child.py). The
    child starts with -S and gets this list in its job, which saves it site.py's start-up."""
    out = []
    for folder in site.getsitepackages():
        if not os.path.isdir(folder):
            continue
        out.append(os.path.realpath(folder))
        for pth in sorted(Path(folder).glob("*.pth")):
            try:
                lines = pth.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            for line in map(str.strip, lines):
                if line and not line.startswith(("#", "import ", "import\t")):
                    extra = os.path.realpath(os.path.join(folder, line))
                    if os.path.isdir(extra) and extra not in out:
                        out.append(extra)
    return out


@functools.lru_cache(maxsize=None)
def mpl_cache() -> str | None:
    """A matplotlib font cache built once per grading run (by the grader, not by student code), which
    each sandbox copies into its empty working folder: otherwise every ``import matplotlib.pyplot`` in a
    fresh sandbox spends seconds scanning the system's fonts."""
    if importlib.util.find_spec("matplotlib") is None:
        return None
    folder = tempfile.mkdtemp(prefix="lstm-grade-mplcache-")
    atexit.register(shutil.rmtree, folder, True)
    home = Path.home()
    for where in (os.environ.get("MPLCONFIGDIR"), os.environ.get("XDG_CACHE_HOME") and
                  os.path.join(os.environ["XDG_CACHE_HOME"], "matplotlib"), home / ".cache" / "matplotlib",
                  home / ".matplotlib"):
        found = sorted(Path(where).glob("fontlist-v*.json")) if where and Path(where).is_dir() else []
        if found:  # the grader's own matplotlib already has one: copying it costs nothing
            for f in found:
                shutil.copyfile(f, Path(folder) / f.name)
                os.chmod(Path(folder) / f.name, 0o644)
            os.chmod(folder, 0o755)
            return folder
    try:
        subprocess.run([sys.executable, "-I", "-c", "import matplotlib.font_manager"], env=_child_env(folder),
                       capture_output=True, timeout=600, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    os.chmod(folder, 0o755)
    for f in Path(folder).iterdir():
        os.chmod(f, 0o644)
    return folder


def _child_env(workdir: str) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": workdir, "TMPDIR": workdir, "MPLCONFIGDIR": workdir,
           "MPLBACKEND": "Agg", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
    env.update({k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")})
    return env


def _probe(mode: str) -> str | None:
    """None when ``mode`` starts a Python that is not root; else why not."""
    try:
        read_fd, write_fd = os.pipe()
        try:
            spawn = _spawn(mode, write_fd, ["--probe"], hidden=())
            proc, workdir = spawn
            os.close(write_fd)
            write_fd = None
            proc.wait(timeout=60)
            out = os.read(read_fd, 4096)
        finally:
            if write_fd is not None:
                os.close(write_fd)
            os.close(read_fd)
        info = json.loads(out.decode() or "{}")
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
        if not info:
            proc.stderr.seek(0)
            err = proc.stderr.read().decode(errors="replace").strip()
            return f"it did not start ({err[:200] or 'exit code ' + str(proc.returncode)})"
        if mode in ("bwrap", "user") and (info["uid"] == 0 or info["euid"] == 0):
            return "the child still ran as root"
        return None
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        return f"{type(exc).__name__}: {exc}"


@functools.lru_cache(maxsize=None)
def sandbox_mode(requested: str = "auto") -> tuple[str, str | None]:
    """(mode, why the better modes are unavailable or None). ``requested``: auto, bwrap, user, process,
    none. An explicit mode that does not work here raises RuntimeError."""
    if requested not in ("auto", *MODES):
        raise ValueError(f"--sandbox must be one of auto, {', '.join(MODES)}; got {requested!r}")
    if requested != "auto":
        why = None if requested in ("process", "none") else (
            "bwrap is not installed (apt-get install bubblewrap)" if requested == "bwrap" and not shutil.which("bwrap")
            else _probe_bwrap() if requested == "bwrap" else _probe(requested))
        if why:
            raise RuntimeError(f"the {requested} sandbox does not work here: {why}")
        return requested, None
    reasons = []
    if shutil.which("bwrap"):
        why = _probe_bwrap()
        if why is None:
            return "bwrap", None
        reasons.append(f"bubblewrap cannot run here: {why}")
    else:
        reasons.append("bubblewrap (bwrap) is not installed")
    if os.geteuid() == 0:
        why = _probe("user")
        if why is None:
            return "user", "; ".join(reasons)
        reasons.append(f"a separate uid {NOBODY} cannot run Python here: {why}")
    return "process", "; ".join(reasons)


# ---- one run ---------------------------------------------------------------------------------------------

def _spawn(mode: str, result_fd: int, extra_args: list[str], hidden: tuple[str, ...], limits: Limits = Limits()):
    """Start the child; returns (Popen, host working folder or None)."""
    stderr = tempfile.TemporaryFile()  # bwrap's own complaints; the child points fd 2 elsewhere at once
    if mode == "bwrap":
        cmd = bwrap_command(result_fd, hidden, limits)
        if extra_args == ["--probe"]:
            drop = cmd[-2:] if cmd[-2] == "--drop" else []
            cmd = cmd[:len(cmd) - len(drop)] + ["--probe"] + drop
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=stderr,
                                pass_fds=(result_fd,), env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
        proc.stderr = stderr
        return proc, None
    workdir = tempfile.mkdtemp(prefix="lstm-grade-")
    preexec = None
    if mode == "user":
        os.chown(workdir, NOBODY, NOBODY)

        def preexec():
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
    env = _child_env(workdir)
    if mpl_cache():
        env["LSTM_MPL_CACHE"] = mpl_cache()
    proc = subprocess.Popen([sys.executable, "-I", "-S", str(CHILD), str(result_fd), *extra_args], cwd=workdir,
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=stderr,
                            pass_fds=(result_fd,), env=env, start_new_session=True,
                            preexec_fn=preexec)
    proc.stderr = stderr
    return proc, workdir


def _exited(proc, timeout: float) -> bool:
    """Wait up to ``timeout`` s for ``proc`` to end. A pidfd wakes this thread the moment it ends (Popen's
    own timed wait polls with sleeps that grow to 50 ms: about 10 ms a submission lost between the last
    frame and the next sandbox); where there is no pidfd (not Linux), Popen's wait."""
    try:
        fd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):  # no pidfd here, or the process is already gone and reaped
        fd = None
    try:
        if fd is not None:
            select.select([fd], [], [], max(timeout, 0))
            return proc.poll() is not None
        proc.wait(timeout=max(timeout, 0))
        return True
    except subprocess.TimeoutExpired:
        return False
    finally:
        if fd is not None:
            os.close(fd)


def _kill(proc, mode: str) -> None:
    try:
        if mode == "bwrap":
            proc.kill()  # bwrap's PID-namespace init has PDEATHSIG: every process in the sandbox dies
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _limits_for_child(limits: Limits, mode: str) -> dict:
    if mode == "none":
        big = 1 << 40
        return {"memory_mb": big >> 20, "cpu_s": 10 ** 6, "fsize_mb": big >> 20, "nproc": 10 ** 6}
    return {"memory_mb": limits.memory_mb, "cpu_s": int(limits.timeout_s) + 1, "fsize_mb": limits.fsize_mb,
            "nproc": limits.nproc}


def _attempt(mode, phase1, phase2, limits, deadline, hidden) -> tuple[list[tuple[dict, bool]], str | None]:
    """One child run. Returns ([(frame, came after the hidden inputs)], None when it finished, else why not)."""
    read_fd, write_fd = os.pipe()
    proc, workdir = None, None
    reader = codec.FrameReader(limits.max_frame_mb << 20, limits.max_result_mb << 20)
    out, stopped, hidden_sent, done, seen = [], None, False, False, 0
    try:
        proc, workdir = _spawn(mode, write_fd, [], hidden, limits)
        os.close(write_fd)
        write_fd = None

        def send(msg):
            try:
                proc.stdin.write(codec.frame_bytes(msg))
                proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass
        writer = threading.Thread(target=send, args=(phase1,), daemon=True)
        writer.start()
        sel = selectors.DefaultSelector()
        sel.register(read_fd, selectors.EVENT_READ)
        item_started, current, eof = time.monotonic(), None, False
        while True:
            now = time.monotonic()
            limit = min(deadline, item_started + limits.item_limit) if current else deadline
            if now >= limit:
                stopped = (f"still running after {limits.item_limit:g} s: stopped (time limit for one cell or "
                           "question; an endless loop or sleep?)" if limit < deadline else
                           f"the submission's time budget of {limits.timeout_s:g} s ran out: stopped")
                break
            if eof:
                if _exited(proc, min(0.5, limit - now)):
                    break
                continue
            if not sel.select(timeout=min(0.5, limit - now)):
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                eof = True
                continue
            try:
                reader.feed(chunk)
            except codec.FrameError as exc:
                stopped = str(exc)
                break
            for f in reader.frames[seen:]:
                out.append((f, hidden_sent))
                t = f.get("t")
                if t == "begin":
                    current, item_started = str(f.get("item")), time.monotonic()
                elif t in ("cell", "end-public", "end"):
                    current = None
                elif t == "public-done" and not hidden_sent:
                    hidden_sent = True  # from now on the child's reading of phase 2 is timed as an item
                    current, item_started = "hidden inputs", time.monotonic()
                    threading.Thread(target=send, args=(phase2,), daemon=True).start()
                elif t == "done":
                    done = True
            seen = len(reader.frames)
    finally:
        if proc is not None:
            _kill(proc, mode)
            proc.wait()
            if proc.stdin:
                try:
                    proc.stdin.close()
                except OSError:
                    pass
        if write_fd is not None:
            os.close(write_fd)
        os.close(read_fd)
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    if done and stopped is None:
        return out, None
    if stopped is None:
        stopped = _describe_end(proc, limits)
    return out, stopped


def _describe_end(proc, limits: Limits) -> str:
    code = proc.returncode if proc else None
    if code is not None and code < 0:
        sig = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else -code
        why = {"SIGXCPU": "CPU time limit", "SIGKILL": "killed, most likely the memory limit",
               "SIGSEGV": "crashed (deep recursion?)", "SIGXFSZ": "file size limit"}.get(sig, "stopped")
        return f"the Python process ended with {sig}: {why}"
    if proc is not None and proc.stderr is not None:
        try:
            proc.stderr.seek(0)
            err = proc.stderr.read(2000).decode(errors="replace")
        except (OSError, ValueError):
            err = ""
        if err.startswith("bwrap:"):
            return f"the sandbox did not start: {err.splitlines()[0][:200]}"
    return f"the Python process ended early with exit code {code} (os._exit or a crash)"


def run_submission(cells: list[str], questions: list[tuple[str, str | None, str | None, list[tuple[str, Case]]]],
                   limits: Limits = Limits(), hidden_paths: tuple[str, ...] = (), names: list[str] | None = None,
                   mode: str = "auto") -> RunResult:
    """Run ``cells`` then call each question's function on its cases, in a sandboxed child.

    ``questions``: (question id, function name or None, variable name or None, [(visibility, case)]);
    ``hidden_paths``: folders the child must not see; ``names``: how tracebacks name each cell."""
    start = time.perf_counter()
    deadline = time.monotonic() + limits.timeout_s
    mode = sandbox_mode(mode)[0] if mode == "auto" else mode
    runs = {qid: QuestionRun() for qid, *_ in questions}
    finished: set[str] = set()
    cell_errors: dict[int, str] = {}
    cell_tainted: set[int] = set()
    skip_cells: set[int] = set()
    attempt = 0
    while attempt < MAX_ATTEMPTS:
        pending = [q for q in questions if q[0] not in finished]
        if not pending:
            break
        if time.monotonic() >= deadline:
            for qid, *_ in pending:
                runs[qid].error = f"not graded: the submission's time budget of {limits.timeout_s:g} s ran out"
            finished.update(q[0] for q in pending)
            break
        attempt += 1

        def enc(c):
            return {"args": codec.encode(tuple(c.args)), "kwargs": codec.encode(dict(c.kwargs))}
        phase1 = {"path": child_path(), "cells": cells, "names": names or [f"cell {k + 1}" for k in range(len(cells))],
                  "skip_cells": sorted(skip_cells), "limits": _limits_for_child(limits, mode),
                  "questions": [{"id": qid, "function": fn, "variable": var,
                                 "public": [[k, enc(c)] for k, (vis, c) in enumerate(cases) if vis == "public"]}
                                for qid, fn, var, cases in pending]}
        phase2 = {qid: [[k, enc(c)] for k, (vis, c) in enumerate(cases) if vis != "public"]
                  for qid, fn, var, cases in pending}
        frames, stopped = _attempt(mode, phase1, phase2, limits, deadline, hidden_paths)
        current = None
        for f, tainted in frames:
            try:
                current = _apply(f, tainted, runs, finished, cell_errors, cell_tainted, current)
            except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
                continue  # a malformed frame carries nothing
        if stopped is None:
            break
        if current is None:  # died between items: nothing to skip, so stop here
            for qid, *_ in pending:
                if qid not in finished:
                    runs[qid].error = stopped
            finished.update(q[0] for q in pending)
            break
        if current.startswith("cell "):
            k = int(current.split()[1])
            cell_errors[k] = f"{stopped}; the cells after it still ran"
            skip_cells.add(k)
        elif current in runs:
            runs[current].error = stopped
            finished.add(current)
        else:
            break
    for qid, *_ in questions:
        if qid not in finished and runs[qid].error is None:
            runs[qid].error = f"not graded: the notebook stopped the grader {MAX_ATTEMPTS} times"
    return RunResult(cell_errors, cell_tainted, runs, attempt, time.perf_counter() - start, mode)


def _apply(f: dict, tainted: bool, runs: dict[str, QuestionRun], finished: set[str], cell_errors: dict[int, str],
           cell_tainted: set[int], current: str | None) -> str | None:
    """Fold one frame into the results; return the item now running (None when between items)."""
    t = f["t"]
    if t == "begin":
        return str(f["item"])
    if t == "cell":
        k = int(f["k"])
        if f.get("error"):
            cell_errors[k] = str(f["error"])[:500]
            if tainted:
                cell_tainted.add(k)
        return None
    if t == "missing":
        runs[f["q"]].missing = True
        finished.add(f["q"])
    elif t == "case":
        run, k = runs[f["q"]], int(f["k"])
        if f["q"] in finished:
            return current  # a question already settled is never changed by a later frame
        for d in (run.values, run.kinds, run.errors):  # the last word on a case is the one that counts
            d.pop(k, None)
        if "value" in f:
            try:
                run.values[k] = codec.decode(f["value"])
            except codec.FrameError as exc:  # plain data only: say what arrived instead
                run.kinds[k] = "unreadable"
                if not tainted:
                    run.errors[k] = f"sent back a value the grader does not accept: {exc}"
        else:
            run.kinds[k] = str(f.get("kind", "exception"))[:60]
            if "error" in f and not tainted:
                run.errors[k] = str(f["error"])[:500]
        if tainted:
            run.tainted.add(k)
    elif t in ("end-public",):
        return None
    elif t == "end":
        finished.add(str(f["item"]))
        return None
    return current
