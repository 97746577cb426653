"""Helpers shared by the exercise sources (exercises/setNN_*.py): seeded case inputs in PyTorch's layout,
and known-mistake variants of a reference solution.

It lives in lstmlib, not in exercises/, so that a Gradescope autograder zip (which bundles lstmlib and one
exercise source) can load any set. It holds no solution and no case: those stay in the sources, which
make their cases by calling these helpers with their own seeded generator. Every helper takes the set's
own ``numpy.random.Generator``, so a set's cases depend only on its seed and on the order of its calls:
loading a set twice gives the same arrays.
"""
from __future__ import annotations

import numpy as np

# Gate blocks per cell, in PyTorch's row order: LSTM i, f, g, o; GRU r, z, n; tanh RNN one block.
GATES = {"rnn": 1, "gru": 3, "lstm": 4}


def cell_params(rng: np.random.Generator, kind: str, D: int, H: int, scale: float = 1.0) -> dict:
    """Random float64 params in PyTorch's layout: weight_ih (G*H, D), weight_hh (G*H, H), bias_ih, bias_hh
    (G*H,), uniform in +-scale/sqrt(H) like PyTorch's init (larger scale: saturated gates)."""
    G, a = GATES[kind], scale / np.sqrt(H)
    return {"weight_ih": rng.uniform(-a, a, size=(G * H, D)), "weight_hh": rng.uniform(-a, a, size=(G * H, H)),
            "bias_ih": rng.uniform(-a, a, size=G * H), "bias_hh": rng.uniform(-a, a, size=G * H)}


def step_args(rng: np.random.Generator, kind: str, N: int, D: int, H: int, scale: float = 1.0,
              with_c: bool | None = None, zero_state: bool = False) -> tuple:
    """Arguments of a cell step, in the order the exercises use:
    (x (N, D), h (N, H)[, c (N, H) for an LSTM], weight_ih, weight_hh, bias_ih, bias_hh)."""
    with_c = kind == "lstm" if with_c is None else with_c
    x = rng.normal(size=(N, D))
    h = np.zeros((N, H)) if zero_state else rng.uniform(-1, 1, size=(N, H))
    c = (np.zeros((N, H)) if zero_state else rng.normal(size=(N, H))) if with_c else None
    p = cell_params(rng, kind, D, H, scale)
    state = (h, c) if with_c else (h,)
    return (x, *state, p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"])


def sequence_args(rng: np.random.Generator, kind: str, T: int, N: int, D: int, H: int, scale: float = 1.0) -> tuple:
    """Arguments of a sequence: (x (T, N, D), h0 (N, H)[, c0 (N, H)], weight_ih, weight_hh, bias_ih, bias_hh)."""
    x = rng.normal(size=(T, N, D))
    _, *rest = step_args(rng, kind, N, D, H, scale)
    return (x, *rest)


def variant(code: str, *replacements: tuple[str, str]) -> str:
    """``code`` with each (old, new) replaced; each ``old`` must occur exactly once, so a mistake cannot
    silently stop differing from the solution when the solution is edited."""
    for old, new in replacements:
        if code.count(old) != 1:
            raise ValueError(f"variant: expected exactly one {old!r} in the solution, found {code.count(old)}")
        code = code.replace(old, new)
    return code
