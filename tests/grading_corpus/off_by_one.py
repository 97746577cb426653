# base: solved
# expect: q1=0 q2=2
# feedback: Likely mistake: Off by one in time: 49 steps separate step 1 from step 50, not 50.
# %% q1
answer_q1 = 0.9 ** 50
