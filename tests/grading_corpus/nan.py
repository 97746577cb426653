# base: solved
# expect: q1=0 q2=0
# feedback: contains NaN
# %% q1
answer_q1 = float("nan")
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.full((x.shape[0], h.shape[1]), np.nan)
