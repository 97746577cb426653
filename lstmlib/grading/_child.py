"""The child that runs one submission, inside the sandbox: ``python -I -S _child.py RESULT_FD [--drop UID]``.

Python restricts nothing here: the operating system does (see sandbox.py). This harness only runs the code
and reports what came out. In order:

1. ``--drop UID`` (only when the grader is root and bubblewrap ran without a user namespace, so that the
   process is not root outside, and util-linux's ``setpriv``/``unshare`` are missing; sandbox.py uses those
   when it can, they do the same for less CPU): set uid and gid to UID, create a new user namespace
   mapping UID to itself, and exec this script again, which leaves it with no capabilities at all.
2. Read phase 1 of the job from stdin (a length-prefixed JSON frame: code cells and PUBLIC case inputs),
   point stdout/stderr at a file in the sandbox's own folder, and lower the resource limits (hard = soft:
   they cannot be raised again).
3. Run the cells in one namespace (an exception, SyntaxError or ``sys.exit`` is recorded and the next cell
   runs). A cell that is not Python (magics, shell escapes) is parsed by IPython's own input transformer
   and its magics run as no-ops. Then call each function on its public cases.
4. Only then read phase 2 (the HIDDEN case inputs), run those, and report each hidden case with its
   exception's type only. Every result goes back as a frame on RESULT_FD (codec.py: plain data only).

Start-up is most of what grading a submission costs (a fresh interpreter and NumPy per submission, never
shared), so the interpreter starts with ``-S``: site.py would spend about 20 ms of CPU on .pth files and
the editable-install finder. ``use_site_path`` gives the process the same imports instead: the
site-packages folders the grader found (sandbox.child_path), ``lstmlib``, and site's builtins (``exit``,
``quit``, ``help``).
"""
import builtins
import copy
import ctypes
import gc
import importlib.util
import json
import os
import resource
import struct
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
CLONE_NEWUSER, PR_SET_DUMPABLE = 0x10000000, 4


def drop_to(uid: int) -> None:
    """uid/gid -> ``uid``, then a user namespace of our own, then exec again (no capabilities left)."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # setuid made /proc/self root's; we write our maps there
    if libc.unshare(CLONE_NEWUSER) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWUSER) failed")
    for name, text in (("uid_map", f"{uid} {uid} 1"), ("setgroups", "deny"), ("gid_map", f"{uid} {uid} 1")):
        fd = os.open(f"/proc/self/{name}", os.O_WRONLY)
        os.write(fd, text.encode())
        os.close(fd)
    args = [a for a in sys.argv[1:] if a != "--drop" and a != str(uid)]
    os.execv(sys.executable, [sys.executable, "-I", "-S", os.path.abspath(__file__), *args])


class _LstmlibFinder:
    """Finds ``lstmlib`` (the grader's package, bound read-only: this file's grandparent folder) when no
    sys.path entry holds it, as its editable install's finder does when site.py runs."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "lstmlib":
            return None
        package = os.path.dirname(HERE)
        return importlib.util.spec_from_file_location(name, os.path.join(package, "__init__.py"),
                                                      submodule_search_locations=[package])


def use_site_path(folders) -> None:
    """What site.py would have done for this -S interpreter: the site-packages ``folders`` (and the folders
    their .pth files name) on sys.path, lstmlib importable, and the builtins exit, quit, help, copyright."""
    sys.path.extend(f for f in folders if f not in sys.path)
    sys.meta_path.append(_LstmlibFinder())
    import site  # with -S, importing site runs nothing: only its helpers are used
    site.setquit()
    site.setcopyright()
    site.sethelper()


def _load_codec():
    spec = importlib.util.spec_from_file_location("_lstm_codec", os.path.join(HERE, "codec.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_frame(fd: int) -> dict:
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = os.read(fd, n - len(data))
            if not chunk:
                raise EOFError("the grader closed the job pipe")
            data += chunk
        return data
    (n,) = struct.unpack(">I", exactly(4))
    return json.loads(exactly(n).decode("utf-8"))


def set_limits(limits: dict) -> None:
    mb = 1 << 20
    for which, value in ((resource.RLIMIT_AS, limits["memory_mb"] * mb), (resource.RLIMIT_CPU, limits["cpu_s"]),
                         (resource.RLIMIT_FSIZE, limits["fsize_mb"] * mb), (resource.RLIMIT_NPROC, limits["nproc"]),
                         (resource.RLIMIT_NOFILE, 256), (resource.RLIMIT_CORE, 0)):
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass  # the profile reports which limits hold (sandbox.py checks the mode, not this)


class _IPythonStub:
    """What ``get_ipython()`` gives the transformed cells: magics and shell escapes do nothing."""

    def run_line_magic(self, *args, **kwargs):
        return None

    def run_cell_magic(self, *args, **kwargs):
        return None

    def system(self, *args, **kwargs):
        return None

    def getoutput(self, *args, **kwargs):
        return []

    def __getattr__(self, name):
        return lambda *a, **k: None


def python_source(src: str, name: str):
    """Compile a cell; if it is not Python, let IPython's input transformer rewrite its magics first."""
    try:
        return compile(src, name, "exec", dont_inherit=True)
    except SyntaxError as first:
        try:
            from IPython.core.inputtransformer2 import TransformerManager
            transformed = TransformerManager().transform_cell(src)
            return compile(transformed, name, "exec", dont_inherit=True)
        except Exception:
            raise first from None


def main():
    gc.disable()  # the harness's own imports (NumPy) make objects that live for the whole run: no need to
    # scan them, which costs about 8 ms; collection is back on before the first cell runs
    result_fd = int(sys.argv[1])
    job = read_frame(0)
    use_site_path(job["path"])
    codec = _load_codec()
    write, frame_bytes, encode = os.write, codec.frame_bytes, codec.encode  # bound before student code

    def frame(**msg):
        data = frame_bytes(msg)
        while data:
            data = data[write(result_fd, data):]

    cache = os.environ.get("LSTM_MPL_CACHE")
    if cache and os.path.isdir(cache):  # matplotlib's font list, built once by the grader
        for name in os.listdir(cache):
            with open(os.path.join(cache, name), "rb") as src, open(name, "wb") as dst:
                dst.write(src.read())
    out = os.open("output.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    import numpy  # noqa: F401  (the cost of importing it is the grader's, not a cell's)
    set_limits(job["limits"])
    gc.enable()
    cell_names = set(job["names"])

    def describe(exc):
        """(full message, type name): the full message only ever goes with a public case or a cell."""
        if isinstance(exc, SystemExit):
            return "called sys.exit() or exit()", "SystemExit"
        if isinstance(exc, SyntaxError):
            return f"SyntaxError: {exc.msg} (line {exc.lineno})", "SyntaxError"
        tb = traceback.extract_tb(exc.__traceback__)
        where = next((f" (line {t.lineno} of {t.filename})" for t in reversed(tb) if t.filename in cell_names), "")
        name = type(exc).__name__
        try:
            text = str(exc)[:300]
        except BaseException:  # noqa: BLE001  (a hostile __str__)
            text = "(its message could not be read)"
        return f"{name}: {text}{where}", name if type(exc).__module__ == "builtins" else "exception"

    def guarded(fn):
        try:
            return True, fn()
        except BaseException as exc:  # noqa: BLE001  (sys.exit, KeyboardInterrupt: all recorded)
            return False, exc

    def encoded(value):
        try:
            return encode(value)
        except BaseException as exc:  # noqa: BLE001
            return {"opaque": f"a value that could not be read ({type(exc).__name__})"}

    user = {"__name__": "__main__", "__builtins__": builtins, "get_ipython": _IPythonStub}
    for k, src in enumerate(job["cells"]):
        if k in job["skip_cells"]:
            continue
        frame(t="begin", item=f"cell {k}")
        ok, err = guarded(lambda: exec(python_source(src, job["names"][k]), user))
        frame(t="cell", k=k, error=None if ok else describe(err)[0])

    def run_cases(q, cases, hidden):
        fn = user[q["function"]]
        for k, (args, kwargs) in cases:
            ok, out = guarded(lambda: encoded(fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))))
            if ok:
                frame(t="case", q=q["id"], k=k, value=out)
            else:
                full, kind = describe(out)
                frame(t="case", q=q["id"], k=k, **({"kind": kind} if hidden else {"error": full, "kind": kind}))

    present = {}
    for q in job["questions"]:
        name = q["function"] or q["variable"]
        present[q["id"]] = name in user
        if not present[q["id"]]:
            frame(t="missing", q=q["id"], name=name)
            continue
        frame(t="begin", item=q["id"])
        if q["function"]:
            cases = [(k, (codec.decode(c["args"]), codec.decode(c["kwargs"]))) for k, c in q["public"]]
            run_cases(q, cases, hidden=False)
        else:  # a value: reported now, while this process knows no hidden input
            ok, out = guarded(lambda: encoded(user[q["variable"]]))
            frame(t="case", q=q["id"], k=0, **({"value": out} if ok else dict(zip(("error", "kind"), describe(out)))))
        frame(t="end-public", item=q["id"])
    frame(t="public-done")
    hidden = read_frame(0)  # the hidden inputs: only now, after every public message has been sent
    for q in job["questions"]:
        if not present[q["id"]]:
            continue
        frame(t="begin", item=q["id"])
        if q["function"]:
            cases = [(k, (codec.decode(c["args"]), codec.decode(c["kwargs"]))) for k, c in hidden[q["id"]]]
            run_cases(q, cases, hidden=True)
        frame(t="end", item=q["id"])
    frame(t="done")
    os._exit(0)  # do not wait for threads the student started


if __name__ == "__main__":
    if "--drop" in sys.argv:
        drop_to(int(sys.argv[sys.argv.index("--drop") + 1]))  # execs this script again, without --drop
    if "--probe" in sys.argv:  # sandbox.py's start-up check: who are we, and can we see the grader?
        os.write(int(sys.argv[1]), json.dumps({"uid": os.getuid(), "euid": os.geteuid()}).encode())
        os._exit(0)
    main()
