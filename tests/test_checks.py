"""Bad input to the cells raises ValueError naming what was expected and what arrived."""
import re

import numpy as np
import pytest

import lstmlib
from lstmlib.checks import check_array

D, H, T, N = 4, 5, 3, 2


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    return rng.standard_normal((T, N, D)), np.zeros((N, H)), lstmlib.init_params("lstm", D, H)


def raises(message):
    """pytest.raises(ValueError) matching the message literally (it is full of parentheses)."""
    return pytest.raises(ValueError, match=re.escape(message))


def test_x_of_wrong_rank_names_expected_and_got(problem):
    _, h0, p = problem
    with raises("x must be (T, N, D) with D=4, got shape (3, 5)"):
        lstmlib.lstm_forward(np.zeros((3, 5)), (h0, h0), p)


def test_x_with_wrong_input_size(problem):
    _, h0, p = problem
    with raises("x must be (T, N, D) with D=4, got shape (3, 2, 6)"):
        lstmlib.lstm_forward(np.zeros((3, 2, 6)), (h0, h0), p)


def test_state_with_wrong_shape(problem):
    x, h0, p = problem
    with raises("c0 must be (N, H) with N=2, H=5, got shape (2, 4)"):
        lstmlib.lstm_forward(x, (h0, np.zeros((2, 4))), p)
    with raises("h0 must be (N, H) with N=2, H=5, got shape (3, 5)"):
        lstmlib.gru_forward(x, np.zeros((3, 5)), lstmlib.init_params("gru", D, H))


def test_lstm_state_must_be_a_pair(problem):
    x, h0, p = problem
    with raises("state must be a pair (h0, c0), got ndarray"):
        lstmlib.lstm_forward(x, h0, p)
    with raises("state must be a pair (h0, c0), got a tuple of length 3"):
        lstmlib.lstm_forward(x, (h0, h0, h0), p)


@pytest.mark.parametrize("dtype", [np.int64, np.bool_, np.complex128, object])
def test_only_real_floating_dtypes_are_accepted(problem, dtype):
    x, h0, p = problem
    with raises(f"x must have dtype float32 or float64, got {np.dtype(dtype)}"):
        lstmlib.rnn_forward(x.astype(dtype), h0, lstmlib.init_params("rnn", D, H))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_values_are_rejected(problem, bad):
    x, h0, p = problem
    x[1, 0, 2] = bad
    with raises("x must be finite, got 1 nan/inf value(s)"):
        lstmlib.lstm_forward(x, (h0, h0), p)


def test_params_with_missing_or_unknown_keys(problem):
    x, h0, p = problem
    missing = {k: v for k, v in p.items() if k != "bias_hh"}
    with raises("missing ['bias_hh'], unknown []"):
        lstmlib.lstm_forward(x, (h0, h0), missing)
    with raises("missing [], unknown ['weight_ho']"):
        lstmlib.lstm_forward(x, (h0, h0), {**p, "weight_ho": p["weight_hh"]})
    with raises("params must be a dict with keys weight_ih, weight_hh, bias_ih, bias_hh, got list"):
        lstmlib.lstm_forward(x, (h0, h0), list(p.values()))


def test_params_of_another_cell_or_size(problem):
    x, h0, _ = problem
    gru = lstmlib.init_params("gru", D, H)                # weight_hh (15, 5): not a stack of four gates
    with raises("weight_hh must be (4H, H), got shape (15, 5)"):
        lstmlib.lstm_forward(x, (h0, h0), gru)
    p = lstmlib.init_params("lstm", D, H)
    with raises("bias_ih must be (4H,) with H=5, got shape (19,)"):
        lstmlib.lstm_forward(x, (h0, h0), {**p, "bias_ih": p["bias_ih"][:-1]})
    with raises("weight_ih must be (4H, D) with H=5, got shape (16, 4)"):
        lstmlib.lstm_forward(x, (h0, h0), {**p, "weight_ih": p["weight_ih"][:-4]})


def test_step_functions_check_their_inputs():
    p = lstmlib.init_params("gru", D, H)
    with raises("x_t must be (N, D) with D=4, got shape (3, 2, 4)"):
        lstmlib.gru_step(np.zeros((3, 2, 4)), np.zeros((2, H)), p)
    _, cache = lstmlib.gru_step(np.zeros((2, 4)), None, p)
    with raises("dh must be (N, H) with N=2, H=5, got shape (5, 2)"):
        lstmlib.gru_step_backward(np.zeros((5, 2)), cache)


def test_backward_checks_upstream_gradients(problem):
    x, h0, p = problem
    _, _, cache = lstmlib.lstm_forward(x, (h0, h0), p)
    with raises("dy must be (T, N, H) with T=3, N=2, H=5, got shape (3, 5, 2)"):
        lstmlib.lstm_backward(np.zeros((3, 5, 2)), None, cache)
    with raises("dcT must be (N, H) with N=2, H=5, got shape (2,)"):
        lstmlib.lstm_backward(None, (None, np.zeros(2)), cache)
    with raises("dhT must have dtype float32 or float64, got int64"):
        lstmlib.lstm_backward(None, (np.zeros((2, 5), int), None), cache)


def test_mixed_dtypes_work_in_the_dtype_of_x(problem):
    x, h0, p = problem
    y, (hT, cT), _ = lstmlib.lstm_forward(x.astype(np.float32), (h0, h0), p)    # float64 state and params
    assert y.dtype == hT.dtype == cT.dtype == np.float32


def test_none_state_means_zeros(problem):
    x, h0, p = problem
    y_none, _, _ = lstmlib.lstm_forward(x, None, p)
    y_zero, _, _ = lstmlib.lstm_forward(x, (h0, h0), p)
    np.testing.assert_array_equal(y_none, y_zero)


def test_check_array_learns_sizes_and_stacked_axes():
    sizes = {"D": 3}
    a = check_array("w", np.zeros((8, 3)), "4H D", sizes)
    assert sizes == {"D": 3, "H": 2} and a.shape == (8, 3)
    with raises("v must be (H,) with H=2, got shape (3,)"):
        check_array("v", np.zeros(3), "H", sizes)
    with raises("w must be an array of shape (N, H), got a ragged list"):
        check_array("w", [[1.0], [1.0, 2.0]], "N H")
    assert check_array("w", [[1.0, 2.0]], "N H", {}, np.float32).dtype == np.float32
