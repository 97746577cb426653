# A loop that swallows the soft limit's exception: the parent's wall clock kills the whole process group.
# base: solved
# expect: q1=1 q2=0
# feedback: time limit
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    import signal
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
