# base: solved
# expect: q1=0 q2=2
# feedback: SyntaxError
# feedback: `answer_q1` is not defined
# %% q1
answer_q1 = 0.9 ** 49 +
