# Honest: the value as a NumPy float32 scalar, the function returning big-endian float32.
# base: solved
# expect: q1=1 q2=2
# problems: 0
# %% q1
answer_q1 = np.float32(0.9) ** 49
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.tanh(x @ weight_ih.T + h @ weight_hh.T + bias_ih + bias_hh).astype(">f4")
