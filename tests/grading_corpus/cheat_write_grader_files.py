# Writing, deleting or renaming files outside the sandbox folder ({CANARY} stands for the grader's files).
# expect: q1=0 q2=0
# feedback: No such file or directory
# %% top
open("{CANARY}", "w").write("hacked")
# %% top
import os
os.remove("{CANARY}")
# %% top
import os
os.rename("{CANARY}", "stolen")
# %% top
import os
fd = os.open("{CANARY}", os.O_WRONLY | os.O_TRUNC)
# %% top
import pathlib
pathlib.Path("{CANARY}").write_text("hacked")
# %% top
import shutil
shutil.copyfile("/etc/hostname", "{CANARY}")
# %% top
open("allowed_here.txt", "w").write("the sandbox folder itself is writable")
