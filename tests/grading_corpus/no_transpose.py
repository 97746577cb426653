# base: solved
# expect: q1=1 q2=0
# feedback: Likely mistake: Used weight_hh without transposing it
# feedback: Case 1 (one example, D=2, H=3): output: 
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.tanh(x @ weight_ih.T + bias_ih + h @ weight_hh + bias_hh)
