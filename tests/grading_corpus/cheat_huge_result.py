# A result too large to send back.
# base: solved
# expect: q1=1 q2=0
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.ones(10_000_000)  # 80 MB: more than the 64 MB the grader reads back
