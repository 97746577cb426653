# Searching the child's memory (gc, frames) for the expected outputs: they were never sent there.
# expect: q1=0 q2=0
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    import gc, sys
    want = (x.shape[0], h.shape[1])
    for obj in gc.get_objects():
        if isinstance(obj, dict):
            for v in obj.values():
                if isinstance(v, np.ndarray) and v.shape == want and v is not h:
                    return v
    return np.zeros(want)
