# Sleeping at top level and in the function.
# base: solved
# expect: q1=1 q2=0
# feedback: time limit
# %% top
import time
time.sleep(3600)
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    import time
    time.sleep(3600)
