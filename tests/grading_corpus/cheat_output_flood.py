# Output floods: stdout goes to a size-capped file, so the flood stops with an error.
# base: solved
# expect: q1=1 q2=0
# feedback: File too large
# %% top
while True:
    print("A" * 100000)
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    import sys
    while True:
        sys.stderr.write("B" * 100000)
