"""A whole torch.nn.RNN / GRU / LSTM module in NumPy: any number of layers, one or two directions,
batch_first, with or without biases, forward and backward, built from the one-layer cells.

    output, state, cache = numpy_forward(module, x, hx=None)
    grads = numpy_backward(d_output, d_state, cache)

What torch computes, spelled out (L = num_layers, S = L * directions, H = hidden_size):
- layer 0 reads x; layer l > 0 reads the output of layer l - 1, which is (T, N, directions * H): the
  forward direction's h_t and the reverse direction's h_t side by side, in that order;
- the reverse direction runs the same cell over the sequence read backwards (step T first) and
  writes its h_t back at position t, so output[t] holds both directions' views of step t;
- hx, h_n (and cx, c_n for the LSTM) are (S, N, H), row l * directions + d for layer l, direction d;
- output is the last layer's (T, N, directions * H), or (N, T, directions * H) with batch_first;
- an unbatched input x (T, D) with hx (S, H) is run as a batch of one and returned unbatched;
- bias=False: the cells run with zero biases, and no bias gradients are returned.

Written by hand although torch computes the same thing, because the book's point is that the module
is nothing but the one-layer cells composed; the tests compare every output and gradient with torch.
This is the module in eval mode: the ``dropout`` between layers, which torch applies only while
training, is not applied. The parameters are read from the module (copied to float64 NumPy arrays
and then cast to x's dtype by the cells), by attribute, so ``import lstmlib`` never imports torch.
"""
from __future__ import annotations

import numpy as np

from .checks import check_array, check_optional, check_pair
from .gru import gru_backward, gru_forward
from .lstm import lstm_backward, lstm_forward
from .rnn import rnn_backward, rnn_forward

# torch's nn.RNNBase.mode -> (cell kind, RNN nonlinearity)
MODES = {"LSTM": ("lstm", None), "GRU": ("gru", None), "RNN_TANH": ("rnn", "tanh"), "RNN_RELU": ("rnn", "relu")}
PARAMS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def _spec(module) -> dict:
    """What numpy_forward needs to know about the module, with a clear error for anything else."""
    mode = getattr(module, "mode", None)
    if mode not in MODES or not hasattr(module, "num_layers"):
        raise ValueError(f"expected a torch nn.RNN, nn.GRU or nn.LSTM module, got {type(module).__name__}")
    if getattr(module, "proj_size", 0):
        raise ValueError(f"numpy_forward covers LSTMs without projection: proj_size=0 expected, "
                         f"got proj_size={module.proj_size}")
    kind, nonlinearity = MODES[mode]
    L, dirs = int(module.num_layers), 2 if module.bidirectional else 1
    return {"kind": kind, "nonlinearity": nonlinearity, "L": L, "dirs": dirs, "H": int(module.hidden_size),
            "D": int(module.input_size), "batch_first": bool(module.batch_first), "bias": bool(module.bias)}


def _suffix(layer: int, d: int) -> str:
    return f"_l{layer}" + ("_reverse" if d else "")


def _layer_params(module, spec, layer: int, d: int) -> dict:
    """One layer and direction as a cell's parameter dict (float64); zero biases when bias=False."""
    suffix = _suffix(layer, d)
    p = {name: getattr(module, name + suffix).detach().cpu().double().numpy().copy()
         for name in PARAMS[:2]}
    for name in PARAMS[2:]:
        p[name] = (getattr(module, name + suffix).detach().cpu().double().numpy().copy() if spec["bias"]
                   else np.zeros(p["weight_ih"].shape[0]))
    return p


def _cell_forward(spec, x, h0, c0, p):
    """(y, final state(s), cache) of one layer-direction; the final state is (h,) or (h, c)."""
    if spec["kind"] == "lstm":
        y, (h, c), cache = lstm_forward(x, (h0, c0), p)
        return y, (h, c), cache
    if spec["kind"] == "gru":
        y, h, cache = gru_forward(x, h0, p)
    else:
        y, h, cache = rnn_forward(x, h0, p, nonlinearity=spec["nonlinearity"])
    return y, (h,), cache


def _cell_backward(spec, dy, dh, dc, cache):
    if spec["kind"] == "lstm":
        return lstm_backward(dy, (dh, dc), cache)
    return (gru_backward if spec["kind"] == "gru" else rnn_backward)(dy, dh, cache)


def _state_arrays(name, value, spec, sizes, dtype, unbatched):
    """hx / cx as (S, N, H) (None: zeros), checked against what the module expects."""
    dims = "S H" if unbatched else "S N H"
    a = check_optional(name, value, dims, sizes, dtype)
    shape = (sizes["S"], sizes["N"], sizes["H"])
    if a is None:
        return np.zeros(shape, dtype)
    return a.reshape(shape)


def numpy_forward(module, x, hx=None):
    """What ``module(x, hx)`` returns in eval mode, computed in NumPy, plus a cache for the backward.

    module: a torch nn.RNN (tanh or relu), nn.GRU or nn.LSTM, any num_layers, bidirectional,
    batch_first and bias (proj_size must be 0). x: (T, N, D), or (N, T, D) with batch_first, or (T, D)
    unbatched, float32 or float64. hx: None (zeros) or (S, N, H) with S = num_layers * directions
    ((S, H) unbatched); for the LSTM a pair (h0, c0) of those (either may be None).

    Returns (output, state, cache): output (T, N, directions * H) in the layout of x; state is h_n
    (S, N, H), or (h_n, c_n) for the LSTM.
    """
    spec = _spec(module)
    S = spec["L"] * spec["dirs"]
    dims = "T D" if np.ndim(x) == 2 else ("N T D" if spec["batch_first"] else "T N D")
    x = check_array("x", x, dims, {"D": spec["D"]})
    unbatched = x.ndim == 2
    dtype = x.dtype
    xt = x[:, None] if unbatched else (x.transpose(1, 0, 2) if spec["batch_first"] else x)
    T, N = xt.shape[0], xt.shape[1]
    sizes = {"S": S, "N": N, "H": spec["H"]}
    if spec["kind"] == "lstm":
        h0, c0 = check_pair("hx", hx, ("h0", "c0"))
        h0 = _state_arrays("h0", h0, spec, sizes, dtype, unbatched)
        c0 = _state_arrays("c0", c0, spec, sizes, dtype, unbatched)
    else:
        h0 = _state_arrays("hx", hx, spec, sizes, dtype, unbatched)
        c0 = np.zeros_like(h0)
    h_n, c_n = np.empty_like(h0), np.empty_like(c0)
    inp, cells = np.ascontiguousarray(xt), []
    for layer in range(spec["L"]):
        outs = []
        for d in range(spec["dirs"]):
            k = layer * spec["dirs"] + d
            p = _layer_params(module, spec, layer, d)
            seq = np.ascontiguousarray(inp[::-1]) if d else inp     # the reverse direction reads backwards
            y, final, cache = _cell_forward(spec, seq, h0[k], c0[k], p)
            outs.append(y[::-1] if d else y)                        # ... and writes h_t back at step t
            h_n[k] = final[0]
            if len(final) == 2:
                c_n[k] = final[1]
            cells.append(cache)
        inp = np.ascontiguousarray(np.concatenate(outs, axis=-1) if len(outs) > 1 else outs[0])
    output = inp[:, 0] if unbatched else (inp.transpose(1, 0, 2) if spec["batch_first"] else inp)
    output = np.ascontiguousarray(output)
    if unbatched:
        h_n, c_n = h_n[:, 0], c_n[:, 0]
    state = (h_n, c_n) if spec["kind"] == "lstm" else h_n
    cache = {"spec": spec, "cells": cells, "T": T, "N": N, "dtype": dtype, "unbatched": unbatched,
             "output_shape": output.shape, "state_shape": h_n.shape}
    return output, state, cache


def _internal(a, cache):
    """An array in the user's layout -> (T, N, ...) internal layout."""
    if cache["unbatched"]:
        return a[:, None]
    return a.transpose(1, 0, 2) if cache["spec"]["batch_first"] else a


def numpy_backward(d_output, d_state, cache) -> dict:
    """Backward of :func:`numpy_forward`.

    d_output: dL/d(output), shaped like output, or None (only the final state matters). d_state:
    dL/dh_n shaped like h_n, or None; for the LSTM a pair (dL/dh_n, dL/dc_n), either may be None.
    Returns a dict with one entry per module parameter under its torch name (weight_ih_l0,
    bias_hh_l1_reverse, ...; no biases when bias=False), then "x" (shaped like x), "hx" (like h_n)
    and, for the LSTM, "cx" (like c_n).
    """
    if not isinstance(cache, dict) or "spec" not in cache or "cells" not in cache:
        raise ValueError("cache must be the third value returned by numpy_forward, "
                         f"got {type(cache).__name__}")
    spec, dtype = cache["spec"], cache["dtype"]
    layout = "T" if cache["unbatched"] else ("N T" if spec["batch_first"] else "T N")
    out_dims = layout + (" 2H" if spec["dirs"] == 2 else " H")
    out_sizes = {"T": cache["T"], "N": cache["N"], "H": spec["H"]}
    d_output = check_optional("d_output", d_output, out_dims, out_sizes, dtype)
    state_dims = "S H" if cache["unbatched"] else "S N H"
    state_sizes = dict(zip(state_dims.split(), cache["state_shape"]))
    if spec["kind"] == "lstm":
        dh_n, dc_n = check_pair("d_state", d_state, ("dh_n", "dc_n"))
    else:
        dh_n, dc_n = d_state, None
    dh_n = check_optional("dh_n" if spec["kind"] == "lstm" else "d_state", dh_n, state_dims,
                          dict(state_sizes), dtype)
    dc_n = check_optional("dc_n", dc_n, state_dims, dict(state_sizes), dtype)
    S, N, H = spec["L"] * spec["dirs"], cache["N"], spec["H"]
    dh_n = None if dh_n is None else dh_n.reshape(S, N, H)
    dc_n = None if dc_n is None else dc_n.reshape(S, N, H)

    d_in = None if d_output is None else _internal(d_output, cache)     # dL/d(this layer's output)
    dhx, dcx = np.zeros((S, N, H), dtype), np.zeros((S, N, H), dtype)
    per_layer = {}
    for layer in reversed(range(spec["L"])):
        d_below = None
        for d in range(spec["dirs"]):
            k = layer * spec["dirs"] + d
            dy = None if d_in is None else d_in[..., d * H:(d + 1) * H]
            if dy is not None:
                dy = np.ascontiguousarray(dy[::-1] if d else dy)
            g = _cell_backward(spec, dy, None if dh_n is None else dh_n[k],
                               None if dc_n is None else dc_n[k], cache["cells"][k])
            dx = g["x"][::-1] if d else g["x"]
            d_below = dx.copy() if d_below is None else d_below + dx
            dhx[k] = g["h0"]
            if spec["kind"] == "lstm":
                dcx[k] = g["c0"]
            names = PARAMS if spec["bias"] else PARAMS[:2]
            per_layer[k] = {name + _suffix(layer, d): g[name] for name in names}
        d_in = d_below
    grads = {}
    for k in range(S):                                   # torch's order: layer by layer, forward first
        grads.update(per_layer[k])
    if cache["unbatched"]:
        grads["x"], dhx, dcx = d_in[:, 0], dhx[:, 0], dcx[:, 0]
    else:
        grads["x"] = np.ascontiguousarray(d_in.transpose(1, 0, 2) if spec["batch_first"] else d_in)
    grads["hx"] = dhx
    if spec["kind"] == "lstm":
        grads["cx"] = dcx
    return grads
