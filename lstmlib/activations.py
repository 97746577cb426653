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
