# A new subinterpreter has no audit hook of its parent (an old escape): there is no hook to escape now, and
# the file is still not there.
# expect: q1=0 q2=0
# %% top
def _win(src):
    """What a successful escape does with the instructor source it read: full marks."""
    ns = {}
    exec(src, ns)
    s = ns["SET"]
    exec(s.setup_code + "\n" + s.question("q1").solution + "\n" + s.question("q2").solution, globals())
# %% end
import _xxsubinterpreters as interpreters
sub = interpreters.create()
interpreters.run_string(sub, "open('stolen.py', 'w').write(open('{SOURCES}/set00_corpus.py').read())")
# %% end
_win(open("stolen.py").read())
