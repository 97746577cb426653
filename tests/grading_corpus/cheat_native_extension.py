# Native code: copy a compiled extension into the sandbox folder and import it from there (a real attack
# would compile its own, which then could do anything). Allowed: native code is held by the same sandbox.
# base: solved
# expect: q1=1 q2=2
# feedback: RuntimeError: loaded
# %% top
import os, sys, glob, shutil
dynload = [p for p in sys.path if p.endswith("lib-dynload")][0]
so = [n for n in os.listdir(dynload) if n.startswith("_bisect.")][0]
with open(os.path.join(dynload, so), "rb") as src, open(so, "wb") as dst:
    dst.write(src.read())
sys.modules.pop("_bisect", None)
sys.path.insert(0, os.getcwd())
import _bisect
raise RuntimeError("loaded " + _bisect.__file__)
