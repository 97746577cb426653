"""Elementwise activations of the recurrent cells, and their derivatives written in terms of the outputs.

    sigmoid(x) = 1 / (1 + exp(-x))          sigmoid'(x) = s * (1 - s)   with s = sigmoid(x)
    tanh(x)                                 tanh'(x)    = 1 - t * t     with t = tanh(x)

The backward passes only ever have the outputs s and t at hand (they are in the caches), so the
derivatives take those. Every function takes ``out=`` so the time loops can work in place on
preallocated (N, 4H) slices.
"""
from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Logistic sigmoid of an array of any shape, numerically stable, optionally in place (``out=x``).

    Computed as sigmoid(x) = (1 + tanh(x / 2)) / 2, an exact identity. Why not 1 / (1 + exp(-x)):
    exp(-x) overflows (with a RuntimeWarning) for x below about -709 in float64 and -88 in float32,
    whereas tanh saturates cleanly at +-1, so any finite x gives a result in [0, 1] and no warning. The
    price is an absolute (not relative) error of about one ulp of 1 for very negative x, which nothing
    here needs.
    """
    out = np.multiply(x, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


def gate_scales(blocks: str, H: int, dtype) -> np.ndarray:
    """Per-column scales for stacked gate blocks, for :func:`stacked_activation`: a (len(blocks) * H,)
    vector holding 0.5 over each sigmoid block ("s") and 1 over each tanh block ("t"); the LSTM uses "ssts"."""
    return np.repeat(np.array([{"s": 0.5, "t": 1.0}[b] for b in blocks], dtype=dtype), H)


def stacked_activation(a: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Apply sigmoid or tanh to each block of stacked gates a (N, G*H) in place, all blocks in one pass.

    Both are the same formula with a per-column scale s: sigmoid(x) = 0.5 * tanh(0.5 * x) + 0.5 and
    tanh(x) = 1 * tanh(1 * x) + 0, that is act = s * tanh(s * x) + (1 - s). Four passes over the whole
    contiguous array are much faster than separate calls on the strided (N, H) gate slices.
    """
    a *= scale
    np.tanh(a, out=a)
    a *= scale
    a += 1.0 - scale
    return a


def sigmoid_grad(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Derivative of the sigmoid at the point where it returned ``s``: s * (1 - s), same shape as s."""
    out = np.subtract(1.0, s, out=out)
    out *= s
    return out


def tanh_grad(t: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Derivative of tanh at the point where it returned ``t``: 1 - t * t, same shape as t."""
    out = np.multiply(t, t, out=out)
    np.subtract(1.0, out, out=out)
    return out
