"""lstmlib.torch_models: output shapes, seeding, the forget-gate bias, and attention weights."""
import numpy as np
import pytest
import torch

from lstmlib.attention import causal_mask
from lstmlib.torch_models import RecurrentRegressor, TransformerModel, count_parameters


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_recurrent_regressor_shapes(kind):
    x = torch.randn(7, 3, 2)
    assert RecurrentRegressor(kind, 2, 5, 1)(x).shape == (3, 1)
    out, state = RecurrentRegressor(kind, 2, 5, 4, readout="all")(x, return_state=True)
    assert out.shape == (7, 3, 4)


def test_parameter_counts_follow_the_gate_count():
    # Per layer: G*H*(D + H) weights + 2*G*H biases, G = 1, 3, 4 gate blocks; plus the readout H*O + O.
    D, H, O = 3, 8, 1
    for kind, G in [("rnn", 1), ("gru", 3), ("lstm", 4)]:
        assert count_parameters(RecurrentRegressor(kind, D, H, O)) == G * H * (D + H) + 2 * G * H + H * O + O


def test_seed_fixes_weights_and_leaves_global_rng_alone():
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    a, b = RecurrentRegressor("lstm", 2, 4, 1, seed=3), RecurrentRegressor("lstm", 2, 4, 1, seed=3)
    assert torch.equal(torch.rand(1), before)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    c = RecurrentRegressor("lstm", 2, 4, 1, seed=4)
    assert not torch.equal(a.rnn.weight_hh_l0, c.rnn.weight_hh_l0)


def test_forget_bias_sets_the_total_forget_bias():
    m = RecurrentRegressor("lstm", 2, 4, 1, forget_bias=1.0)
    total = (m.rnn.bias_ih_l0 + m.rnn.bias_hh_l0).detach()
    assert torch.all(total[4:8] == 1.0)
    with pytest.raises(ValueError, match="forget_bias applies to kind='lstm' only"):
        RecurrentRegressor("gru", 2, 4, 1, forget_bias=1.0)


@pytest.mark.parametrize("positions", ["learned", "sinusoidal", "none"])
def test_transformer_shapes_and_causal_weights(positions):
    model = TransformerModel(3, 8, 5, n_layers=2, n_heads=2, positions=positions, readout="all", max_len=16)
    x = torch.randn(6, 4, 3)
    out, weights = model(x, return_attention=True)
    assert out.shape == (6, 4, 5) and len(weights) == 2 and weights[0].shape == (4, 2, 6, 6)
    future = torch.tensor(~causal_mask(6))
    assert torch.all(weights[1][..., future] == 0)
    torch.testing.assert_close(weights[0].sum(-1), torch.ones(4, 2, 6))
    assert TransformerModel(3, 8, 1)(x).shape == (4, 1)


def test_transformer_is_causal_end_to_end():
    model = TransformerModel(2, 8, 1, n_layers=2, readout="all")
    x = torch.randn(6, 1, 2)
    y = x.clone()
    y[4:] += 1.0
    torch.testing.assert_close(model(x)[:4], model(y)[:4])


@pytest.mark.parametrize("call, message", [
    (lambda: RecurrentRegressor("lstm", 2, 4, 1)(torch.randn(5, 2)), "x must be a float tensor (T, N, D) with D=2"),
    (lambda: RecurrentRegressor("cnn", 2, 4, 1), "kind must be one of 'rnn', 'lstm', 'gru', got 'cnn'"),
    (lambda: TransformerModel(2, 6, 1, n_heads=4), "d_model must be a multiple of n_heads=4, got d_model=6"),
    (lambda: TransformerModel(2, 8, 1, max_len=4)(torch.randn(5, 1, 2)), "at most max_len=4 steps, got T=5"),
    (lambda: TransformerModel(2, 8, 1, positions="rope"), "positions must be one of"),
])
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)
