# Phoning home: there is no network in the sandbox, not even loopback.
# base: solved
# expect: q1=1 q2=2
# feedback: Network is unreachable
# %% top
import socket
socket.create_connection(("1.1.1.1", 53), timeout=2)
