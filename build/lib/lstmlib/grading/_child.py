"""The sandboxed child: run as ``python -I _child.py RESULT_FD`` in an empty temporary folder (its cwd).

Order matters. Before any student code runs, this harness: reads and deletes ``job.json`` (the student's
code cells and the INPUTS of every case; never an expected output), imports what it needs, lowers the
resource limits (hard = soft, and setrlimit is then refused), and installs an audit hook that refuses
process creation, signals to other processes, sockets, ctypes, writes outside the folder and reads outside
the Python installation and the folder. Then it runs the cells one by one (an exception, a SyntaxError
or ``sys.exit`` is recorded and the next cell runs), calls each question's function on each case and
streams every result as a frame ``NONCE JSON\\n`` to the inherited pipe RESULT_FD, values encoded by
codec.py (JSON + base64, never pickle). Student stdout/stderr go to a size-capped file nobody reads.

What this does NOT stop: student code in this process can inspect the harness (find the nonce, write its
own frames). That gains nothing: any frame only carries values the student could have returned anyway,
and the expected outputs never enter this process. See the "For instructors" page.
"""
import builtins
import copy
import importlib.machinery
import json
import os
import resource
import signal
import sys
import traceback


def _load_codec():
    import importlib.util
    spec = importlib.util.spec_from_file_location("_lstm_codec", os.path.join(os.path.dirname(__file__), "codec.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_FORBIDDEN_EVENTS = ("code.__new__", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
                     "subprocess.Popen", "pty.spawn", "os.kill", "os.killpg", "os.startfile", "os.chroot",
                     "resource.setrlimit", "resource.prlimit", "os.symlink", "os.link", "sys.remote_exec")
_FORBIDDEN_PREFIXES = ("socket.", "ctypes.", "_ctypes", "mmap.", "signal.pthread_kill", "os.setuid",
                       "os.setgid", "os.setre", "os.setres", "os.chown", "os.lchown", "fcntl.")
_FORBIDDEN_IMPORTS = {"_posixsubprocess", "subprocess", "multiprocessing", "_multiprocessing", "ctypes",
                      "_ctypes", "socket", "_socket", "pty", "mmap", "asyncio", "concurrent.futures.process"}
_PATH_EVENTS = {"os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.truncate", "os.chmod", "os.utime",
                "shutil.rmtree", "os.chdir", "os.chflags", "os.setxattr", "os.removexattr", "os.listxattr",
                "os.getxattr", "shutil.copyfile", "shutil.copymode", "shutil.copystat", "shutil.move"}
_LIST_EVENTS = {"os.listdir", "os.scandir", "glob.glob", "glob.glob/2"}


class Refused(PermissionError):
    pass


def _inside(path, roots):
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def install_audit_hook(workdir, read_roots, deny_roots, max_files):
    """Refuse everything but computing, reading the Python installation and using ``workdir``."""
    realpath, fsdecode, write_flags = os.path.realpath, os.fsdecode, os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
    workdir = realpath(workdir)
    read_roots = tuple(realpath(r) for r in read_roots if realpath(r) != os.sep) + (workdir,)
    deny_roots = tuple(realpath(r) for r in deny_roots)
    opened_for_write = set()
    installed = tuple(r for r in read_roots if r != workdir)
    native_suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES) + (".so", ".pyd", ".dylib")

    def resolve(p):
        return realpath(fsdecode(p))

    def check_path(event, p, write):
        if isinstance(p, int):
            if event == "os.chdir":  # fchdir: the check below resolves relative paths against the cwd
                raise Refused("os.fchdir is not allowed while grading")
            return  # an already-open descriptor: only the ones this harness inherited exist
        path = resolve(p)
        if _inside(path, deny_roots):
            raise Refused(f"{event} of {path} is not allowed while grading")
        if event == "open" and not _inside(path, (workdir,)) and os.path.isdir(path):
            # A directory descriptor used as dir_fd= would let a relative path that this hook resolves
            # inside the folder open a file inside that directory instead (e.g. write into site-packages).
            raise Refused(f"opening the directory {path} is not allowed while grading")
        if path.endswith((".pyc", ".pyo")) and _inside(path, (workdir,)):
            raise Refused(f"{event} of compiled bytecode {path} is not allowed while grading")
        if write:
            if not _inside(path, (workdir,)):
                raise Refused(f"writing {path} is not allowed while grading (only the current folder)")
            opened_for_write.add(path)
            if len(opened_for_write) > max_files:
                raise Refused(f"more than {max_files} files written while grading")
        elif not (_inside(path, read_roots) or path in ("/dev/null", "/dev/urandom", "/dev/random")):
            raise Refused(f"{event} of {path} is not allowed while grading")

    def hook(event, args):
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None))[:3]
            write = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool((flags or 0) & write_flags)
            check_path("open", path, write)
        elif event in _PATH_EVENTS:
            for p in args[:2]:
                if isinstance(p, (str, bytes, os.PathLike)):
                    check_path(event, p, write=True)
        elif event in _LIST_EVENTS:
            if args and isinstance(args[0], (str, bytes, os.PathLike)):
                check_path(event, args[0], write=False)
        elif event == "import":
            if args and args[0] in _FORBIDDEN_IMPORTS:
                raise Refused(f"importing {args[0]} is not allowed while grading")
            filename = args[1] if len(args) > 1 else None
            if isinstance(filename, (str, bytes)) and fsdecode(filename).endswith(native_suffixes) \
                    and not _inside(resolve(filename), installed):
                # native code written by the student would bypass every check here
                raise Refused(f"loading the compiled module {fsdecode(filename)} is not allowed while grading")
        elif event in ("marshal.loads", "marshal.load"):
            # Hand-made bytecode can corrupt memory; only the import system may unmarshal (cached .pyc)
            callers = (sys._getframe(1).f_code.co_filename, sys._getframe(2).f_code.co_filename)
            if not all(c.startswith("<frozen importlib") for c in callers):
                raise Refused(f"{event} is not allowed while grading")
        elif event in _FORBIDDEN_EVENTS or event.startswith(_FORBIDDEN_PREFIXES):
            raise Refused(f"{event} is not allowed while grading")

    for name in list(sys.modules):  # cached modules skip the import event: drop the dangerous ones
        if name.split(".")[0] in _FORBIDDEN_IMPORTS or name in _FORBIDDEN_IMPORTS:
            del sys.modules[name]
    sys.addaudithook(hook)


def set_limits(limits):
    mb = 1024 * 1024
    for which, value in ((resource.RLIMIT_AS, limits["memory_mb"] * mb), (resource.RLIMIT_CPU, limits["cpu_s"]),
                         (resource.RLIMIT_FSIZE, limits["fsize_mb"] * mb), (resource.RLIMIT_NPROC, 1),
                         (resource.RLIMIT_CORE, 0)):
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # too much output -> OSError in the student's write


def _strip_magics(src):
    """IPython magics and shell escapes are not Python: run the rest of the cell."""
    lines = []
    for line in src.splitlines():
        stripped = line.lstrip()
        lines.append(line[: len(line) - len(stripped)] + "pass  # magic" if stripped[:1] in ("%", "!") else line)
    return "\n".join(lines)


class _SoftTimeout(BaseException):
    pass


def main():
    result_fd = int(sys.argv[1])
    with open("job.json", encoding="utf-8") as f:
        job = json.load(f)
    os.remove("job.json")
    codec = _load_codec()
    import numpy  # noqa: F401  (imported before the hook: student code gets it from the cache)

    # Bound now: student code may later replace json.dumps, os.write or codec functions in this process.
    nonce, write, dumps, loads, jdumps = job["nonce"].encode(), os.write, codec.dumps, json.loads, json.dumps

    def frame(**msg):
        data = nonce + b" " + jdumps(msg, allow_nan=True).encode() + b"\n"
        while data:
            data = data[write(result_fd, data):]

    def encoded(value):
        try:
            return loads(dumps(value))
        except Exception as exc:  # e.g. a tuple subclass whose __iter__ raises
            return {"__opaque__": f"a value that could not be read back ({type(exc).__name__})"}

    def soft_limit(*_):
        raise _SoftTimeout()

    def short_error(exc):
        """(full message, brief): the brief names only the kind and place, for hidden cases."""
        tb = traceback.extract_tb(exc.__traceback__)
        where = next((f" (line {t.lineno} of {t.filename})" for t in reversed(tb) if t.filename in cell_names), "")
        if isinstance(exc, _SoftTimeout):
            text = f"took longer than {job['limits']['item_s']:g} s (time limit)"
            return text, text
        if isinstance(exc, SystemExit):
            return "called sys.exit() or exit()", "called sys.exit() or exit()"
        if isinstance(exc, SyntaxError):
            return f"SyntaxError: {exc.msg} (line {exc.lineno})", f"SyntaxError (line {exc.lineno})"
        name = type(exc).__name__
        return f"{name}: {str(exc)[:300]}{where}", f"raised {name}{where}"

    def guarded(fn):
        signal.setitimer(signal.ITIMER_REAL, job["limits"]["item_s"])
        try:
            return True, fn()
        except BaseException as exc:  # noqa: BLE001  (sys.exit, KeyboardInterrupt, timeouts: all recorded)
            return False, exc
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    cell_names = set(job["names"])  # "code cell 5": how the feedback names each cell
    cases = {q["id"]: [(codec.decode(c["args"]), codec.decode(c["kwargs"])) for c in q["cases"]] for q in job["questions"]}
    set_limits(job["limits"])
    signal.signal(signal.SIGALRM, soft_limit)
    install_audit_hook(os.getcwd(), job["read_roots"], job["deny_roots"], job["limits"]["max_files"])

    user = {"__name__": "__main__", "__builtins__": builtins}
    for k, src in enumerate(job["cells"]):
        if k in job["skip_cells"]:
            continue
        frame(t="begin", item=f"cell {k}")
        ok, err = guarded(lambda: exec(compile(_strip_magics(src), job["names"][k], "exec"), user))
        frame(t="cell", k=k, error=None if ok else short_error(err)[0])
    for q in job["questions"]:
        frame(t="begin", item=q["id"])
        name = q["function"] or q["variable"]
        if name not in user:
            frame(t="missing", q=q["id"], name=name)
        elif q["variable"]:
            ok, out = guarded(lambda: encoded(user[name]))
            frame(t="case", q=q["id"], k=0, **({"value": out} if ok else dict(zip(("error", "brief"), short_error(out)))))
        else:
            fn = user[name]
            timed_out = False
            for k, (args, kwargs) in enumerate(cases[q["id"]]):
                if timed_out:  # one endless case is enough: do not spend the time limit again on each
                    frame(t="case", q=q["id"], k=k, error="not run: an earlier case hit the time limit",
                          brief="not run: an earlier case hit the time limit")
                    continue
                ok, out = guarded(lambda: encoded(fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))))
                timed_out = not ok and isinstance(out, _SoftTimeout)
                frame(t="case", q=q["id"], k=k, **({"value": out} if ok else dict(zip(("error", "brief"), short_error(out)))))
        frame(t="end", item=q["id"])
    frame(t="done")
    os._exit(0)  # do not wait for threads the student started


if __name__ == "__main__":
    main()
