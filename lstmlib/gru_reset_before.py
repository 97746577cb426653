"""The other GRU: the reset gate applied to h_{t-1} before the matrix product (Cho et al. 2014, d2l,
Keras with reset_after=False), in NumPy, forward and backward.

For one step with input x_t (N, D) and state h_{t-1} (N, H):

    r_t = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
    z_t = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
    n_t =    tanh(W_in x_t + b_in + W_hn (r_t * h_{t-1}) + b_hn)     <- the only line that differs
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}

The parameters have PyTorch's names, shapes and row order (r, z, n), so the same dict runs through
:func:`lstmlib.gru_forward` (reset after the product, as nn.GRU) and through this one: the two are
different functions of the same numbers. Here b_hn could be folded into b_in (it is added outside the
reset gate), so the two biases of the n rows are redundant, as they are in every row of both GRUs.

Written by hand: torch.nn.GRU computes only the reset-after GRU, and no installed library has this one.

Caches (read-only): "gates" {"r", "z", "n"} (T, N, H), "rh" = r_t * h_{t-1} (T, N, H), "hs", "x",
"params". The gradient dict holds x, h0, the four parameters and "h" (T, N, H), the totals dL/dh_t.
"""
from __future__ import annotations

import numpy as np

from .activations import sigmoid, sigmoid_grad, tanh_grad
from .checks import check_cell_inputs
from .linear import affine_backward, affine_forward
from .rnn import backward_through_time


def gru_reset_before_forward(x, h0, p):
    """Run the reset-before GRU over a sequence. x (T, N, D); h0 (N, H) or None for zeros; p in
    PyTorch's GRU layout. Returns (y (T, N, H) = h_1..h_T, hT (N, H), cache)."""
    x, (h0,), p, s = check_cell_inputs("gru", x, (("h0", h0),), p, step=False)
    T, N, H = s["T"], s["N"], s["H"]
    acts = affine_forward(x, p["weight_ih"], p["bias_ih"])          # (T, N, 3H), all steps at once
    acts[..., :2 * H] += p["bias_hh"][:2 * H]
    acts[..., 2 * H:] += p["bias_hh"][2 * H:]
    hs, rh = np.empty((T + 1, N, H), x.dtype), np.empty((T, N, H), x.dtype)
    hs[0] = h0
    w_rz, w_n = p["weight_hh"][:2 * H], p["weight_hh"][2 * H:]
    for t in range(T):
        a = acts[t]
        a[:, :2 * H] += hs[t] @ w_rz.T
        sigmoid(a[:, :2 * H], out=a[:, :2 * H])
        r, z, n = a[:, :H], a[:, H:2 * H], a[:, 2 * H:]
        np.multiply(r, hs[t], out=rh[t])                           # reset first ...
        n += rh[t] @ w_n.T                                          # ... then the product
        np.tanh(n, out=n)
        hs[t + 1] = n + z * (hs[t] - n)
    gates = {name: acts[..., k * H:(k + 1) * H] for k, name in enumerate("rzn")}
    cache = {"x": x, "params": p, "acts": acts, "gates": gates, "rh": rh, "hs": hs, "h": hs[1:]}
    return hs[1:].copy(), hs[T].copy(), cache


def gru_reset_before_backward(dy, dhT, cache):
    """Backward of :func:`gru_reset_before_forward`. dy (T, N, H) or None; dhT (N, H) or None.
    Returns a dict: x, h0, weight_ih, weight_hh, bias_ih, bias_hh, and "h" (T, N, H)."""
    p, acts, hs, rh = cache["params"], cache["acts"], cache["hs"], cache["rh"]
    H = hs.shape[-1]
    w_rz, w_n = p["weight_hh"][:2 * H], p["weight_hh"][2 * H:]
    da = np.empty_like(acts)

    def step(t, dh):                     # dL/dh_t -> dL/dh_{t-1}
        a, h_prev = acts[t], hs[t]
        r, z, n = a[:, :H], a[:, H:2 * H], a[:, 2 * H:]
        da[t, :, 2 * H:] = dh * (1 - z) * tanh_grad(n)              # through n
        da[t, :, H:2 * H] = dh * (h_prev - n) * sigmoid_grad(z)      # through z
        d_rh = da[t, :, 2 * H:] @ w_n                                # dL/d(r * h_{t-1})
        da[t, :, :H] = d_rh * h_prev * sigmoid_grad(r)               # through r
        return dh * z + d_rh * r + da[t, :, :2 * H] @ w_rz

    grads = backward_through_time(dy, dhT, hs, step)
    dx, dw_ih, db = affine_backward(da, cache["x"], p["weight_ih"])
    _, dw_rz, _ = affine_backward(da[..., :2 * H], hs[:-1], w_rz, need_dx=False)
    _, dw_n, _ = affine_backward(da[..., 2 * H:], rh, w_n, need_dx=False)
    grads.update({"x": dx, "weight_ih": dw_ih, "weight_hh": np.concatenate([dw_rz, dw_n]),
                  "bias_ih": db, "bias_hh": db.copy()})
    return grads
