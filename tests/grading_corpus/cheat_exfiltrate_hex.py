# Hidden inputs hex- and base64-encoded into exception messages, on hidden cases and, stashed, on a later
# public case: hidden cases are reported by exception type only, and public ones run before any hidden input.
# expect: q1=0 q2=0
# feedback: Hidden case 1: raised ValueError
# %% q2
import base64
SEEN = []
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    SEEN.append(x.tobytes().hex() + " " + base64.b64encode(weight_ih.tobytes()).decode())
    raise ValueError(" | ".join(SEEN))
