"""Parity of lstmlib's RNN, GRU and LSTM with torch in float64: forward outputs, final states and every
gradient (from torch autograd on the same weights) agree to a relative error below 1e-10."""
import numpy as np
import pytest

from cell_reference import (KINDS, STATES, numpy_sequence, numpy_step, random_problem, torch_sequence,
                            torch_unrolled)
from lstmlib.gradcheck import rel_error

TOL = 1e-10
# (T, N, D, H): a single step, a single sequence, D > H, D < H, and a longer sequence.
SHAPES = [(1, 1, 3, 5), (1, 4, 2, 2), (6, 1, 5, 3), (5, 3, 2, 6), (20, 2, 4, 4)]


def assert_close(ours, ref, what):
    err = rel_error(ours, ref)
    assert err < TOL, f"{what}: relative error {err:.2e}"


def assert_grads_close(ours, ref, names):
    for name in names:
        assert_close(ours[name], ref[name], f"gradient {name}")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "T{}N{}D{}H{}".format(*s))
def test_sequence_matches_torch(kind, shape):
    p, x, states, dy, dstates = random_problem(kind, *shape, seed=sum(shape))
    y, finals, grads, _ = numpy_sequence(kind, x, states, p, dy, dstates)
    y_ref, finals_ref, grads_ref = torch_sequence(kind, x, states, p, dy, dstates)
    assert y.shape == y_ref.shape and y.dtype == np.float64
    assert_close(y, y_ref, "y")
    for s, ours, ref in zip(STATES[kind], finals, finals_ref):
        assert_close(ours, ref, f"{s}T")
    assert_grads_close(grads, grads_ref, grads_ref)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", [(1, 2, 3, 4), (7, 3, 2, 5)], ids=lambda s: "T{}N{}D{}H{}".format(*s))
def test_per_step_state_gradients_match_torch_cells(kind, shape):
    """grads["h"] (and ["c"]) are the total dL/dh_t at each step, as autograd sees them on an unrolled *Cell."""
    p, x, states, dy, dstates = random_problem(kind, *shape, seed=1)
    y, finals, grads, _ = numpy_sequence(kind, x, states, p, dy, dstates)
    y_ref, finals_ref, grads_ref = torch_unrolled(kind, x, states, p, dy, dstates)
    assert_close(y, y_ref, "y")
    assert_grads_close(grads, grads_ref, grads_ref)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("upstream", ["final-state-only", "outputs-only", "last-h-only"])
def test_backward_with_missing_upstream_gradients(kind, upstream):
    """None for dy or for a final-state gradient means zeros (how the chapters ask for d h_T / d h_t)."""
    p, x, states, dy, dstates = random_problem(kind, 6, 2, 3, 4, seed=2)
    if upstream == "final-state-only":
        dy = None
    elif upstream == "outputs-only":
        dstates = tuple(None for _ in dstates)
    else:
        dy, dstates = None, (dstates[0],) + tuple(None for _ in dstates[1:])
    _, _, grads, _ = numpy_sequence(kind, x, states, p, dy, dstates)
    _, _, grads_ref = torch_unrolled(kind, x, states, p, dy, dstates)
    assert_grads_close(grads, grads_ref, grads_ref)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", [(1, 1, 3, 5), (1, 4, 6, 2)], ids=lambda s: "N{1}D{2}H{3}".format(*s))
def test_step_matches_torch_cell(kind, shape):
    p, x, states, _, dstates = random_problem(kind, *shape, seed=3)
    new, grads, cache = numpy_step(kind, x[0], states, p, dstates)
    _, new_ref, grads_ref = torch_unrolled(kind, x, states, p, None, dstates)
    for s, ours, ref in zip(STATES[kind], new, new_ref):
        assert_close(ours, ref, s)
        assert_close(cache[s], ref, f'cache["{s}"]')
    grads_ref["x"] = grads_ref["x"][0]
    for s in STATES[kind]:
        grads_ref[f"{s}_prev"] = grads_ref.pop(f"{s}0")
        del grads_ref[s]
    assert set(grads) == set(grads_ref)
    assert_grads_close(grads, grads_ref, grads_ref)


@pytest.mark.parametrize("kind", KINDS)
def test_float32_runs_in_float32_and_matches(kind):
    p, x, states, dy, dstates = random_problem(kind, 8, 3, 4, 5, seed=4, dtype=np.float32)
    y, finals, grads, _ = numpy_sequence(kind, x, states, p, dy, dstates)
    y_ref, _, grads_ref = torch_sequence(kind, x, states, p, dy, dstates)   # float64 reference
    assert y.dtype == np.float32 and all(f.dtype == np.float32 for f in finals)
    assert all(g.dtype == np.float32 for g in grads.values())
    assert rel_error(y, y_ref) < 1e-5
    for name in grads_ref:
        assert rel_error(grads[name], grads_ref[name]) < 1e-5, name
