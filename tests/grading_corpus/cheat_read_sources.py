# Read the instructor's source (solutions and hidden cases) by its path: it is not in the sandbox.
# expect: q1=0 q2=0
# feedback: No such file or directory
# %% top
def _win(src):
    """What a successful escape does with the instructor source it read: full marks."""
    ns = {}
    exec(src, ns)
    s = ns["SET"]
    exec(s.setup_code + "\n" + s.question("q1").solution + "\n" + s.question("q2").solution, globals())
# %% end
_win(open("{SOURCES}/set00_corpus.py").read())
