# os._exit kills the child: the question running then scores 0, the questions before it keep their score.
# base: solved
# expect: q1=1 q2=0
# feedback: exit code 7
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    import os
    os._exit(7)
