# sys.exit at top level is recorded and grading goes on; inside the function it fails that question only.
# base: solved
# expect: q1=1 q2=0
# feedback: called sys.exit() or exit()
# %% top
import sys
sys.exit(0)
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    import sys
    sys.exit(0)
