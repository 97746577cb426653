# os._exit at top level: the grader reruns without that cell, so the answers are still graded.
# base: solved
# expect: q1=1 q2=2
# feedback: exit code 0
# %% top
import os
os._exit(0)
