# A process left behind that rewrites grades.csv once the grader has finished (the test waits, then checks).
# expect: q1=0 q2=0
# %% top
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        for _ in range(1200):
            time.sleep(0.25)
            if os.path.exists("{OUT}/grades.csv"):
                time.sleep(1)
                open("{OUT}/grades.csv", "w").write("student,total\nforged,3\n")
                break
        os._exit(0)
    os._exit(0)
