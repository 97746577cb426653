# base: solved
# expect: q1=1 q2=2
# feedback: RuntimeError: a cell that fails
# %% top
raise RuntimeError("a cell that fails; the cells after it still run")
