# Killing the grader from inside: the parent process and every process it can see.
# base: solved
# expect: q1=1 q2=2
# %% top
import os, signal
os.kill(os.getppid(), signal.SIGKILL)
for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:
    if pid != os.getpid():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
