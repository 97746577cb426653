"""The affine map a = x W^T + b over all leading axes at once, and its backward pass.

    a = x @ weight.T + bias        x (..., K), weight (M, K), bias (M,), a (..., M)

The recurrent cells use it to hoist work out of their time loops: the input projection
W_ih x_t + b_ih of every step is one matmul on x reshaped to (T*N, D), and in the backward pass the
gradients for x, weight_ih and weight_hh are one matmul each over all steps, instead of T small ones.
"""
from __future__ import annotations

import numpy as np


def affine_forward(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    """x (..., K) @ weight.T (K, M) + bias (M,) -> (..., M), in x's dtype, as one matmul."""
    a = x.reshape(-1, x.shape[-1]) @ weight.T
    if bias is not None:
        a += bias
    return a.reshape(*x.shape[:-1], weight.shape[0])


def affine_backward(da: np.ndarray, x: np.ndarray, weight: np.ndarray, need_dx: bool = True):
    """Gradients of a = x @ weight.T + bias given da (..., M): returns (dx (..., K), dweight (M, K), dbias (M,)).

    dx is None when need_dx is False (the recurrent weight's input, h_{t-1}, gets its gradient inside
    the time loop instead).
    """
    da2 = da.reshape(-1, da.shape[-1])
    x2 = x.reshape(-1, x.shape[-1])
    dweight = da2.T @ x2
    dbias = da2.sum(axis=0)
    dx = (da2 @ weight).reshape(x.shape) if need_dx else None
    return dx, dweight, dbias
