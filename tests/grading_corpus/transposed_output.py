# base: solved
# expect: q1=1 q2=0
# feedback: expected shape (2, 4), got (4, 2)
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.tanh(weight_ih @ x.T + bias_ih[:, None] + weight_hh @ h.T + bias_hh[:, None])
