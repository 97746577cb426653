# base: solved
# expect: q1=1 q2=0
# feedback: Case 1 (one example, D=2, H=3): ValueError: matmul
# feedback: Hidden case 1: raised ValueError
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.tanh(x @ weight_ih + bias_ih + h @ weight_hh.T + bias_hh)  # (N, D) @ (H, D): wrong
