# Honest: magics, a shell escape and a cell magic next to PEP 8 line breaks before binary operators.
# base: solved
# expect: q1=1 q2=2
# problems: 0
# %% top
%matplotlib inline
!echo hello
import numpy as np
# %% top
%%time
total = (1
         + 2
         - 3)
# %% q2
%load_ext autoreload
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    pre = (x @ weight_ih.T
           + h @ weight_hh.T
           + bias_ih
           + bias_hh)
    return np.tanh(pre)
