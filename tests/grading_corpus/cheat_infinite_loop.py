# An endless loop in the function: the soft per-case limit stops it.
# base: solved
# expect: q1=1 q2=0
# feedback: time limit
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    while True:
        pass
