# Honest: the value as a 0-d float32 array (float32 is within this question's tolerance).
# base: solved
# expect: q1=1 q2=2
# problems: 0
# %% q1
answer_q1 = np.array(0.9 ** 49, dtype=np.float32).reshape(())
