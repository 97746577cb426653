# Memory floods: at top level (recorded, graded on) and in the function (that question scores 0).
# base: solved
# expect: q1=1 q2=0
# feedback: MemoryError
# %% top
hog = [bytearray(10 ** 8) for _ in range(100)]
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.ones((10 ** 5, 10 ** 5))
