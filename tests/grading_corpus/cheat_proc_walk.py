# Walking /proc for the grader: its command line names the exercises, and /proc/PID/root is its filesystem.
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
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        _win(open(f"/proc/{pid}/root{SOURCES}/set00_corpus.py").read())
        break
    except OSError:
        pass
else:
    raise RuntimeError("no process shows the grader's files")
