"""Parameters of the NumPy cells: PyTorch's default initialization, and copying to and from torch modules.

A parameter dict holds four float arrays in PyTorch's names, shapes and gate order (G = 4 for the
LSTM, gates i, f, g, o; G = 3 for the GRU, gates r, z, n; G = 1 for the tanh RNN):

    weight_ih (G*H, D)    weight_hh (G*H, H)    bias_ih (G*H,)    bias_hh (G*H,)

PyTorch initializes every one of them from uniform(-1/sqrt(H), 1/sqrt(H)), and so does init_params.
torch is imported inside the functions that need it, so the NumPy parts of lstmlib work without it.
"""
from __future__ import annotations

import numpy as np

from .checks import GATE_COUNT, PARAM_NAMES, check_params


def init_params(kind: str, D: int, H: int, seed: int = 0) -> dict:
    """Fresh float64 parameters for a "lstm", "gru" or "rnn" cell with input size D and hidden size H,
    drawn like PyTorch's default init: uniform(-1/sqrt(H), 1/sqrt(H)), from np.random.default_rng(seed)."""
    if kind not in GATE_COUNT:
        raise ValueError(f"kind must be one of {sorted(GATE_COUNT)}, got {kind!r}")
    for name, n in (("D", D), ("H", H)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{name} must be a positive int, got {n!r}")
    rng = np.random.default_rng(seed)
    k, G = 1.0 / np.sqrt(H), GATE_COUNT[kind]
    shapes = {"weight_ih": (G * H, D), "weight_hh": (G * H, H), "bias_ih": (G * H,), "bias_hh": (G * H,)}
    return {name: rng.uniform(-k, k, size=shapes[name]) for name in PARAM_NAMES}


def _torch_kind(module) -> tuple[str, str]:
    """("lstm" | "gru" | "rnn", suffix of the parameter names) for a supported module, else ValueError.

    Supported: nn.LSTM, nn.GRU, nn.RNN with one layer, one direction, biases and (RNN) tanh, and
    nn.LSTMCell, nn.GRUCell, nn.RNNCell with biases and tanh. The sequence modules name their
    parameters weight_ih_l0 and so on; the cells weight_ih.
    """
    from torch import nn

    kinds = [(nn.LSTM, "lstm", "_l0"), (nn.GRU, "gru", "_l0"), (nn.RNN, "rnn", "_l0"),
             (nn.LSTMCell, "lstm", ""), (nn.GRUCell, "gru", ""), (nn.RNNCell, "rnn", "")]
    for cls, kind, suffix in kinds:
        if isinstance(module, cls):
            break
    else:
        raise ValueError("expected nn.LSTM, nn.GRU, nn.RNN, nn.LSTMCell, nn.GRUCell or nn.RNNCell, "
                         f"got {type(module).__name__}")
    name = type(module).__name__
    problems = []
    if getattr(module, "num_layers", 1) != 1:
        problems.append(f"num_layers=1 expected, got num_layers={module.num_layers}")
    if getattr(module, "bidirectional", False):
        problems.append("bidirectional=False expected, got bidirectional=True")
    if getattr(module, "proj_size", 0):
        problems.append(f"proj_size=0 expected, got proj_size={module.proj_size}")
    if getattr(module, "nonlinearity", "tanh") != "tanh":
        problems.append(f"nonlinearity='tanh' expected, got nonlinearity={module.nonlinearity!r}")
    if not module.bias:
        problems.append("bias=True expected, got bias=False")
    if problems:
        raise ValueError(f"lstmlib's NumPy cells cover one layer, one direction: {name} has " + "; ".join(problems))
    return kind, suffix


def params_from_torch(module) -> dict:
    """Copy a torch recurrent module's parameters into a dict of float64 NumPy arrays (PyTorch's shapes).

    module: nn.LSTM / nn.GRU / nn.RNN (one layer, one direction, tanh) or nn.LSTMCell / GRUCell / RNNCell.
    batch_first does not change the parameters, so it is accepted; the NumPy cells still take (T, N, D).
    """
    kind, suffix = _torch_kind(module)
    return {name: getattr(module, name + suffix).detach().cpu().double().numpy().copy() for name in PARAM_NAMES}


def params_to_torch(p: dict, module):
    """Copy a parameter dict into the module's parameters in place, keeping the module's dtype and device.

    The dict must fit the module: same kind and sizes (checked, ValueError otherwise). Returns the module.
    """
    import torch

    kind, suffix = _torch_kind(module)
    p = check_params(p, kind, {"D": module.input_size, "H": module.hidden_size})
    with torch.no_grad():
        for name in PARAM_NAMES:
            target = getattr(module, name + suffix)
            target.copy_(torch.from_numpy(np.ascontiguousarray(p[name])).to(target.dtype))
    return module
