"""The GRU cell and sequence layer in NumPy, with hand-written backward passes that match torch.nn.GRU.

PyTorch's equations, for one step with input x_t (N, D) and state h_{t-1} (N, H):

    r_t = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)          reset gate
    z_t = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)          update gate
    n_t =    tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))  candidate state
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}

The reset gate multiplies W_hn h_{t-1} + b_hn after the matmul, bias included (a GRU that applies it to
h_{t-1} before the matmul is a different model). weight_ih (3H, D) stacks W_ir, W_iz, W_in in gate order
r, z, n; weight_hh (3H, H), bias_ih and bias_hh (3H,) likewise. Written by hand although torch has it,
because the book teaches the computation; the tests compare every output and gradient with torch.

Caches (treat as read-only):
- step cache: the activations by name, each (N, H): "r", "z", "n", "h", plus "hn" = W_hn h_{t-1} + b_hn,
  "x", "h_prev", "params".
- sequence cache: "gates" is a dict "r", "z", "n" of (T, N, H) arrays; "h" (T, N, H) holds h_1..h_T.
The sequence gradient dict also holds "h" (T, N, H): the total dL/dh_t at each step.
"""
from __future__ import annotations

import numpy as np

from .activations import sigmoid, sigmoid_grad, tanh_grad
from .checks import check_cell_inputs
from .linear import affine_backward, affine_forward
from .rnn import backward_through_time, step_upstream

GATES = ("r", "z", "n")


def _gate_views(a: np.ndarray, H: int) -> dict:
    """Split stacked gates (..., 3H) into views {"r", "z", "n"} of (..., H), without copying."""
    return {name: a[..., k * H:(k + 1) * H] for k, name in enumerate(GATES)}


def _cell(a, rec, h_prev, hn, h):
    """One step. a (N, 3H): input projection W_ih x_t + b_ih, overwritten with the activations r, z, n;
    rec (N, 3H): W_hh h_{t-1} + b_hh. Writes hn = W_hn h_{t-1} + b_hn and h_t into the (N, H) arrays given."""
    H = h.shape[-1]
    a[:, :2 * H] += rec[:, :2 * H]
    sigmoid(a[:, :2 * H], out=a[:, :2 * H])              # r and z are adjacent: one call
    r, z, n = a[:, :H], a[:, H:2 * H], a[:, 2 * H:]
    hn[...] = rec[:, 2 * H:]
    n += r * hn
    np.tanh(n, out=n)
    np.subtract(h_prev, n, out=h)                        # h_t = n + z * (h_{t-1} - n), one temporary less
    h *= z
    h += n


def _cell_backward(dh, acts, hn, h_prev, da, drec):
    """Backward of one step given the total dL/dh_t (N, H). Fills da (N, 3H), the gradient of the input
    projection, and drec (N, 3H), that of W_hh h_{t-1} + b_hh. Returns the direct part of dL/dh_{t-1}
    (through z * h_{t-1}); the caller adds drec @ W_hh."""
    H = h_prev.shape[-1]
    r, z, n = acts[:, :H], acts[:, H:2 * H], acts[:, 2 * H:]
    np.subtract(1.0, z, out=da[:, 2 * H:])               # dn = dh * (1 - z), then through tanh
    da[:, 2 * H:] *= dh
    da[:, 2 * H:] *= tanh_grad(n)
    np.multiply(da[:, 2 * H:], r, out=drec[:, 2 * H:])   # r scales W_hn h + b_hn
    np.multiply(da[:, 2 * H:], hn, out=da[:, :H])        # dr
    np.subtract(h_prev, n, out=da[:, H:2 * H])           # dz = dh * (h_{t-1} - n)
    da[:, H:2 * H] *= dh
    da[:, :2 * H] *= sigmoid_grad(acts[:, :2 * H])
    drec[:, :2 * H] = da[:, :2 * H]
    return dh * z


def gru_step(x_t, h_prev, p):
    """One GRU step. x_t (N, D); h_prev (N, H) or None for zeros; p: params. Returns (h (N, H), cache)
    with cache["r"], ["z"], ["n"], ["h"] each (N, H)."""
    x_t, (h_prev,), p, s = check_cell_inputs("gru", x_t, (("h_prev", h_prev),), p, step=True)
    a = affine_forward(x_t, p["weight_ih"], p["bias_ih"])
    rec = affine_forward(h_prev, p["weight_hh"], p["bias_hh"])
    hn, h = np.empty_like(h_prev), np.empty_like(h_prev)
    _cell(a, rec, h_prev, hn, h)
    cache = {"x": x_t, "h_prev": h_prev, "params": p, "acts": a, **_gate_views(a, s["H"]), "hn": hn, "h": h}
    return h.copy(), cache


def gru_step_backward(dh, cache):
    """Backward of :func:`gru_step`. dh (N, H) or None for zeros. Returns a dict with keys x (N, D),
    h_prev (N, H), weight_ih, weight_hh, bias_ih, bias_hh."""
    dh = step_upstream(dh, cache["h_prev"])
    p, da, drec = cache["params"], np.empty_like(cache["acts"]), np.empty_like(cache["acts"])
    dh_prev = _cell_backward(dh, cache["acts"], cache["hn"], cache["h_prev"], da, drec)
    dx, dw_ih, db_ih = affine_backward(da, cache["x"], p["weight_ih"])
    dh_rec, dw_hh, db_hh = affine_backward(drec, cache["h_prev"], p["weight_hh"])
    return {"x": dx, "h_prev": dh_prev + dh_rec,
            "weight_ih": dw_ih, "weight_hh": dw_hh, "bias_ih": db_ih, "bias_hh": db_hh}


def gru_forward(x, h0, p):
    """Run the GRU over a sequence. x (T, N, D); h0 (N, H) or None for zeros.

    Returns (y, hT, cache): y (T, N, H) holds h_1..h_T, hT (N, H). The gate activations at every step are
    cache["gates"]["r" | "z" | "n"], each (T, N, H).
    """
    x, (h0,), p, s = check_cell_inputs("gru", x, (("h0", h0),), p, step=False)
    T, N, H = s["T"], s["N"], s["H"]
    acts = affine_forward(x, p["weight_ih"], p["bias_ih"])     # all input projections in one matmul
    hs = np.empty((T + 1, N, H), x.dtype)                      # hs[t] = h_t: hs[0] = h0, hs[1:] = y
    hns = np.empty((T, N, H), x.dtype)
    hs[0] = h0
    w_hh_t, rec = p["weight_hh"].T, np.empty((N, 3 * H), x.dtype)
    for t in range(T):
        np.matmul(hs[t], w_hh_t, out=rec)
        rec += p["bias_hh"]
        _cell(acts[t], rec, hs[t], hns[t], hs[t + 1])
    cache = {"x": x, "params": p, "acts": acts, "gates": _gate_views(acts, H), "hn": hns, "hs": hs, "h": hs[1:]}
    return hs[1:].copy(), hs[T].copy(), cache


def gru_backward(dy, dhT, cache):
    """Backward of :func:`gru_forward`. dy (T, N, H) or None (only the final state matters); dhT (N, H)
    or None for zeros. Returns a dict: x (T, N, D), h0 (N, H), weight_ih, weight_hh, bias_ih, bias_hh,
    and "h" (T, N, H), the total dL/dh_t at each step."""
    acts, hs, hns = cache["acts"], cache["hs"], cache["hn"]
    da, drec = np.empty_like(acts), np.empty_like(acts)

    def step(t, dh):   # dL/dh_t -> dL/dh_{t-1}
        return _cell_backward(dh, acts[t], hns[t], hs[t], da[t], drec[t]) + drec[t] @ cache["params"]["weight_hh"]

    grads = backward_through_time(dy, dhT, hs, step)
    grads.update(_param_grads(cache, da, drec))
    return grads


def _param_grads(cache, da, drec):
    """The gradients that do not feed the recurrence, one matmul each over all T steps."""
    p, hs = cache["params"], cache["hs"]
    dx, dw_ih, db_ih = affine_backward(da, cache["x"], p["weight_ih"])
    _, dw_hh, db_hh = affine_backward(drec, hs[:-1], p["weight_hh"], need_dx=False)
    return {"x": dx, "weight_ih": dw_ih, "weight_hh": dw_hh, "bias_ih": db_ih, "bias_hh": db_hh}
