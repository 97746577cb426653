"""An LSTM cell with hand-set weights that works as a first-in-first-out queue over K memory slots.

Slot k is unit k of the cell state c (H = K); slot 0 holds the oldest value. The input x_t (1, D) with
D = 4 + K is an instruction: [value, is_enqueue, is_read, is_shift, address one-hot (K)]. The weights
decode it into gate pre-activations of size +-s (s = gate_strength, sigmoid(20) = 1 - 2e-9), so the
gates act as switches. Everything the queue stores lives in c; the Python controller only counts how
many values the queue holds (to pick the address), as a pointer register would.

    enqueue v into free slot n:  i = 1 at n, 0 elsewhere; f = 0 at n, 1 elsewhere; g = tanh(v); o = 0
    dequeue, step 1 (read):      i = 0, f = 1, o = 1: h = tanh(c) and h[0] is the value returned
    dequeue, step 2 (shift):     f = 0 (wipe), i = 1, g[k] = tanh(h[k+1]) through weight_hh; o = 0

A dequeue takes two cell steps because the candidate g can see the other slots only through the
previous step's h (weight_hh has ones just above the diagonal of its g block), and h shows the slots
only while the output gate is open.

Trace of the article's number, enqueue 0.9 and dequeue it:
    enqueue: c[0] = i * g = tanh(0.9) = 0.7163         (squash 1: the candidate's tanh)
    read:    h[0] = o * tanh(c[0]) = tanh(0.7163) = 0.61461  (squash 2: the output's tanh)
so 0.9 comes back as 0.614. A value that moves forward m slots before it leaves passes through two
more tanh per move (output, then candidate), and reads back as tanh applied 2 + 2m times: an LSTM is an
analog memory, and every copy inside it costs precision.
"""
from __future__ import annotations

import numpy as np

from .data import check_fifo_op, check_int
from .lstm import lstm_step

OPS = ("enqueue", "read", "shift")


def fifo_params(n_slots: int, gate_strength: float = 20.0) -> dict:
    """Hand-set LSTM params for a K-slot queue (H = K, D = 4 + K), float64, PyTorch's layout (i, f, g, o).

    weight_ih (4K, 4 + K), weight_hh (4K, K), bias_ih (4K,), bias_hh (4K,) (all zero: bias_ih does it).
    """
    K = check_int("n_slots", n_slots, 1)
    s = float(gate_strength)
    if not s > 0:
        raise ValueError(f"gate_strength must be a positive number, got {gate_strength!r}")
    w_ih, w_hh, b = np.zeros((4 * K, 4 + K)), np.zeros((4 * K, K)), np.zeros(4 * K)
    i, f, g, o = (slice(k * K, (k + 1) * K) for k in range(4))
    VALUE, ENQ, READ, SHIFT, ADDR = 0, 1, 2, 3, slice(4, 4 + K)
    # Input gate, slot j: +s if (enqueue and j is the address) or shift, else -s.
    w_ih[i, ADDR], w_ih[i, SHIFT], b[i] = 2 * s * np.eye(K), 2 * s, -s
    # Forget gate: keep (+s) unless shifting (wipe all) or j is the enqueue address (clear it first).
    w_ih[f, ADDR], w_ih[f, SHIFT], b[f] = -2 * s * np.eye(K), -2 * s, s
    # Candidate: the value to enqueue, plus h[j+1] of the previous step (nonzero only after a read).
    w_ih[g, VALUE], w_hh[g] = 1.0, np.eye(K, k=1)
    # Output gate: open only to read.
    w_ih[o, READ], b[o] = 2 * s, -s
    return {"weight_ih": w_ih, "weight_hh": w_hh, "bias_ih": b, "bias_hh": np.zeros(4 * K)}


def fifo_input(op: str, n_slots: int, value: float = 0.0, slot: int | None = None) -> np.ndarray:
    """The instruction x_t (1, 4 + K) for one cell step: op "enqueue" (needs value and slot), "read" or "shift"."""
    K = check_int("n_slots", n_slots, 1)
    if op not in OPS:
        raise ValueError(f"op must be one of {OPS}, got {op!r}")
    x = np.zeros((1, 4 + K))
    x[0, 1 + OPS.index(op)] = 1.0
    if op == "enqueue":
        x[0, 0] = float(value)
        x[0, 4 + check_int("slot", slot, 0, K - 1)] = 1.0
    return x


class FifoLSTM:
    """A K-slot queue run by an LSTM cell with the weights of :func:`fifo_params`.

    q = FifoLSTM(4); q.enqueue(0.9); q.dequeue()  ->  0.61461 (= tanh(tanh(0.9)))
    State: h, c (1, K). q.slots is c[0] (slot contents), q.trace a list of (label, lstm_step cache),
    one per cell step, so a chapter can plot the gates.
    """

    def __init__(self, n_slots: int, gate_strength: float = 20.0):
        self.n_slots = check_int("n_slots", n_slots, 1)
        self.p = fifo_params(n_slots, gate_strength)
        self.reset()

    def reset(self) -> None:
        self.h, self.c = np.zeros((1, self.n_slots)), np.zeros((1, self.n_slots))
        self.length, self.trace = 0, []

    @property
    def slots(self) -> np.ndarray:
        """The cell state, slot 0 (oldest) first, shape (K,)."""
        return self.c[0].copy()

    def _step(self, op: str, label: str, **kw) -> dict:
        (self.h, self.c), cache = lstm_step(fifo_input(op, self.n_slots, **kw), (self.h, self.c), self.p)
        self.trace.append((label, cache))
        return cache

    def enqueue(self, value: float) -> None:
        """Write tanh(value) into the first free slot (one cell step)."""
        if self.length == self.n_slots:
            raise ValueError(f"cannot enqueue onto a full queue ({self.n_slots} slots)")
        self._step("enqueue", f"enqueue {value:+.2f}", value=value, slot=self.length)
        self.length += 1

    def dequeue(self) -> float:
        """Return tanh(slot 0) and move every other slot one place forward (two cell steps)."""
        if self.length == 0:
            raise ValueError("cannot dequeue from an empty queue")
        out = float(self._step("read", "read")["h"][0, 0])
        self._step("shift", "shift")
        self.length -= 1
        return out

    def run(self, program) -> tuple[np.ndarray, list]:
        """Run a program of ("enqueue", v) / ("dequeue", None) pairs (lstmlib.data.fifo_program).

        Returns (slots (n_ops, K), the cell state after each operation; outputs, the value each dequeue
        returned or None), the same layout as lstmlib.data.run_fifo_reference.
        """
        slots, outputs = [], []
        for k, op in enumerate(program):
            check_fifo_op(k, op)
            outputs.append(self.enqueue(op[1]) if op[0] == "enqueue" else self.dequeue())
            slots.append(self.slots)
        return np.array(slots).reshape(len(slots), self.n_slots), outputs
