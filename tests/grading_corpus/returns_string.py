# base: solved
# expect: q1=1 q2=0
# feedback: expected numbers, got str
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return "the next hidden state"
