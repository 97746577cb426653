"""Keras's weight layout for LSTM and GRU layers, converted to and from PyTorch's, and the Keras
equations in NumPy (to prove a conversion right by running both).

Keras (keras.layers.LSTM / GRU, as documented and as its source computes), with units = H:

    LSTM  kernel (D, 4H), recurrent_kernel (H, 4H), columns in gate order i, f, c, o; one bias (4H,)
    GRU   kernel (D, 3H), recurrent_kernel (H, 3H), columns in gate order z, r, h;
          reset_after=True (the default): bias (2, 3H), row 0 added to x @ kernel, row 1 to
          h @ recurrent_kernel, and r multiplies the recurrent part after the product (as nn.GRU);
          reset_after=False: one bias (3H,), and r multiplies h before the product (as Cho 2014).
    Both: h_t = z * h_{t-1} + (1 - z) * h~ for the GRU; inputs batch-major (N, T, D).

PyTorch keeps the transposes, (4H, D) and (4H, H), rows i, f, g, o for the LSTM and r, z, n for the GRU,
and two biases everywhere. So an LSTM converts by transposing; a GRU also swaps its first two gate
blocks; Keras's single LSTM bias becomes bias_ih with bias_hh = 0 (only the sum matters), and going
back to Keras adds the two. Plain NumPy: Keras is not a dependency of this book.
"""
from __future__ import annotations

import numpy as np

from .activations import sigmoid
from .checks import check_array, check_params


def _gru_swap(H: int) -> np.ndarray:
    """Indices that turn gate blocks (z, r, h) into (r, z, n) and back (the swap is its own inverse)."""
    return np.r_[H:2 * H, 0:H, 2 * H:3 * H]


def lstm_from_keras(kernel, recurrent_kernel, bias=None) -> dict:
    """Keras LSTM weights -> a PyTorch-layout dict (weight_ih (4H, D), weight_hh, bias_ih, bias_hh).

    kernel (D, 4H), recurrent_kernel (H, 4H), bias (4H,) or None (use_bias=False: zero biases).
    The gate orders agree (Keras's c is PyTorch's g), so only the transposes change.
    """
    sizes: dict = {}
    kernel = check_array("kernel", kernel, "D 4H", sizes)
    recurrent_kernel = check_array("recurrent_kernel", recurrent_kernel, "H 4H", sizes, kernel.dtype)
    bias = np.zeros(4 * sizes["H"], kernel.dtype) if bias is None else check_array("bias", bias, "4H", sizes, kernel.dtype)
    return {"weight_ih": kernel.T.copy(), "weight_hh": recurrent_kernel.T.copy(),
            "bias_ih": bias.copy(), "bias_hh": np.zeros_like(bias)}


def lstm_to_keras(p: dict) -> dict:
    """A PyTorch-layout LSTM dict -> {"kernel", "recurrent_kernel", "bias"} in Keras's layout; the
    bias is bias_ih + bias_hh, the only combination the equations use."""
    p = check_params(p, "lstm")
    return {"kernel": p["weight_ih"].T.copy(), "recurrent_kernel": p["weight_hh"].T.copy(),
            "bias": p["bias_ih"] + p["bias_hh"]}


def gru_from_keras(kernel, recurrent_kernel, bias=None, reset_after: bool = True) -> dict:
    """Keras GRU weights -> a PyTorch-layout GRU dict (rows r, z, n).

    kernel (D, 3H), recurrent_kernel (H, 3H); bias (2, 3H) with reset_after=True, (3H,) with
    reset_after=False, or None for zeros. reset_after=True gives nn.GRU's function (lstmlib.gru_forward);
    reset_after=False gives the reset-before GRU, to run with lstmlib.gru_reset_before_forward (its
    single bias goes to bias_ih, with bias_hh = 0).
    """
    sizes: dict = {}
    kernel = check_array("kernel", kernel, "D 3H", sizes)
    recurrent_kernel = check_array("recurrent_kernel", recurrent_kernel, "H 3H", sizes, kernel.dtype)
    H = sizes["H"]
    if bias is None:
        b_in, b_rec = np.zeros(3 * H, kernel.dtype), np.zeros(3 * H, kernel.dtype)
    elif reset_after:
        bias = check_array("bias", bias, "B 3H", {**sizes, "B": 2}, kernel.dtype)
        b_in, b_rec = bias[0], bias[1]
    else:
        b_in = check_array("bias", bias, "3H", sizes, kernel.dtype)
        b_rec = np.zeros_like(b_in)
    order = _gru_swap(H)
    return {"weight_ih": kernel[:, order].T.copy(), "weight_hh": recurrent_kernel[:, order].T.copy(),
            "bias_ih": b_in[order].copy(), "bias_hh": b_rec[order].copy()}


def gru_to_keras(p: dict, reset_after: bool = True) -> dict:
    """A PyTorch-layout GRU dict -> {"kernel", "recurrent_kernel", "bias"} in Keras's layout: bias
    (2, 3H) with reset_after=True; with reset_after=False one bias (3H,), bias_ih + bias_hh, which is
    exact only for the reset-before GRU (there every row's two biases are added outside the gate)."""
    p = check_params(p, "gru")
    order = _gru_swap(p["weight_hh"].shape[1])
    out = {"kernel": p["weight_ih"][order].T.copy(), "recurrent_kernel": p["weight_hh"][order].T.copy()}
    if reset_after:
        out["bias"] = np.stack([p["bias_ih"][order], p["bias_hh"][order]])
    else:
        out["bias"] = (p["bias_ih"] + p["bias_hh"])[order]
    return out


def keras_lstm_forward(x, kernel, recurrent_kernel, bias):
    """Keras's LSTM equations in NumPy. x (N, T, D) batch-major, zero initial state.
    Returns (sequence (N, T, H), h_T (N, H), c_T (N, H))."""
    N, T, _ = x.shape
    H = recurrent_kernel.shape[0]
    h, c, seq = np.zeros((N, H)), np.zeros((N, H)), np.empty((N, T, H))
    for t in range(T):
        a = x[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = (a[:, k * H:(k + 1) * H] for k in range(4))
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        seq[:, t] = h
    return seq, h, c


def keras_gru_forward(x, kernel, recurrent_kernel, bias, reset_after: bool = True):
    """Keras's GRU equations in NumPy. x (N, T, D) batch-major, zero initial state; bias (2, 3H) with
    reset_after=True, else (3H,). Returns (sequence (N, T, H), h_T (N, H))."""
    N, T, _ = x.shape
    H = recurrent_kernel.shape[0]
    b_in, b_rec = (bias[0], bias[1]) if reset_after else (bias, np.zeros_like(bias))
    h, seq = np.zeros((N, H)), np.empty((N, T, H))
    for t in range(T):
        mx = x[:, t] @ kernel + b_in
        x_z, x_r, x_h = mx[:, :H], mx[:, H:2 * H], mx[:, 2 * H:]
        if reset_after:
            mh = h @ recurrent_kernel + b_rec
            z, r = sigmoid(x_z + mh[:, :H]), sigmoid(x_r + mh[:, H:2 * H])
            hh = np.tanh(x_h + r * mh[:, 2 * H:])
        else:
            mh = h @ recurrent_kernel[:, :2 * H]
            z, r = sigmoid(x_z + mh[:, :H]), sigmoid(x_r + mh[:, H:])
            hh = np.tanh(x_h + (r * h) @ recurrent_kernel[:, 2 * H:])
        h = z * h + (1 - z) * hh
        seq[:, t] = h
    return seq, h
