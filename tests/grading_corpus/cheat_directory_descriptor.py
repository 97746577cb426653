# Relative paths with dir_fd= (or after fchdir) are resolved by the kernel against another folder than the
# one the audit hook sees: so descriptors of folders outside the sandbox are refused (folders inside it are
# harmless: a path that climbs out of them climbs out of the sandbox first, and the hook sees that).
# base: solved
# expect: q1=1 q2=2
# feedback: Read-only file system
# %% top
import os, sys
fd = os.open("{PACKAGE_DIR}", os.O_RDONLY)
os.close(os.open("zz_sandbox_escape_canary.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd))
# %% top
import os, sys
fd = os.open(sys.prefix, os.O_RDONLY | getattr(os, "O_PATH", 0))
# %% top
import os
os.mkdir("sub")
os.fchdir(os.open("sub", os.O_RDONLY))
