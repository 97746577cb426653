# Hard-coding the public cases' expected outputs (they are in the notebook): the hidden cases catch it.
# expect: q1=0 q2=0.8
# %% q2
PUBLIC_Q2 = {PUBLIC_Q2}

def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    for x_public, expected in PUBLIC_Q2:
        if x.shape == x_public.shape and np.array_equal(x, x_public):
            return expected
    return np.zeros((x.shape[0], h.shape[1]))
