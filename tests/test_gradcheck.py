"""lstmlib.gradcheck on functions with known derivatives, and every cell's backward pass (sequence and
step) against centered differences in float64 (relative error below 1e-7)."""
import numpy as np
import pytest

import lstmlib
from cell_reference import KINDS, numpy_sequence, numpy_step, random_problem
from lstmlib.gradcheck import check_gradients, numerical_gradient, rel_error


def test_numerical_gradient_of_known_functions():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4))
    before = x.copy()
    df = rng.standard_normal((3, 4))
    assert rel_error(numerical_gradient(np.sin, x, df), np.cos(x) * df) < 1e-9          # array f, upstream df
    assert rel_error(numerical_gradient(lambda v: (v ** 3).sum(), x), 3 * x ** 2) < 1e-8   # scalar f
    np.testing.assert_array_equal(x, before)                                               # x restored


def test_numerical_gradient_needs_a_float_array():
    with pytest.raises(ValueError, match="x must be a float numpy array .* got ndarray of dtype int64"):
        numerical_gradient(np.sin, np.arange(3))


def test_rel_error_definition():
    assert rel_error([1.0, 0.0], [1.1, 0.0]) == pytest.approx(0.1 / 2.1)
    assert rel_error([1e-20, 5.0], [2e-20, 5.0]) == pytest.approx(1e-20 / 10.0)   # one scale per array
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match=r"one shape, got \(2,\) and \(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))


def test_check_gradients_flags_a_wrong_backward():
    rng = np.random.default_rng(1)
    x = rng.standard_normal(5)
    errors = check_gradients(lambda: (np.tanh(x), None), lambda d, _: {"x": d * (1 - np.tanh(x) ** 2)}, {"x": x})
    assert errors["x"] < 1e-9
    errors = check_gradients(lambda: (np.tanh(x), None), lambda d, _: {"x": d * (1 - np.tanh(x))}, {"x": x})
    assert errors["x"] > 1e-2


def _sequence_fns(kind, x, states, p):
    def forward():
        y, finals, _, cache = numpy_sequence(kind, x, states, p, None, None)
        return (y, *finals), cache

    def backward(d, cache):
        return getattr(lstmlib, f"{kind}_backward")(d[0], tuple(d[1:]) if kind == "lstm" else d[1], cache)
    return forward, backward


@pytest.mark.parametrize("kind", KINDS)
def test_sequence_backward_matches_numerical_gradients(kind):
    p, x, states, _, _ = random_problem(kind, T=3, N=2, D=3, H=4, seed=5)
    inputs = {"x": x, **{f"{s}0": a for s, a in zip("hc", states)}, **p}
    errors = check_gradients(*_sequence_fns(kind, x, states, p), inputs)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("kind", KINDS)
def test_step_backward_matches_numerical_gradients(kind):
    p, x, states, _, _ = random_problem(kind, T=1, N=2, D=3, H=4, seed=6)
    x_t = x[0]

    def forward():
        new, _, cache = numpy_step(kind, x_t, states, p, [None] * len(states))
        return tuple(new), cache

    def backward(d, cache):
        step_backward = getattr(lstmlib, f"{kind}_step_backward")
        return step_backward(*d, cache)

    inputs = {"x": x_t, **{f"{s}_prev": a for s, a in zip("hc", states)}, **p}
    errors = check_gradients(forward, backward, inputs)
    assert max(errors.values()) < 1e-7, errors
