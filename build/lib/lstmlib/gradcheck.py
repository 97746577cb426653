"""Numerical gradients by centered differences, and the error measure used to compare gradients.

    df/dx_k ~ (f(x + h e_k) - f(x - h e_k)) / (2h)      error O(h^2), versus O(h) one-sided

For an array-valued f with upstream gradient df (the dL/df handed down by the layer above), the
numerical gradient of L = sum(df * f(x)) is returned, which is what a backward pass computes.
"""
from __future__ import annotations

import numpy as np


def numerical_gradient(f, x: np.ndarray, df=None, h: float = 1e-6) -> np.ndarray:
    """Centered-difference gradient of sum(df * f(x)) with respect to x, same shape as x.

    f: called as f(x) and may also read x through a closure: x is changed in place, one element at a
    time, and restored exactly afterwards. It returns an array (or scalar). df: upstream gradient of
    f's shape; None means ones (so a scalar f gives its plain gradient). x must be a float array;
    use float64, since h = 1e-6 in float32 is mostly rounding noise. Cost: 2 * x.size calls of f.
    """
    if not (isinstance(x, np.ndarray) and np.issubdtype(x.dtype, np.floating)):
        raise ValueError(f"x must be a float numpy array (changed in place), got {type(x).__name__}"
                         f"{'' if not isinstance(x, np.ndarray) else ' of dtype ' + str(x.dtype)}")
    grad = np.zeros_like(x)
    for k in np.ndindex(x.shape):
        old = x[k]
        x[k] = old + h
        plus = np.array(f(x), dtype=np.float64)
        x[k] = old - h
        minus = np.array(f(x), dtype=np.float64)
        x[k] = old
        diff = plus - minus if df is None else (plus - minus) * df
        grad[k] = diff.sum() / (2 * h)
    return grad


def rel_error(a, b) -> float:
    """max |a - b| / max(max(|a| + |b|), tiny): the largest error relative to the arrays' scale.

    A single scale for the whole array, not one per element: a per-element ratio blows up on entries
    that are zero in exact arithmetic (a gate saturated in float64 gives gradients of 1e-17 whose
    rounding noise is of the same size). Two all-zero arrays give 0. Shapes must match.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error needs arrays of one shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    scale = max(float(np.max(np.abs(a) + np.abs(b))), np.finfo(np.float64).tiny)
    return float(np.max(np.abs(a - b)) / scale)


def check_gradients(forward_fn, backward_fn, inputs: dict, seed: int = 0, h: float = 1e-6) -> dict:
    """Compare a hand-written backward pass with numerical gradients; return {name: rel_error}.

    inputs: {name: float64 array}, the arrays the gradients are taken for; forward_fn() computes with
    them (through a closure) and returns (out, cache), where out is an array or a tuple of arrays;
    backward_fn(dout, cache) returns a dict of gradients with (at least) the names in inputs, for
    upstream gradients dout shaped like out (random, from seed). Example for the RNN:

        x, h0, p = ...
        errs = check_gradients(lambda: (lambda y, hT, c: ((y, hT), c))(*rnn_forward(x, h0, p)),
                               lambda d, c: rnn_backward(d[0], d[1], c), {"x": x, "h0": h0, **p})
    """
    out, cache = forward_fn()
    single = not isinstance(out, tuple)
    outs = (out,) if single else out
    rng = np.random.default_rng(seed)
    douts = tuple(rng.standard_normal(np.shape(o)) for o in outs)
    grads = backward_fn(douts[0] if single else douts, cache)

    def loss(_):
        new = forward_fn()[0]
        return sum(float(np.sum(d * o)) for d, o in zip(douts, (new,) if single else new))

    return {name: rel_error(grads[name], numerical_gradient(loss, x, h=h)) for name, x in inputs.items()}
