# Reading the instructor's sources (solutions, hidden tests) in every way Python offers.
# expect: q1=0 q2=0
# feedback: No such file or directory
# %% top
src = open("{EXERCISES}/set01_fleeting_memory.py").read()
# %% top
import os
print(os.listdir("{EXERCISES}"))
# %% top
import sys
sys.path.insert(0, "{EXERCISES}")
import set01_fleeting_memory
# %% top
from lstmlib.grading import spec, reference
exset = spec.load_set("set01")
# %% top
import os
print(open(f"/proc/{os.getppid()}/cmdline").read())
# %% top
import os
os.chdir("{EXERCISES}")
# %% top
import os
os.symlink("{EXERCISES}/set01_fleeting_memory.py", "link.py")
# %% top
import io
io.open_code("{EXERCISES}/set01_fleeting_memory.py").read()
# %% q1
answer_q1 = 0.5
