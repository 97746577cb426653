# base: solved
# expect: q1=0 q2=2
# feedback: Your value: answer_q1: expected numbers, got str
# %% q1
answer_q1 = "0.0057"
