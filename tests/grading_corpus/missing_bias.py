# base: solved
# expect: q1=1 q2=0
# feedback: Likely mistake: Forgot a bias
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.tanh(x @ weight_ih.T + h @ weight_hh.T + bias_hh)
