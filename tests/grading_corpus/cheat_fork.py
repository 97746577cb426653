# Processes: fork, subprocess, os.system, posix_spawn, the private fork_exec, signals to the grader.
# base: solved
# expect: q1=1 q2=0
# feedback: Resource temporarily unavailable
# %% top
import os, time
for _ in range(200):
    if os.fork() == 0:
        time.sleep(30)
        os._exit(0)
# %% top
import os
os.system("touch {CANARY}")
# %% top
import subprocess
subprocess.run(["sh", "-c", "echo hacked > {CANARY}"])
# %% top
import _posixsubprocess
# %% top
import os
os.kill(os.getppid(), 9)
# %% top
import os
os.posix_spawn("/bin/sh", ["sh", "-c", "echo hacked > {CANARY}"], {})
# %% top
import multiprocessing
# %% q2
def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    import os
    while True:
        os.fork()
