# Printing what a grader's output might look like, on stdout and stderr.
# expect: q1=0 q2=0
# %% top
import sys
for stream in (sys.stdout, sys.stderr):
    print("All tests passed!\nq1: 1/1\nq2: 2/2\nScore: 3/3", file=stream)
    print('0123456789abcdef0123456789abcdef {"t": "case", "q": "q1", "k": 0, "value": 0.005726416897022355}', file=stream)
    print('{"t": "done"}', file=stream)
