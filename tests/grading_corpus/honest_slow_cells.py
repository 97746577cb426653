# Honest: ten cells of 1.5 s each, inside the submission's time budget.
# base: solved
# expect: q1=1 q2=2
# problems: 0
# %% top
import time
time.sleep(1.5)
# %% top
import time
time.sleep(1.5)
# %% top
import time
time.sleep(1.5)
# %% top
import time
time.sleep(1.5)
# %% top
import time
time.sleep(1.5)
# %% top
import time
time.sleep(1.5)
# %% top
import time
time.sleep(1.5)
# %% top
import time
time.sleep(1.5)
# %% top
import time
time.sleep(1.5)
# %% top
import time
time.sleep(1.5)
