# Calling the C library's open() directly, past anything Python could check.
# expect: q1=0 q2=0
# %% top
def _win(src):
    """What a successful escape does with the instructor source it read: full marks."""
    ns = {}
    exec(src, ns)
    s = ns["SET"]
    exec(s.setup_code + "\n" + s.question("q1").solution + "\n" + s.question("q2").solution, globals())
# %% end
import ctypes, os
libc = ctypes.CDLL(None)
fd = libc.open(b"{SOURCES}/set00_corpus.py", 0)
assert fd >= 0, "open() failed"
_win(os.read(fd, 1 << 20).decode())
