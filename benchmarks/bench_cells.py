"""lstmlib's NumPy LSTM and GRU (forward + backward) against PyTorch on the CPU.

Two baselines: ``torch.nn.LSTM``/``nn.GRU`` (fused C++ kernels), and a naive per-step loop of torch
operations with autograd, the way many books write a recurrent network "from scratch".
Sizes: budgets.CELL_SHAPE (T=100, N=32, D=H=128, issue 9), float32 and float64.
"""
from __future__ import annotations

import numpy as np
import torch

import lstmlib

from lstmlib.timing import medians, side_by_side

from budgets import CELL_SHAPE

T, N, D, H = (CELL_SHAPE[k] for k in "TNDH")


def _numpy_pass(kind, x, h0, c0, p, dy):
    if kind == "lstm":
        y, _, cache = lstmlib.lstm_forward(x, (h0, c0), p)
        lstmlib.lstm_backward(dy, (None, None), cache)
    else:
        y, _, cache = lstmlib.gru_forward(x, h0, p)
        lstmlib.gru_backward(dy, None, cache)


def _naive_torch_step(kind, x_t, h, c, w):
    """One step written with plain torch operations, PyTorch's gate order."""
    if kind == "lstm":
        i, f, g, o = (x_t @ w["weight_ih"].T + w["bias_ih"] + h @ w["weight_hh"].T + w["bias_hh"]).chunk(4, 1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c), c
    xr, xz, xn = (x_t @ w["weight_ih"].T + w["bias_ih"]).chunk(3, 1)
    hr, hz, hn = (h @ w["weight_hh"].T + w["bias_hh"]).chunk(3, 1)
    r, z = torch.sigmoid(xr + hr), torch.sigmoid(xz + hz)
    n = torch.tanh(xn + r * hn)
    return (1 - z) * n + z * h, c


def _naive_torch_pass(kind, x, w, dy):
    h = c = torch.zeros(N, H, dtype=x.dtype)
    ys = []
    for t in range(T):
        h, c = _naive_torch_step(kind, x[t], h, c, w)
        ys.append(h)
    (torch.stack(ys) * dy).sum().backward()


def measure(kind: str, dtype, rounds: int) -> dict[str, float]:
    """Median seconds of one forward+backward for numpy, nn.LSTM/GRU and the naive torch loop."""
    torch.manual_seed(0)
    module = (torch.nn.LSTM if kind == "lstm" else torch.nn.GRU)(D, H).to(torch.float64 if dtype == np.float64 else torch.float32)
    p = {k: v.astype(dtype) for k, v in lstmlib.params_from_torch(module).items()}
    rng = np.random.default_rng(0)
    x, dy = rng.normal(size=(T, N, D)).astype(dtype), rng.normal(size=(T, N, H)).astype(dtype)
    h0 = np.zeros((N, H), dtype)
    xt, dyt = torch.from_numpy(x).requires_grad_(), torch.from_numpy(dy)
    w = {name.replace("_l0", ""): v.detach().clone().requires_grad_() for name, v in module.named_parameters()}

    def fused():
        y, _ = module(xt)
        (y * dyt).sum().backward()

    return medians(side_by_side({
        "numpy": lambda: _numpy_pass(kind, x, h0, h0, p, dy),
        "torch": fused,
        "naive_torch": lambda: _naive_torch_pass(kind, xt, w, dyt),
    }, rounds=rounds))
