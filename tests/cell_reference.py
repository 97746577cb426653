"""One interface over lstmlib's NumPy cells and their torch counterparts, for the parity tests.

States are passed as tuples: (h,) for the RNN and GRU, (h, c) for the LSTM. The torch side builds a
float64 module, loads the same parameters with params_to_torch, and gets every gradient from autograd
on L = sum(dy * y) + sum(dhT * hT) (+ sum(dcT * cT)), the loss whose gradients the backward passes return.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

import lstmlib

KINDS = ("rnn", "gru", "lstm")
STATES = {"rnn": ("h",), "gru": ("h",), "lstm": ("h", "c")}
PARAMS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
SEQUENCE = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}
CELL = {"rnn": nn.RNNCell, "gru": nn.GRUCell, "lstm": nn.LSTMCell}


def random_problem(kind, T, N, D, H, seed=0, dtype=np.float64):
    """Parameters, input, initial states and upstream gradients for one test case."""
    rng = np.random.default_rng(seed)
    p = lstmlib.init_params(kind, D, H, seed=seed)
    x = rng.standard_normal((T, N, D)).astype(dtype)
    states = tuple(rng.standard_normal((N, H)).astype(dtype) for _ in STATES[kind])
    dy = rng.standard_normal((T, N, H)).astype(dtype)
    dstates = tuple(rng.standard_normal((N, H)).astype(dtype) for _ in STATES[kind])
    return p, x, states, dy, dstates


def numpy_sequence(kind, x, states, p, dy, dstates):
    """lstmlib's sequence layer: returns (y, final states, grads, cache)."""
    forward = getattr(lstmlib, f"{kind}_forward")
    backward = getattr(lstmlib, f"{kind}_backward")
    if kind == "lstm":
        y, finals, cache = forward(x, states, p)
        return y, finals, backward(dy, dstates, cache), cache
    y, hT, cache = forward(x, states[0], p)
    return y, (hT,), backward(dy, None if dstates is None else dstates[0], cache), cache


def numpy_step(kind, x_t, states, p, dstates):
    """lstmlib's single step: returns (new states, grads with keys x, h_prev (, c_prev) + params, cache)."""
    step = getattr(lstmlib, f"{kind}_step")
    step_backward = getattr(lstmlib, f"{kind}_step_backward")
    if kind == "lstm":
        new, cache = step(x_t, states, p)
        return new, step_backward(*dstates, cache), cache
    h, cache = step(x_t, states[0], p)
    return (h,), step_backward(dstates[0], cache), cache


def _leaf(a):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


def _loss(y, dy, finals, dstates):
    loss = sum((a * torch.as_tensor(d)).sum() for a, d in zip(finals, dstates) if d is not None)
    return loss + (0 if dy is None else (y * torch.as_tensor(dy)).sum())


def _numpy(t, like=None):
    """Tensor -> NumPy copy; a missing .grad (state nothing depends on) -> zeros shaped like ``like``."""
    return torch.zeros_like(like).numpy() if t is None else t.detach().numpy().copy()


def torch_sequence(kind, x, states, p, dy, dstates):
    """nn.LSTM / nn.GRU / nn.RNN on the same parameters: returns (y, final states, grads) as NumPy."""
    module = SEQUENCE[kind](x.shape[2], states[0].shape[1]).double()
    lstmlib.params_to_torch(p, module)
    xt, st = _leaf(x), [_leaf(s[None]) for s in states]
    y, finals = module(xt, tuple(st) if kind == "lstm" else st[0])
    finals = [f[0] for f in (finals if kind == "lstm" else (finals,))]
    _loss(y, dy, finals, dstates).backward()
    grads = {"x": _numpy(xt.grad), **{f"{s}0": _numpy(g.grad[0]) for s, g in zip(STATES[kind], st)}}
    grads.update({name: _numpy(getattr(module, name + "_l0").grad) for name in PARAMS})
    return _numpy(y), tuple(map(_numpy, finals)), grads


def torch_unrolled(kind, x, states, p, dy, dstates):
    """The *Cell module called once per step, keeping every state: returns (y, finals, grads), where
    grads also holds the per-step totals "h" (and "c") dL/dh_t, (T, N, H), read from autograd."""
    cell = CELL[kind](x.shape[2], states[0].shape[1]).double()
    lstmlib.params_to_torch(p, cell)
    xt, st = _leaf(x), [_leaf(s) for s in states]
    state, history = tuple(st), []
    for t in range(x.shape[0]):
        state = cell(xt[t], state) if kind == "lstm" else (cell(xt[t], state[0]),)
        for s in state:
            s.retain_grad()
        history.append(state)
    y = torch.stack([s[0] for s in history])
    _loss(y, dy, state, dstates).backward()
    grads = {"x": _numpy(xt.grad), **{f"{s}0": _numpy(g.grad) for s, g in zip(STATES[kind], st)}}
    grads.update({name: _numpy(getattr(cell, name).grad) for name in PARAMS})
    for k, s in enumerate(STATES[kind]):
        grads[s] = np.stack([_numpy(h[k].grad, h[k]) for h in history])
    return _numpy(y), tuple(map(_numpy, state)), grads
