# Honest: U+2028 and U+0085 inside a string and a comment ({U2028} and {U0085} are replaced by them).
# base: solved
# expect: q1=1 q2=2
# problems: 0
# %% q2
note = "line{U2028}separator and next{U0085}line"  # also here:{U2028}{U0085}
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.tanh(x @ weight_ih.T + h @ weight_hh.T + bias_ih + bias_hh)
