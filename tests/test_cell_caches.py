"""What the chapters read from the caches: named gate activations per step and per sequence, consistent
with the cell equations and with running the step function in a loop."""
import warnings

import numpy as np
import pytest

import lstmlib
from cell_reference import KINDS, numpy_sequence, numpy_step, random_problem

GATES = {"rnn": (), "gru": ("r", "z", "n"), "lstm": ("i", "f", "g", "o")}


def test_lstm_step_cache_follows_the_equations():
    p, x, (h, c), _, _ = random_problem("lstm", 1, 3, 4, 5, seed=7)
    (h_new, c_new), cache = lstmlib.lstm_step(x[0], (h, c), p)
    for name in ("i", "f", "g", "o", "c", "h"):
        assert cache[name].shape == (3, 5), name
    i, f, g, o = (cache[k] for k in "ifgo")
    assert (0 < i).all() and (i < 1).all() and (0 < f).all() and (f < 1).all() and (np.abs(g) < 1).all()
    np.testing.assert_allclose(cache["c"], f * c + i * g, rtol=1e-14)
    np.testing.assert_allclose(cache["h"], o * np.tanh(cache["c"]), rtol=1e-14)
    np.testing.assert_array_equal(h_new, cache["h"])
    np.testing.assert_array_equal(c_new, cache["c"])


def test_gru_step_cache_follows_the_equations():
    p, x, (h,), _, _ = random_problem("gru", 1, 3, 4, 5, seed=8)
    h_new, cache = lstmlib.gru_step(x[0], h, p)
    r, z, n = (cache[k] for k in "rzn")
    W_in, W_hn = p["weight_ih"][10:], p["weight_hh"][10:]
    b_in, b_hn = p["bias_ih"][10:], p["bias_hh"][10:]
    np.testing.assert_allclose(n, np.tanh(x[0] @ W_in.T + b_in + r * (h @ W_hn.T + b_hn)), rtol=1e-13)
    np.testing.assert_allclose(h_new, (1 - z) * n + z * h, rtol=1e-13)


@pytest.mark.parametrize("kind", KINDS)
def test_sequence_equals_a_loop_of_steps(kind):
    """The sequence layer hoists the input projection out of its loop; it must still equal the step function."""
    p, x, states, dy, dstates = random_problem(kind, 6, 2, 3, 4, seed=9)
    y, finals, _, cache = numpy_sequence(kind, x, states, p, dy, dstates)
    step_states = states
    for t in range(x.shape[0]):
        step_states, _, step_cache = numpy_step(kind, x[t], step_states, p, [None] * len(states))
        for g in GATES[kind]:
            np.testing.assert_allclose(cache["gates"][g][t], step_cache[g], rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(cache["h"][t], step_cache["h"], rtol=1e-13, atol=1e-15)
    for ours, loop in zip(finals, step_states):
        np.testing.assert_allclose(ours, loop, rtol=1e-13, atol=1e-15)
    assert all(cache["gates"][g].shape == (6, 2, 4) for g in GATES[kind]) and cache["h"].shape == (6, 2, 4)


@pytest.mark.parametrize("kind", KINDS)
def test_saturating_inputs_stay_finite_without_warnings(kind):
    p, x, states, dy, dstates = random_problem(kind, 4, 2, 3, 4, seed=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # an overflow in exp would warn
        y, finals, grads, cache = numpy_sequence(kind, 1e4 * x, states, p, dy, dstates)
    assert all(np.isfinite(a).all() for a in (y, *finals, *grads.values()))
    for g in GATES[kind]:
        assert np.abs(cache["gates"][g]).max() <= 1


@pytest.mark.parametrize("kind", KINDS)
def test_outputs_do_not_alias_the_cache(kind):
    """Editing y or the final state in place must not change the gradients."""
    p, x, states, dy, dstates = random_problem(kind, 3, 2, 3, 4, seed=11)
    y, finals, grads, _ = numpy_sequence(kind, x, states, p, dy, dstates)
    forward = getattr(lstmlib, f"{kind}_forward")
    backward = getattr(lstmlib, f"{kind}_backward")
    out = forward(x, states if kind == "lstm" else states[0], p)
    out[0][...] = 0
    for f in (out[1] if kind == "lstm" else (out[1],)):
        f[...] = 0
    again = backward(dy, dstates if kind == "lstm" else dstates[0], out[2])
    for name in grads:
        np.testing.assert_array_equal(again[name], grads[name])
