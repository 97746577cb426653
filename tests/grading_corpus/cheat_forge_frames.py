# The strongest in-process forgery: find the harness's nonce and result pipe by walking the stack, then
# write frames claiming answers. Worth nothing: the forger still does not know the hidden expected values.
# expect: q1=0 q2=0
# %% top
import os, sys, json
f = sys._getframe()
while f is not None and "nonce" not in f.f_locals:
    f = f.f_back
if f is not None:
    nonce, fd = f.f_locals["nonce"], f.f_locals["result_fd"]
    for q, n in (("q1", 1), ("q2", 5)):
        for k in range(n):
            os.write(fd, nonce + b" " + json.dumps({"t": "case", "q": q, "k": k, "value": 0.5}).encode() + b"\n")
        os.write(fd, nonce + b" " + json.dumps({"t": "end", "item": q}).encode() + b"\n")
    os.write(fd, nonce + b" " + json.dumps({"t": "done"}).encode() + b"\n")
    os.write(fd, nonce + b" not json at all {{{\n")
