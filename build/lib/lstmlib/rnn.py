"""The simple (Elman) tanh RNN in NumPy, with hand-written backward passes that match torch.nn.RNN, and the
backpropagation-through-time loop that the GRU and LSTM reuse.

PyTorch's equation, for one step with input x_t (N, D) and state h_{t-1} (N, H):

    h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)

or, with nonlinearity="relu" (nn.RNN(..., nonlinearity="relu")), max(0, .) in place of tanh.

weight_ih (H, D), weight_hh (H, H), bias_ih and bias_hh (H,). Written by hand although torch has it,
because the book teaches the computation; the tests compare every output and gradient with torch.

Caches (treat as read-only): the step cache holds "h" (N, H), "x", "h_prev", "params"; the sequence
cache holds "h" (T, N, H) = h_1..h_T, "x", "params". The sequence gradient dict also holds "h"
(T, N, H): the total dL/dh_t at each step, whose norm against t - T shows gradients vanishing.
"""
from __future__ import annotations

import numpy as np

from .activations import tanh_grad
from .checks import check_cell_inputs, check_upstream
from .linear import affine_backward, affine_forward

NONLINEARITIES = ("tanh", "relu")


def _check_nonlinearity(nonlinearity):
    if nonlinearity not in NONLINEARITIES:
        raise ValueError(f"nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
    return nonlinearity


def _activate(a, nonlinearity):
    """tanh or relu of a, in place."""
    return np.tanh(a, out=a) if nonlinearity == "tanh" else np.maximum(a, 0, out=a)


def _activation_grad(h, nonlinearity, out):
    """Slope of the activation at the point where it returned h, written into out."""
    if nonlinearity == "tanh":
        return tanh_grad(h, out=out)
    return np.greater(h, 0, out=out)     # relu: 1 where the output is positive, else 0


def step_upstream(dh, like, name="dh"):
    """Validate an upstream gradient (N, H) against a state of that shape and dtype; None becomes zeros."""
    (dh,) = check_upstream(((name, dh, "N H"),), dict(zip("NH", like.shape)), like.dtype)
    return np.zeros_like(like) if dh is None else dh


def backward_through_time(dy, dhT, hs, step) -> dict:
    """The backward time loop shared by the RNN, GRU and LSTM.

    dy (T, N, H) or None; dhT (N, H) or None (None means zeros); hs (T+1, N, H) the forward's states
    h_0..h_T (for shapes and dtype). step(t, dh_t) runs the cell's backward at step t given the total
    dL/dh_t and returns dL/dh_{t-1}. Returns {"h0": dL/dh_0 (N, H), "h": the totals dL/dh_t, (T, N, H)}.
    """
    T, N, H = hs.shape[0] - 1, hs.shape[1], hs.shape[2]
    dy, dhT = check_upstream((("dy", dy, "T N H"), ("dhT", dhT, "N H")), {"T": T, "N": N, "H": H}, hs.dtype)
    dh = np.zeros((N, H), hs.dtype) if dhT is None else dhT
    dh_steps = np.empty((T, N, H), hs.dtype)
    for t in reversed(range(T)):
        # h_t reaches the loss through the output y_t (dy[t]) and through step t+1 (dh).
        if dy is None:
            dh_steps[t] = dh
        else:
            np.add(dh, dy[t], out=dh_steps[t])
        dh = step(t, dh_steps[t])
    return {"h0": dh, "h": dh_steps}


def rnn_step(x_t, h_prev, p, nonlinearity="tanh"):
    """One RNN step. x_t (N, D); h_prev (N, H) or None for zeros; p: params; nonlinearity "tanh" or
    "relu". Returns (h (N, H), cache)."""
    _check_nonlinearity(nonlinearity)
    x_t, (h_prev,), p, _ = check_cell_inputs("rnn", x_t, (("h_prev", h_prev),), p, step=True)
    h = affine_forward(x_t, p["weight_ih"], p["bias_ih"] + p["bias_hh"])
    h += h_prev @ p["weight_hh"].T
    _activate(h, nonlinearity)
    return h.copy(), {"x": x_t, "h_prev": h_prev, "params": p, "h": h, "nonlinearity": nonlinearity}


def rnn_step_backward(dh, cache):
    """Backward of :func:`rnn_step`. dh (N, H) or None for zeros. Returns a dict with keys x (N, D),
    h_prev (N, H), weight_ih, weight_hh, bias_ih, bias_hh."""
    p = cache["params"]
    slope = _activation_grad(cache["h"], cache.get("nonlinearity", "tanh"), np.empty_like(cache["h"]))
    da = step_upstream(dh, cache["h_prev"]) * slope
    dx, dw_ih, db = affine_backward(da, cache["x"], p["weight_ih"])
    dh_prev, dw_hh, _ = affine_backward(da, cache["h_prev"], p["weight_hh"])
    return {"x": dx, "h_prev": dh_prev, "weight_ih": dw_ih, "weight_hh": dw_hh, "bias_ih": db, "bias_hh": db.copy()}


def rnn_forward(x, h0, p, nonlinearity="tanh"):
    """Run the RNN over a sequence. x (T, N, D); h0 (N, H) or None for zeros; nonlinearity "tanh" or
    "relu". Returns (y, hT, cache): y (T, N, H) holds h_1..h_T, hT (N, H)."""
    _check_nonlinearity(nonlinearity)
    x, (h0,), p, s = check_cell_inputs("rnn", x, (("h0", h0),), p, step=False)
    T, N, H = s["T"], s["N"], s["H"]
    hs = np.empty((T + 1, N, H), x.dtype)                  # hs[t] = h_t: hs[0] = h0, hs[1:] = y
    hs[0] = h0
    # All input projections in one matmul, both biases folded in; the loop adds W_hh h_{t-1}.
    hs[1:] = affine_forward(x, p["weight_ih"], p["bias_ih"] + p["bias_hh"])
    w_hh_t, rec = p["weight_hh"].T, np.empty((N, H), x.dtype)
    for t in range(T):
        np.matmul(hs[t], w_hh_t, out=rec)
        hs[t + 1] += rec
        _activate(hs[t + 1], nonlinearity)
    cache = {"x": x, "params": p, "hs": hs, "h": hs[1:], "nonlinearity": nonlinearity}
    return hs[1:].copy(), hs[T].copy(), cache


def rnn_backward(dy, dhT, cache):
    """Backward of :func:`rnn_forward`. dy (T, N, H) or None (only the final state matters); dhT (N, H)
    or None for zeros. Returns a dict: x (T, N, D), h0 (N, H), weight_ih, weight_hh, bias_ih, bias_hh,
    and "h" (T, N, H), the total dL/dh_t at each step."""
    p, hs = cache["params"], cache["hs"]
    da = np.empty_like(hs[1:])                             # dL/d(pre-activation) at every step
    nonlinearity = cache.get("nonlinearity", "tanh")

    def step(t, dh):
        _activation_grad(hs[t + 1], nonlinearity, out=da[t])
        da[t] *= dh
        return da[t] @ p["weight_hh"]

    grads = backward_through_time(dy, dhT, hs, step)
    dx, dw_ih, db = affine_backward(da, cache["x"], p["weight_ih"])
    _, dw_hh, _ = affine_backward(da, hs[:-1], p["weight_hh"], need_dx=False)
    grads.update({"x": dx, "weight_ih": dw_ih, "weight_hh": dw_hh, "bias_ih": db, "bias_hh": db.copy()})
    return grads
