"""init_params draws like PyTorch; params_from_torch / params_to_torch copy both ways and refuse modules
the NumPy cells do not cover."""
import re

import numpy as np
import pytest
import torch
from torch import nn

import lstmlib

GATES = {"rnn": 1, "gru": 3, "lstm": 4}
MODULES = {  # constructor, parameter-name suffix
    "LSTM": (lambda: nn.LSTM(3, 5), "_l0"), "GRU": (lambda: nn.GRU(3, 5), "_l0"), "RNN": (lambda: nn.RNN(3, 5), "_l0"),
    "LSTMCell": (lambda: nn.LSTMCell(3, 5), ""), "GRUCell": (lambda: nn.GRUCell(3, 5), ""),
    "RNNCell": (lambda: nn.RNNCell(3, 5), ""),
}
NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


@pytest.mark.parametrize("kind", GATES)
def test_init_params_shapes_range_and_seed(kind):
    D, H, G = 3, 16, GATES[kind]
    p = lstmlib.init_params(kind, D, H, seed=1)
    assert {k: v.shape for k, v in p.items()} == {
        "weight_ih": (G * H, D), "weight_hh": (G * H, H), "bias_ih": (G * H,), "bias_hh": (G * H,)}
    values = np.concatenate([v.ravel() for v in p.values()])
    assert all(v.dtype == np.float64 for v in p.values())
    assert np.abs(values).max() <= 1 / np.sqrt(H)
    # Uniform(-k, k) has standard deviation k / sqrt(3); with ~1000 draws the estimate is within 10%.
    assert abs(values.std() / (1 / np.sqrt(3 * H)) - 1) < 0.1
    np.testing.assert_array_equal(p["weight_hh"], lstmlib.init_params(kind, D, H, seed=1)["weight_hh"])
    assert not np.array_equal(p["weight_hh"], lstmlib.init_params(kind, D, H, seed=2)["weight_hh"])


@pytest.mark.parametrize("args, message", [
    (("lstmm", 3, 4), "kind must be one of ['gru', 'lstm', 'rnn'], got 'lstmm'"),
    (("gru", 0, 4), "D must be a positive int, got 0"),
    (("rnn", 3, 2.5), "H must be a positive int, got 2.5"),
])
def test_init_params_rejects_bad_arguments(args, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        lstmlib.init_params(*args)


@pytest.mark.parametrize("name", MODULES)
def test_round_trip_through_torch(name):
    make, suffix = MODULES[name]
    torch.manual_seed(0)
    source, target = make(), make()
    p = lstmlib.params_from_torch(source)
    assert all(p[k].dtype == np.float64 for k in NAMES)
    for k in NAMES:
        np.testing.assert_array_equal(p[k], getattr(source, k + suffix).detach().double().numpy())
    lstmlib.params_to_torch(p, target)
    for k in NAMES:
        assert getattr(target, k + suffix).dtype == torch.float32       # the module keeps its dtype
        assert torch.equal(getattr(target, k + suffix), getattr(source, k + suffix))


def test_params_to_torch_checks_sizes():
    p = lstmlib.init_params("lstm", 3, 4)
    with pytest.raises(ValueError, match=re.escape("weight_hh must be (4H, H) with H=5, got shape (16, 4)")):
        lstmlib.params_to_torch(p, nn.LSTM(3, 5))
    with pytest.raises(ValueError, match=re.escape("weight_hh must be (3H, H) with H=4, got shape (16, 4)")):
        lstmlib.params_to_torch(p, nn.GRU(3, 4))


def test_batch_first_is_accepted():
    p = lstmlib.params_from_torch(nn.GRU(3, 5, batch_first=True))
    assert p["weight_ih"].shape == (15, 3)


@pytest.mark.parametrize("module, message", [
    (nn.LSTM(3, 5, num_layers=2), "nn.LSTM has num_layers=2, bidirectional=False: pass layer= (0..1)"),
    (nn.GRU(3, 5, bidirectional=True), "GRU has num_layers=1, bidirectional=True: pass layer= (0..0)"),
    (nn.RNN(3, 5, nonlinearity="relu"), "RNN has nonlinearity='tanh' expected, got nonlinearity='relu'"),
    (nn.RNNCell(3, 5, nonlinearity="relu"), "RNNCell has nonlinearity='tanh' expected, got nonlinearity='relu'"),
    (nn.LSTM(3, 5, proj_size=2), "proj_size=0 expected, got proj_size=2"),
    (nn.LSTMCell(3, 5, bias=False), "bias=True expected, got bias=False"),
    (nn.Linear(3, 5), "expected nn.LSTM, nn.GRU, nn.RNN, nn.LSTMCell, nn.GRUCell or nn.RNNCell, got Linear"),
])
def test_unsupported_modules_are_refused_in_both_directions(module, message):
    message = message.replace("nn.LSTM has", "LSTM has")
    with pytest.raises(ValueError, match=re.escape(message)):
        lstmlib.params_from_torch(module)
    with pytest.raises(ValueError, match=re.escape(message)):
        lstmlib.params_to_torch(lstmlib.init_params("lstm", 3, 5), module)


def test_one_layer_and_direction_of_a_deep_bidirectional_module():
    torch.manual_seed(0)
    source, target = nn.LSTM(3, 5, num_layers=2, bidirectional=True), nn.LSTM(3, 5, num_layers=2, bidirectional=True)
    for layer, reverse in ((0, False), (0, True), (1, False), (1, True)):
        suffix = f"_l{layer}" + ("_reverse" if reverse else "")
        p = lstmlib.params_from_torch(source, layer=layer, reverse=reverse)
        for k in NAMES:
            np.testing.assert_array_equal(p[k], getattr(source, k + suffix).detach().double().numpy())
        assert p["weight_ih"].shape == (20, 3 if layer == 0 else 10)      # layer 1 reads both directions
        lstmlib.params_to_torch(p, target, layer=layer, reverse=reverse)
    for name, value in source.named_parameters():
        assert torch.equal(value, getattr(target, name))


@pytest.mark.parametrize("kwargs, message", [
    ({"layer": 2}, "layer must be an int in 0..1 for LSTM, got 2"),
    ({"layer": 0, "reverse": True}, "reverse=True needs a bidirectional LSTM, got bidirectional=False"),
])
def test_layer_choice_is_checked(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        lstmlib.params_from_torch(nn.LSTM(3, 5, num_layers=2), **kwargs)
    with pytest.raises(ValueError, match=re.escape("LSTMCell is a single cell: layer=None and reverse=False expected")):
        lstmlib.params_from_torch(nn.LSTMCell(3, 5), layer=1)
