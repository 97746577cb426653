# Ways out of Python's rules: ctypes, sockets, raising the limits. Python allows them; the kernel refuses
# what matters (the limits cannot be raised, there is no network).
# base: solved
# expect: q1=1 q2=2
# feedback: not allowed to raise maximum limit
# %% top
import ctypes
# %% top
import socket
# %% top
import resource
resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
# %% top
import sys
sys.audit_hooks = []  # there is no API to remove a hook; this does nothing
