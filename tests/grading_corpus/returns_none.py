# base: solved
# expect: q1=1 q2=0
# feedback: did you forget a return?
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    np.tanh(x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)
