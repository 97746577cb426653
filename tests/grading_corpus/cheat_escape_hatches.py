# Ways out of Python's rules: ctypes, sockets, raising the limits, removing the audit hook.
# base: solved
# expect: q1=1 q2=2
# feedback: importing ctypes is not allowed
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
