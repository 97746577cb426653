"""The LSTM cell and sequence layer in NumPy, with hand-written backward passes that match torch.nn.LSTM.

PyTorch's equations, for one step with input x_t (N, D) and state h_{t-1}, c_{t-1} (N, H):

    i_t = sigmoid(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)      input gate
    f_t = sigmoid(W_if x_t + b_if + W_hf h_{t-1} + b_hf)      forget gate
    g_t =    tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)      candidate cell values
    o_t = sigmoid(W_io x_t + b_io + W_ho h_{t-1} + b_ho)      output gate
    c_t = f_t * c_{t-1} + i_t * g_t
    h_t = o_t * tanh(c_t)

weight_ih (4H, D) stacks W_ii, W_if, W_ig, W_io in that gate order (i, f, g, o); weight_hh (4H, H),
bias_ih (4H,) and bias_hh (4H,) likewise. Written by hand although torch has it, because the book teaches
the computation; the tests compare every output and gradient with torch.

Caches (treat as read-only):
- step cache: the activations by name, each (N, H): "i", "f", "g", "o", "c", "h", "tanh_c", plus
  "x", "h_prev", "c_prev", "params".
- sequence cache: "gates" is a dict "i", "f", "g", "o" of (T, N, H) arrays (gate activations at every
  step), "c" and "h" are (T, N, H) (c_1..c_T and h_1..h_T), also "x", "params".
Gradient dicts also hold, for the sequence, "h" and "c" (T, N, H): the total dL/dh_t and dL/dc_t at each
step (all paths, through later steps and through the outputs), which is what the chapters plot.
"""
from __future__ import annotations

import numpy as np

from .activations import gate_scales, sigmoid_grad, stacked_activation, tanh_grad
from .checks import check_cell_inputs, check_pair
from .linear import affine_backward, affine_forward
from .rnn import backward_through_time, step_upstream

GATES = ("i", "f", "g", "o")


def _gate_views(a: np.ndarray, H: int) -> dict:
    """Split stacked gates (..., 4H) into views {"i", "f", "g", "o"} of (..., H), without copying."""
    return {name: a[..., k * H:(k + 1) * H] for k, name in enumerate(GATES)}


def _cell(a, c_prev, c, tanh_c, h, scale):
    """One step given the full pre-activations a (N, 4H); a is overwritten with the gate activations.

    Writes c_t, tanh(c_t) and h_t into the given (N, H) arrays (the sequence passes slices of its
    preallocated (T, N, H) buffers, so the loop allocates almost nothing). scale: gate_scales("ssts", ...).
    """
    H = c_prev.shape[-1]
    stacked_activation(a, scale)                    # sigmoid on i, f, o; tanh on g, in one pass
    i, f, g, o = a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:]
    np.multiply(f, c_prev, out=c)
    c += i * g
    np.tanh(c, out=tanh_c)
    np.multiply(o, tanh_c, out=h)


def _cell_backward(dh, dc, acts, c_prev, tanh_c, da, dc_total):
    """Backward of one step: fills da (N, 4H) = dL/d(pre-activations) and dc_total (N, H) = dL/dc_t.

    dh, dc: upstream dL/dh_t and the part of dL/dc_t arriving from step t+1. Returns dL/dc_{t-1}.
    """
    H = c_prev.shape[-1]
    i, f, g, o = acts[:, :H], acts[:, H:2 * H], acts[:, 2 * H:3 * H], acts[:, 3 * H:]
    # c_t reaches the loss two ways: through c_{t+1} (dc) and through h_t = o * tanh(c_t).
    np.multiply(dh, o, out=dc_total)
    dc_total *= tanh_grad(tanh_c)
    dc_total += dc
    np.multiply(dc_total, g, out=da[:, :H])                  # dL/di
    np.multiply(dc_total, c_prev, out=da[:, H:2 * H])        # dL/df
    np.multiply(dc_total, i, out=da[:, 2 * H:3 * H])         # dL/dg
    np.multiply(dh, tanh_c, out=da[:, 3 * H:])               # dL/do
    # Through the activations: s * (1 - s) over the whole contiguous (N, 4H) array (fast), then the
    # tanh block g gets its own 1 - g^2.
    slope = sigmoid_grad(acts)
    tanh_grad(g, out=slope[:, 2 * H:3 * H])
    da *= slope
    return dc_total * f


def lstm_step(x_t, state, p):
    """One LSTM step. x_t (N, D); state = (h_prev, c_prev), each (N, H) or None for zeros; p: params.

    Returns ((h, c), cache) with h, c (N, H); cache["i"], ["f"], ["g"], ["o"], ["c"], ["h"] are (N, H).
    """
    h_prev, c_prev = check_pair("state", state, ("h_prev", "c_prev"))
    x_t, (h_prev, c_prev), p, _ = check_cell_inputs("lstm", x_t, (("h_prev", h_prev), ("c_prev", c_prev)), p, step=True)
    return lstm_step_unchecked(x_t, h_prev, c_prev, p)


def lstm_step_unchecked(x_t, h_prev, c_prev, p):
    """:func:`lstm_step` on inputs already checked and of one dtype: x_t (N, D), h_prev, c_prev (N, H).

    For callers that validate once and then step many times, such as a stream fed one point at a time:
    checking every weight at every step would cost about as much as the step itself.
    """
    a = affine_forward(x_t, p["weight_ih"], p["bias_ih"] + p["bias_hh"])
    a += h_prev @ p["weight_hh"].T
    c, tanh_c, h = (np.empty_like(c_prev) for _ in range(3))
    _cell(a, c_prev, c, tanh_c, h, gate_scales("ssts", h.shape[-1], a.dtype))
    cache = {"x": x_t, "h_prev": h_prev, "c_prev": c_prev, "params": p, "acts": a,
             **_gate_views(a, h.shape[-1]), "c": c, "tanh_c": tanh_c, "h": h}
    return (h.copy(), c.copy()), cache


def lstm_step_backward(dh, dc, cache):
    """Backward of :func:`lstm_step`. dh, dc: dL/dh, dL/dc (N, H), or None for zeros.

    Returns a dict with keys x (N, D), h_prev, c_prev (N, H), weight_ih, weight_hh, bias_ih, bias_hh.
    """
    p, c_prev = cache["params"], cache["c_prev"]
    dh, dc = step_upstream(dh, c_prev, "dh"), step_upstream(dc, c_prev, "dc")
    da, dc_total = np.empty_like(cache["acts"]), np.empty_like(c_prev)
    dc_prev = _cell_backward(dh, dc, cache["acts"], c_prev, cache["tanh_c"], da, dc_total)
    dx, dw_ih, db = affine_backward(da, cache["x"], p["weight_ih"])
    dh_prev, dw_hh, _ = affine_backward(da, cache["h_prev"], p["weight_hh"])
    return {"x": dx, "h_prev": dh_prev, "c_prev": dc_prev,
            "weight_ih": dw_ih, "weight_hh": dw_hh, "bias_ih": db, "bias_hh": db.copy()}


def lstm_forward(x, state, p):
    """Run the LSTM over a sequence. x (T, N, D); state = (h0, c0), each (N, H) or None for zeros.

    Returns (y, (hT, cT), cache): y (T, N, H) holds h_1..h_T, hT and cT are (N, H). The gate activations
    at every step are cache["gates"]["i" | "f" | "g" | "o"], each (T, N, H); cache["c"] is (T, N, H).
    """
    h0, c0 = check_pair("state", state, ("h0", "c0"))
    x, (h0, c0), p, s = check_cell_inputs("lstm", x, (("h0", h0), ("c0", c0)), p, step=False)
    T, N, H = s["T"], s["N"], s["H"]
    # The input projection of all T steps in one matmul, both biases folded in; the loop adds W_hh h.
    acts = affine_forward(x, p["weight_ih"], p["bias_ih"] + p["bias_hh"])     # (T, N, 4H)
    hs = np.empty((T + 1, N, H), x.dtype)           # hs[t] = h_t, so hs[0] = h0 and hs[1:] = y
    cs = np.empty((T + 1, N, H), x.dtype)
    tanh_c = np.empty((T, N, H), x.dtype)
    hs[0], cs[0] = h0, c0
    # W_hh^T made contiguous once: BLAS runs the T small matmuls noticeably faster on it.
    w_hh_t, rec = np.ascontiguousarray(p["weight_hh"].T), np.empty((N, 4 * H), x.dtype)
    scale = gate_scales("ssts", H, x.dtype)
    for t in range(T):
        np.matmul(hs[t], w_hh_t, out=rec)
        acts[t] += rec
        _cell(acts[t], cs[t], cs[t + 1], tanh_c[t], hs[t + 1], scale)
    cache = {"x": x, "params": p, "acts": acts, "gates": _gate_views(acts, H),
             "hs": hs, "cs": cs, "tanh_c": tanh_c, "h": hs[1:], "c": cs[1:]}
    return hs[1:].copy(), (hs[T].copy(), cs[T].copy()), cache


def lstm_backward(dy, dstate, cache):
    """Backward of :func:`lstm_forward`. dy (T, N, H) or None (only the final state matters);
    dstate = (dhT, dcT), each (N, H) or None for zeros (or dstate None).

    Returns a dict: x (T, N, D), h0, c0 (N, H), weight_ih, weight_hh, bias_ih, bias_hh, and the
    per-step totals "h" = dL/dh_t and "c" = dL/dc_t, each (T, N, H).
    """
    p, acts, hs, cs, tanh_c = (cache[k] for k in ("params", "acts", "hs", "cs", "tanh_c"))
    dhT, dcT = check_pair("dstate", dstate, ("dhT", "dcT"))
    dc = step_upstream(dcT, hs[-1], "dcT")
    dacts, dc_steps = np.empty_like(acts), np.empty_like(tanh_c)

    def step(t, dh):   # dL/dh_t -> dL/dh_{t-1}; the cell-state gradient dc travels alongside
        nonlocal dc
        dc = _cell_backward(dh, dc, acts[t], cs[t], tanh_c[t], dacts[t], dc_steps[t])
        return dacts[t] @ p["weight_hh"]

    grads = backward_through_time(dy, dhT, hs, step)
    # Everything that does not feed the recurrence: one matmul each over all steps.
    dx, dw_ih, db = affine_backward(dacts, cache["x"], p["weight_ih"])
    _, dw_hh, _ = affine_backward(dacts, hs[:-1], p["weight_hh"], need_dx=False)
    grads.update({"x": dx, "c0": dc, "weight_ih": dw_ih, "weight_hh": dw_hh,
                  "bias_ih": db, "bias_hh": db.copy(), "c": dc_steps})
    return grads
