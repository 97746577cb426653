""".ci/offline runs a command with no network (unshare -n, loopback up), or says loudly that it cannot.

``bash .ci/test`` runs the whole suite through it, and ``bash .ci/book`` the build: where the machine allows
it, every test and the book's build ran with no way out. The website tests also check that no page asks for
anything outside localhost (test_site_browser.py).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys

from conftest import REPO

PROBE = """
import socket, sys
try:
    socket.create_connection(("1.1.1.1", 53), timeout=3).close()
    outside = "reachable"
except OSError as err:
    outside = f"unreachable ({err.__class__.__name__})"
server = socket.create_server(("127.0.0.1", 0))
client = socket.create_connection(server.getsockname(), timeout=3)
conn, _ = server.accept(); client.sendall(b"ok"); loop = conn.recv(2).decode()
print(outside, "loopback", loop)
"""


def outside_reachable() -> bool:
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=3).close()
        return True
    except OSError:
        return False


def test_offline_runs_with_loopback_only_or_says_why_not():
    proc = subprocess.run(["bash", str(REPO / ".ci" / "offline"), sys.executable, "-c", PROBE],
                          capture_output=True, text=True, env={k: v for k, v in os.environ.items()
                                                               if k != "LSTM_ONLINE"})
    assert proc.returncode == 0, proc.stderr
    if "[offline] no network" in proc.stderr:
        assert proc.stdout.startswith("unreachable") and "loopback ok" in proc.stdout, proc.stdout
    else:
        assert "NOT OFFLINE" in proc.stderr, f"fell back to the network without the banner: {proc.stderr}"


def test_this_run_is_offline_when_ci_says_so():
    """Under ``bash .ci/test`` on a machine that allows it (LSTM_OFFLINE=1), the suite itself has no network."""
    if os.environ.get("LSTM_OFFLINE") == "1":
        assert not outside_reachable(), "LSTM_OFFLINE=1 but 1.1.1.1 is reachable"
