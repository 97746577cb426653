"""The conventions appendix's library side: the reset-before GRU (against torch autograd of its own
equations, and shown different from nn.GRU), the two readings of z, and the Keras layout (round trips,
and converted weights reproducing nn.LSTM / nn.GRU through a NumPy transcription of Keras's equations)."""
from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from torch import nn

import lstmlib
from lstmlib.gru_reset_before import gru_reset_before_backward, gru_reset_before_forward
from lstmlib.keras_layout import (gru_from_keras, gru_to_keras, keras_gru_forward, keras_lstm_forward,
                                  lstm_from_keras, lstm_to_keras)

T, N, D, H = 6, 3, 4, 5
TOL = 1e-10


def torch_reset_before(x, h0, p):
    """The reset-before GRU in torch operations (autograd gives the reference gradients)."""
    w_ih, w_hh, b_ih, b_hh = (p[k] for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
    h, ys = h0, []
    for t in range(x.shape[0]):
        a = x[t] @ w_ih.T + b_ih
        r = torch.sigmoid(a[:, :H] + h @ w_hh[:H].T + b_hh[:H])
        z = torch.sigmoid(a[:, H:2 * H] + h @ w_hh[H:2 * H].T + b_hh[H:2 * H])
        n = torch.tanh(a[:, 2 * H:] + (r * h) @ w_hh[2 * H:].T + b_hh[2 * H:])
        h = (1 - z) * n + z * h
        ys.append(h)
    return torch.stack(ys), h


def test_reset_before_gru_forward_and_backward_match_torch_autograd():
    rng = np.random.default_rng(0)
    p = lstmlib.init_params("gru", D, H, seed=1)
    x, h0 = rng.normal(size=(T, N, D)), rng.normal(size=(N, H))
    dy, dhT = rng.normal(size=(T, N, H)), rng.normal(size=(N, H))
    y, hT, cache = gru_reset_before_forward(x, h0, p)
    grads = gru_reset_before_backward(dy, dhT, cache)
    pt = {k: torch.tensor(v, requires_grad=True) for k, v in p.items()}
    xt, h0t = torch.tensor(x, requires_grad=True), torch.tensor(h0, requires_grad=True)
    yt, hTt = torch_reset_before(xt, h0t, pt)
    ((yt * torch.tensor(dy)).sum() + (hTt * torch.tensor(dhT)).sum()).backward()
    assert np.abs(y - yt.detach().numpy()).max() < TOL
    assert np.abs(hT - hTt.detach().numpy()).max() < TOL
    assert np.abs(grads["x"] - xt.grad.numpy()).max() < TOL
    assert np.abs(grads["h0"] - h0t.grad.numpy()).max() < TOL
    for k in p:
        assert np.abs(grads[k] - pt[k].grad.numpy()).max() < TOL, k


def test_reset_before_gru_passes_a_numerical_gradient_check():
    rng = np.random.default_rng(2)
    p = lstmlib.init_params("gru", 2, 3, seed=3)
    x, dy = rng.normal(size=(4, 2, 2)), rng.normal(size=(4, 2, 3))
    grads = gru_reset_before_backward(dy, None, gru_reset_before_forward(x, None, p)[2])

    def loss():
        return float((gru_reset_before_forward(x, None, p)[0] * dy).sum())

    for k in ("weight_hh", "bias_hh"):
        num = lstmlib.numerical_gradient(lambda _: loss(), p[k])
        assert lstmlib.rel_error(num, grads[k]) < 1e-7


def test_the_two_grus_are_different_functions_of_the_same_weights():
    torch.manual_seed(0)
    gru = nn.GRU(D, H).double()
    p = lstmlib.params_from_torch(gru)
    x = np.random.default_rng(0).normal(size=(T, N, D))
    after = lstmlib.gru_forward(x, None, p)[0]
    before = gru_reset_before_forward(x, None, p)[0]
    with torch.no_grad():
        torch_out = gru(torch.tensor(x))[0].numpy()
    assert np.abs(after - torch_out).max() < TOL
    assert np.abs(before - torch_out).max() > 1e-3
    # With the reset gate held open (r = 1) the two coincide: the difference is where r acts.
    p_open = {k: v.copy() for k, v in p.items()}
    p_open["bias_ih"][:H] = 50.0
    diff_open = np.abs(lstmlib.gru_forward(x, None, p_open)[0] - gru_reset_before_forward(x, None, p_open)[0]).max()
    assert diff_open < 1e-12


def test_flipped_z_reading_is_the_same_model_with_the_z_rows_negated():
    """colah's h = (1 - z) h_prev + z n equals PyTorch's GRU once the z rows' weights and biases flip
    sign, because 1 - sigmoid(a) = sigmoid(-a)."""
    rng = np.random.default_rng(4)
    p = lstmlib.init_params("gru", D, H, seed=5)
    x = rng.normal(size=(T, N, D))
    flipped = {k: v.copy() for k, v in p.items()}
    for k in flipped:
        flipped[k][H:2 * H] *= -1
    h, ys = np.zeros((N, H)), []
    for t in range(T):                 # colah's reading, written out
        a, rec = x[t] @ p["weight_ih"].T + p["bias_ih"], h @ p["weight_hh"].T + p["bias_hh"]
        r, z = lstmlib.sigmoid(a[:, :H] + rec[:, :H]), lstmlib.sigmoid(a[:, H:2 * H] + rec[:, H:2 * H])
        n = np.tanh(a[:, 2 * H:] + r * rec[:, 2 * H:])
        h = (1 - z) * h + z * n
        ys.append(h)
    assert np.abs(np.stack(ys) - lstmlib.gru_forward(x, None, flipped)[0]).max() < TOL
    assert np.abs(np.stack(ys) - lstmlib.gru_forward(x, None, p)[0]).max() > 1e-2


def keras_lstm_weights(seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(D, 4 * H)), rng.normal(size=(H, 4 * H)), rng.normal(size=4 * H)


def keras_gru_weights(seed=0, reset_after=True):
    rng = np.random.default_rng(seed)
    bias = rng.normal(size=(2, 3 * H) if reset_after else 3 * H)
    return rng.normal(size=(D, 3 * H)), rng.normal(size=(H, 3 * H)), bias


def test_lstm_keras_round_trips():
    k, rk, b = keras_lstm_weights()
    back = lstm_to_keras(lstm_from_keras(k, rk, b))
    for name, value in zip(("kernel", "recurrent_kernel", "bias"), (k, rk, b)):
        np.testing.assert_array_equal(back[name], value)
    # torch -> Keras -> torch keeps every weight and the sum of the biases (all that the cell uses).
    p = lstmlib.init_params("lstm", D, H, seed=1)
    q = lstm_from_keras(**lstm_to_keras(p))
    for name in ("weight_ih", "weight_hh"):
        np.testing.assert_array_equal(q[name], p[name])
    np.testing.assert_allclose(q["bias_ih"] + q["bias_hh"], p["bias_ih"] + p["bias_hh"], rtol=0, atol=1e-15)


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_keras_round_trips(reset_after):
    k, rk, b = keras_gru_weights(reset_after=reset_after)
    back = gru_to_keras(gru_from_keras(k, rk, b, reset_after=reset_after), reset_after=reset_after)
    for name, value in zip(("kernel", "recurrent_kernel", "bias"), (k, rk, b)):
        np.testing.assert_array_equal(back[name], value)
    p = lstmlib.init_params("gru", D, H, seed=1)
    q = gru_from_keras(**gru_to_keras(p))
    for name in p:
        np.testing.assert_array_equal(q[name], p[name])


def test_converted_keras_lstm_reproduces_nn_lstm():
    k, rk, b = keras_lstm_weights(seed=3)
    x = np.random.default_rng(0).normal(size=(N, T, D))              # Keras is batch-major
    seq, h, c = keras_lstm_forward(x, k, rk, b)
    lstm = lstmlib.params_to_torch(lstm_from_keras(k, rk, b), nn.LSTM(D, H, batch_first=True).double())
    with torch.no_grad():
        out, (h_n, c_n) = lstm(torch.tensor(x))
    assert np.abs(seq - out.numpy()).max() < TOL
    assert np.abs(h - h_n[0].numpy()).max() < TOL and np.abs(c - c_n[0].numpy()).max() < TOL


def test_converted_keras_gru_reproduces_nn_gru_and_reset_before_matches_its_numpy_gru():
    k, rk, b = keras_gru_weights(seed=4)
    x = np.random.default_rng(1).normal(size=(N, T, D))
    seq, h = keras_gru_forward(x, k, rk, b)
    gru = lstmlib.params_to_torch(gru_from_keras(k, rk, b), nn.GRU(D, H, batch_first=True).double())
    with torch.no_grad():
        out, h_n = gru(torch.tensor(x))
    assert np.abs(seq - out.numpy()).max() < TOL and np.abs(h - h_n[0].numpy()).max() < TOL
    k, rk, b = keras_gru_weights(seed=5, reset_after=False)
    seq, _ = keras_gru_forward(x, k, rk, b, reset_after=False)
    y, _, _ = gru_reset_before_forward(x.transpose(1, 0, 2), None, gru_from_keras(k, rk, b, reset_after=False))
    assert np.abs(seq - y.transpose(1, 0, 2)).max() < TOL


def test_planted_fault_keras_gate_order_taken_as_pytorch_is_caught():
    """Loading Keras's GRU columns (z, r, h) into nn.GRU without the swap: the check must fail."""
    k, rk, b = keras_gru_weights(seed=4)
    x = np.random.default_rng(1).normal(size=(N, T, D))
    seq, _ = keras_gru_forward(x, k, rk, b)
    wrong = {"weight_ih": k.T.copy(), "weight_hh": rk.T.copy(), "bias_ih": b[0].copy(), "bias_hh": b[1].copy()}
    gru = lstmlib.params_to_torch(wrong, nn.GRU(D, H, batch_first=True).double())
    with torch.no_grad():
        out, _ = gru(torch.tensor(x))
    assert np.abs(seq - out.numpy()).max() > 1e-2


def test_keras_conversion_refuses_wrong_shapes():
    k, rk, b = keras_gru_weights()
    with pytest.raises(ValueError, match=re.escape("bias must be (B, 3H) with B=2, H=5, got shape (15,)")):
        gru_from_keras(k, rk, b[0])
    with pytest.raises(ValueError, match=re.escape("recurrent_kernel must be (H, 4H) with H=5, got shape (5, 15)")):
        lstm_from_keras(np.zeros((D, 4 * H)), rk)


def cs231n_lstm_step(x, prev_h, prev_c, Wx, Wh, b):
    """CS231n's LSTM step, its gate order i, f, o, g (written out here, as in that assignment)."""
    a = x @ Wx + prev_h @ Wh + b
    i, f, o, g = (a[:, k * H:(k + 1) * H] for k in range(4))
    c = lstmlib.sigmoid(f) * prev_c + lstmlib.sigmoid(i) * np.tanh(g)
    return lstmlib.sigmoid(o) * np.tanh(c), c


def tf1_lstm_step(x, h, c, kernel, bias, forget_bias=1.0):
    """TensorFlow 1's LSTMCell step: one kernel over [x, h], gates i, j, f, o, forget_bias added."""
    a = np.concatenate([x, h], axis=1) @ kernel + bias
    i, j, f, o = (a[:, k * H:(k + 1) * H] for k in range(4))
    c = c * lstmlib.sigmoid(f + forget_bias) + lstmlib.sigmoid(i) * np.tanh(j)
    return np.tanh(c) * lstmlib.sigmoid(o), c


def test_gate_orders_convert_torch_weights_for_cs231n_and_tf1():
    from lstmlib.gate_order import reorder_gates

    torch.manual_seed(0)
    lstm = nn.LSTM(D, H).double()
    p = lstmlib.params_from_torch(lstm)
    rng = np.random.default_rng(0)
    x, h0, c0 = rng.normal(size=(1, N, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H))
    with torch.no_grad():
        _, (h_t, c_t) = lstm(torch.tensor(x), (torch.tensor(h0[None]), torch.tensor(c0[None])))
    h_t, c_t = h_t[0].numpy(), c_t[0].numpy()
    b = p["bias_ih"] + p["bias_hh"]
    Wx, Wh = (reorder_gates(p[k], "pytorch", "cs231n").T for k in ("weight_ih", "weight_hh"))
    h, c = cs231n_lstm_step(x[0], h0, c0, Wx, Wh, reorder_gates(b, "pytorch", "cs231n"))
    assert np.abs(h - h_t).max() < TOL and np.abs(c - c_t).max() < TOL
    # Planted fault: PyTorch's rows used in CS231n's code without reordering.
    h_wrong, _ = cs231n_lstm_step(x[0], h0, c0, p["weight_ih"].T, p["weight_hh"].T, b)
    assert np.abs(h_wrong - h_t).max() > 1e-2
    kernel = reorder_gates(np.concatenate([p["weight_ih"], p["weight_hh"]], axis=1), "pytorch", "tf1").T
    bias = reorder_gates(b, "pytorch", "tf1")
    bias[2 * H:3 * H] -= 1.0                           # TF1 adds forget_bias=1 when it runs
    h, c = tf1_lstm_step(x[0], h0, c0, kernel, bias)
    assert np.abs(h - h_t).max() < TOL and np.abs(c - c_t).max() < TOL
    a = rng.normal(size=(4 * H, 3))
    for name in ("tf1", "cs231n", "keras", "cudnn"):
        np.testing.assert_array_equal(reorder_gates(reorder_gates(a, "pytorch", name), name, "pytorch"), a)
    with pytest.raises(ValueError, match=re.escape("gate order must be one of")):
        reorder_gates(a, "pytorch", "ifgg")
    with pytest.raises(ValueError, match=re.escape("a must have 4H entries along axis 0, got shape (6,)")):
        reorder_gates(np.zeros(6), "pytorch", "tf1")
