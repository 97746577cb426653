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
    """("lstm" | "gru" | "rnn", type name) for a supported module, else ValueError.

    Supported: nn.LSTM, nn.GRU, nn.RNN (any number of layers and directions) and nn.LSTMCell,
    nn.GRUCell, nn.RNNCell, all with biases, tanh (RNN) and no projection: the parameter dict has no
    place for a missing bias, a relu or a projection. lstmlib.numpy_forward covers those modules whole.
    """
    from torch import nn

    kinds = [(nn.LSTM, "lstm"), (nn.GRU, "gru"), (nn.RNN, "rnn"),
             (nn.LSTMCell, "lstm"), (nn.GRUCell, "gru"), (nn.RNNCell, "rnn")]
    for cls, kind in kinds:
        if isinstance(module, cls):
            break
    else:
        raise ValueError("expected nn.LSTM, nn.GRU, nn.RNN, nn.LSTMCell, nn.GRUCell or nn.RNNCell, "
                         f"got {type(module).__name__}")
    name = type(module).__name__
    problems = []
    if getattr(module, "proj_size", 0):
        problems.append(f"proj_size=0 expected, got proj_size={module.proj_size}")
    if getattr(module, "nonlinearity", "tanh") != "tanh":
        problems.append(f"nonlinearity='tanh' expected, got nonlinearity={module.nonlinearity!r}")
    if not module.bias:
        problems.append("bias=True expected, got bias=False")
    if problems:
        raise ValueError(f"lstmlib's parameter dicts cover the plain cell (use lstmlib.numpy_forward "
                         f"for the whole module): {name} has " + "; ".join(problems))
    return kind, name


def _suffix(module, name: str, layer, reverse) -> tuple[str, int]:
    """(suffix of the parameter names, input size of that layer) for one layer and direction."""
    num_layers = getattr(module, "num_layers", None)
    if num_layers is None:                                   # a cell: weight_ih, no suffix
        if layer not in (None, 0) or reverse:
            raise ValueError(f"{name} is a single cell: layer=None and reverse=False expected, "
                             f"got layer={layer!r}, reverse={reverse!r}")
        return "", module.input_size
    directions = 2 if module.bidirectional else 1
    if layer is None:
        if num_layers > 1 or directions > 1:
            raise ValueError(f"{name} has num_layers={num_layers}, bidirectional={module.bidirectional}: "
                             f"pass layer= (0..{num_layers - 1}) and reverse= (True for the backward "
                             "direction) to pick one layer's parameters")
        layer = 0
    if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < num_layers:
        raise ValueError(f"layer must be an int in 0..{num_layers - 1} for {name}, got {layer!r}")
    if reverse and directions == 1:
        raise ValueError(f"reverse=True needs a bidirectional {name}, got bidirectional=False")
    D = module.input_size if layer == 0 else directions * module.hidden_size
    return f"_l{layer}" + ("_reverse" if reverse else ""), D


def params_from_torch(module, layer: int | None = None, reverse: bool = False) -> dict:
    """Copy one layer of a torch recurrent module into a dict of float64 NumPy arrays (PyTorch's shapes).

    module: nn.LSTM / nn.GRU / nn.RNN (tanh) or nn.LSTMCell / GRUCell / RNNCell. For a module with
    several layers or two directions, layer (0 = the one reading the input) and reverse (True: the
    direction that reads the sequence backwards) pick the parameters weight_ih_l{layer}[_reverse], ...
    The input size of layer k > 0 is H times the number of directions. batch_first does not change
    the parameters, so it is accepted; the NumPy cells still take (T, N, D).
    """
    kind, name = _torch_kind(module)
    suffix, _ = _suffix(module, name, layer, reverse)
    return {key: getattr(module, key + suffix).detach().cpu().double().numpy().copy() for key in PARAM_NAMES}


def params_to_torch(p: dict, module, layer: int | None = None, reverse: bool = False):
    """Copy a parameter dict into one layer of the module in place, keeping its dtype and device.

    layer, reverse: as in :func:`params_from_torch`. The dict must fit that layer: same kind and sizes
    (checked, ValueError otherwise). Returns the module.
    """
    import torch

    kind, name = _torch_kind(module)
    suffix, D = _suffix(module, name, layer, reverse)
    p = check_params(p, kind, {"D": D, "H": module.hidden_size})
    with torch.no_grad():
        for name in PARAM_NAMES:
            target = getattr(module, name + suffix)
            target.copy_(torch.from_numpy(np.ascontiguousarray(p[name])).to(target.dtype))
    return module
