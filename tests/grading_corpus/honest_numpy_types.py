# Honest: answers as NumPy scalars, a 0-d array, longdouble and big-endian arrays.
# base: solved
# expect: q1=1 q2=2
# problems: 0
# %% q1
answer_q1 = np.longdouble(0.9) ** 49
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    out = np.tanh(x @ weight_ih.T + h @ weight_hh.T + bias_ih + bias_hh)
    return out.astype(">f8") if out.shape[0] > 1 else out.astype(np.longdouble)
