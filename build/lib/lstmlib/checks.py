"""Input validation shared by every NumPy layer of lstmlib.

Shapes are written with letters, as in the docstrings: "T N D" means an array of rank 3 whose axes
are time T, batch N and input size D. A ``sizes`` dict maps the letters already known to their values
(for example {"D": 4, "H": 8} read off the parameters); a check fills in the letters it learns, so the
next array must agree with them. A label such as "4H" means four times H (the LSTM's stacked gates).

Policy, the same everywhere:
- arrays must have a real floating dtype, float32 or float64. Integers, booleans, complex numbers and
  objects are rejected, not cast: an int array is more often a bug (token ids passed as features)
  than a wish, and a silent cast would hide it.
- every value must be finite (no nan or inf).
- a parameter dict must hold exactly the keys weight_ih, weight_hh, bias_ih, bias_hh.
Anything else raises ValueError naming what was expected and what arrived, for example
"x must be (T, N, D) with D=4, got shape (3, 5)".
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
PARAM_NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
#: Number of stacked gate blocks in weight_ih / weight_hh per cell kind (PyTorch's layout).
GATE_COUNT = {"rnn": 1, "gru": 3, "lstm": 4}


def _parse(label: str) -> tuple[int, str]:
    """'4H' -> (4, 'H'); 'T' -> (1, 'T')."""
    m = re.fullmatch(r"(\d*)([A-Z])", label)
    if m is None:
        raise ValueError(f"bad axis label {label!r}: expected a letter with an optional factor, like 'T' or '4H'")
    return int(m.group(1) or 1), m.group(2)


def check_array(name: str, a, dims: str, sizes: dict | None = None, dtype=None) -> np.ndarray:
    """Return ``a`` as a finite float32/float64 array whose shape matches ``dims``.

    name: what to call the array in messages; dims: axis labels separated by spaces ("T N D", "4H H");
    sizes: letters already known, updated in place with the ones learned here; dtype: if given, the
    array is cast to it (how the cells put states and parameters into the dtype of x).
    """
    sizes = {} if sizes is None else sizes
    labels = dims.split()
    spec = "(" + ", ".join(labels) + ("," if len(labels) == 1 else "") + ")"
    known = [letter for letter in dict.fromkeys(_parse(lab)[1] for lab in labels) if letter in sizes]
    where = (" with " + ", ".join(f"{k}={sizes[k]}" for k in known)) if known else ""
    try:
        arr = np.asarray(a)
    except ValueError:  # ragged nested lists
        raise ValueError(f"{name} must be an array of shape {spec}{where}, got a ragged {type(a).__name__}") from None
    if arr.dtype not in FLOAT_DTYPES:
        raise ValueError(f"{name} must have dtype float32 or float64, got {arr.dtype}")
    if arr.ndim != len(labels):
        raise ValueError(f"{name} must be {spec}{where}, got shape {arr.shape}")
    learned = {}
    for label, n in zip(labels, arr.shape):
        factor, letter = _parse(label)
        size = sizes.get(letter, learned.get(letter))
        if size is None and n % factor == 0 and n > 0:
            learned[letter] = size = n // factor
        if size is None or n != factor * size:
            raise ValueError(f"{name} must be {spec}{where}, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, got {np.size(arr) - np.isfinite(arr).sum()} nan/inf value(s)")
    sizes.update(learned)
    if dtype is not None and arr.dtype != dtype:
        arr = arr.astype(dtype)
    return arr


def check_optional(name: str, a, dims: str, sizes: dict, dtype) -> np.ndarray | None:
    """Like :func:`check_array`, but None passes through (callers read None as zeros)."""
    return None if a is None else check_array(name, a, dims, sizes, dtype)


def check_params(p, kind: str, sizes: dict | None = None, dtype=None) -> dict:
    """Validate a parameter dict of a one-layer cell in PyTorch's layout; return it cast to ``dtype``.

    kind: "rnn", "gru" or "lstm" (1, 3 or 4 stacked gate blocks, G of them). Expected shapes:
    weight_ih (G*H, D), weight_hh (G*H, H), bias_ih (G*H,), bias_hh (G*H,). Fills sizes["D"], sizes["H"].
    """
    sizes = {} if sizes is None else sizes
    if not isinstance(p, Mapping):
        raise ValueError(f"params must be a dict with keys {', '.join(PARAM_NAMES)}, got {type(p).__name__}")
    missing = [k for k in PARAM_NAMES if k not in p]
    extra = sorted(str(k) for k in p if k not in PARAM_NAMES)
    if missing or extra:
        raise ValueError(f"params must have exactly the keys {', '.join(PARAM_NAMES)}, got "
                         f"{sorted(map(str, p))} (missing {missing}, unknown {extra})")
    g = f"{GATE_COUNT[kind]}H" if GATE_COUNT[kind] > 1 else "H"
    # weight_hh first: it alone pins H; then weight_ih's second axis gives D.
    out = {"weight_hh": check_array("weight_hh", p["weight_hh"], f"{g} H", sizes, dtype)}
    out["weight_ih"] = check_array("weight_ih", p["weight_ih"], f"{g} D", sizes, dtype)
    for k in ("bias_ih", "bias_hh"):
        out[k] = check_array(k, p[k], g, sizes, dtype)
    return {k: out[k] for k in PARAM_NAMES}


def check_pair(name: str, value, names: tuple[str, str]) -> tuple:
    """Unpack an LSTM state pair such as (h0, c0); None stands for (None, None)."""
    if value is None:
        return None, None
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        what = f"a {type(value).__name__} of length {len(value)}" if isinstance(value, (tuple, list)) else type(value).__name__
        raise ValueError(f"{name} must be a pair ({names[0]}, {names[1]}), got {what}")
    return value[0], value[1]


def check_cell_inputs(kind: str, x, states: tuple, p, step: bool) -> tuple[np.ndarray, tuple, dict, dict]:
    """Validate the inputs of a cell's forward pass, in the order that gives the clearest message.

    The parameters come first and fix D and H; then x (T, N, D), or x_t (N, D) for a single step;
    then each state (N, H), where None means zeros as in PyTorch. Everything is cast to x's dtype.
    states: tuple of (name, array or None). Returns (x, state arrays, params, sizes).
    """
    sizes: dict = {}
    p = check_params(p, kind, sizes)
    x = check_array("x_t" if step else "x", x, "N D" if step else "T N D", sizes)
    arrays = tuple(np.zeros((sizes["N"], sizes["H"]), x.dtype) if s is None
                   else check_array(name, s, "N H", sizes, x.dtype) for name, s in states)
    p = {k: v.astype(x.dtype, copy=False) for k, v in p.items()}
    return x, arrays, p, sizes


def check_upstream(grads: tuple, sizes: dict, dtype) -> tuple:
    """Validate upstream gradients given as (name, array or None, dims); None stays None (zeros)."""
    return tuple(check_optional(name, g, dims, sizes, dtype) for name, g, dims in grads)
