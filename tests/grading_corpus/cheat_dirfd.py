# Relative paths against a folder descriptor, from a deeper working folder (an old escape of path checks).
# expect: q1=0 q2=0
# %% top
def _win(src):
    """What a successful escape does with the instructor source it read: full marks."""
    ns = {}
    exec(src, ns)
    s = ns["SET"]
    exec(s.setup_code + "\n" + s.question("q1").solution + "\n" + s.question("q2").solution, globals())
# %% end
import os
os.makedirs("a/b/c")
os.chdir("a/b/c")
root = os.open("/", os.O_RDONLY)
rel = os.path.relpath("{SOURCES}/set00_corpus.py", "/")
_win(os.read(os.open(rel, os.O_RDONLY, dir_fd=root), 1 << 20).decode())
