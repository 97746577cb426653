# Overwriting a classmate's notebook before the grader reads it (the test checks victim_solved keeps 3/3).
# expect: q1=0 q2=0
# feedback: No such file or directory
# %% top
open("{SUBMISSIONS}/victim_solved.ipynb", "w").write("{}")
