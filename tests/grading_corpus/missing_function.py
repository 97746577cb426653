# base: solved
# expect: q1=1 q2=0
# feedback: `rnn_step` is not defined
# %% q2
def rnn_stp(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.tanh(x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)
