# base: solved
# expect: q1=0 q2=2
# feedback: Likely mistake: That is how much was lost
# %% q1
answer_q1 = 1 - 0.9 ** 49
