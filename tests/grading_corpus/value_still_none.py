# base: solved
# expect: q1=0 q2=2
# feedback: `answer_q1` is still None
# %% q1
answer_q1 = None
