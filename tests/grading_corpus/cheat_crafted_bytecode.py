# Hand-made code objects and bytecode (a classic way to corrupt memory from Python): allowed now, because at
# worst they crash their own sandboxed process; the answers are still graded.
# base: solved
# expect: q1=1 q2=2
# %% top
f = lambda: 1
f.__code__ = f.__code__.replace(co_code=f.__code__.co_code)
# %% top
import marshal
marshal.loads(marshal.dumps(compile("1", "x", "eval")))
# %% top
import importlib.util, marshal, sys
open("evil.pyc", "wb").write(importlib.util.MAGIC_NUMBER + b"\0" * 12 + marshal.dumps(compile("X = 1", "e", "exec")))
sys.path.insert(0, ".")
import evil
