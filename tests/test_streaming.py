"""Streaming: step-by-step outputs equal the whole-sequence layers; counted cost equals the formulas."""
import numpy as np
import pytest

from lstmlib.attention import causal_mask, init_attention_params, self_attention_forward
from lstmlib.lstm import lstm_forward
from lstmlib.params import init_params
from lstmlib.streaming import AttentionStream, LSTMStream

T, D, H, E = 12, 3, 5, 4


def test_lstm_stream_matches_lstm_forward_and_costs_the_same_every_step():
    p = init_params("lstm", D, H, seed=0)
    x = np.random.default_rng(0).standard_normal((T, 1, D))
    y, _, _ = lstm_forward(x, None, p)
    stream, costs = LSTMStream(p), []
    for t in range(T):
        np.testing.assert_allclose(stream.step(x[t, 0]), y[t, 0], rtol=0, atol=1e-13)
        costs.append(stream.last_step_flops)
    assert costs == [4 * H * (D + H) + 3 * H] * T
    assert stream.flops_per_step(10) == stream.flops_per_step(10_000) == costs[0]
    assert stream.state_floats == 2 * H


def _band(T, window):
    """Causal mask that also hides keys more than window - 1 steps back."""
    if window is None:
        return causal_mask(T)
    return causal_mask(T) & (np.arange(T)[None, :] > np.arange(T)[:, None] - window)


@pytest.mark.parametrize("kv_cache", [True, False])
@pytest.mark.parametrize("window", [None, 4])
def test_attention_stream_matches_causal_self_attention(kv_cache, window):
    p = init_attention_params(E, seed=1)
    x = np.random.default_rng(1).standard_normal((T, 1, E))
    y, _ = self_attention_forward(x, p, mask=_band(T, window))
    stream = AttentionStream(p, window=window, kv_cache=kv_cache)
    for t in range(T):
        np.testing.assert_allclose(stream.step(x[t, 0]), y[t, 0], rtol=0, atol=1e-12)
        assert stream.last_step_flops == stream.flops_per_step(t + 1)
        assert stream.weights.shape == (t + 1 if window is None else min(t + 1, window),)


def test_attention_cost_grows_linearly_and_the_cache_grows_slower():
    p = init_attention_params(E, seed=0)
    x = np.random.default_rng(2).standard_normal((30, E))
    counted = {}
    for kv in (True, False):
        stream = AttentionStream(p, kv_cache=kv)
        counted[kv] = []
        for row in x:
            stream.step(row)
            counted[kv].append(stream.last_step_flops)
    for kv, slope in ((True, 2 * E), (False, 2 * E * E + 2 * E)):
        assert set(np.diff(counted[kv])) == {slope}       # linear in the history length
    # With one point there is nothing to cache; after that the cache always saves work.
    assert counted[True][0] == counted[False][0]
    assert all(c < n for c, n in zip(counted[True][1:], counted[False][1:]))
    windowed = AttentionStream(p, window=8)
    assert windowed.flops_per_step(8) == windowed.flops_per_step(1000)
    assert AttentionStream(p).state_floats == 0


def test_bad_input_raises():
    with pytest.raises(ValueError, match=r"x_t must be \(D,?\) with D=3, got shape \(4,\)"):
        LSTMStream(init_params("lstm", D, H)).step(np.zeros(4))
    with pytest.raises(ValueError, match="window must be an integer >= 1, got 0"):
        AttentionStream(init_attention_params(E), window=0)
    with pytest.raises(ValueError, match="params must have exactly the keys"):
        LSTMStream(init_attention_params(E))


def _linear_macs(model) -> int:
    """An independent count: every nn.Linear applied once to the new point (in * out each)."""
    import torch

    return sum(m.in_features * m.out_features for m in model.modules() if isinstance(m, torch.nn.Linear))


@pytest.mark.parametrize("E, layers, heads", [(8, 1, 1), (16, 2, 2)])
def test_model_step_macs_of_a_transformer(E, layers, heads):
    from lstmlib.streaming import model_state_floats, model_step_macs
    from lstmlib.torch_models import TransformerModel

    model = TransformerModel(3, E, 5, n_layers=layers, n_heads=heads, max_len=8, positions="sinusoidal")
    for S in (1, 7, 1000):
        # Linear maps once per point, plus scores and mix over S cached keys/values in every block.
        assert model_step_macs(model, S) == _linear_macs(model) + layers * 2 * S * E
        attention = AttentionStream(init_attention_params(E, seed=0), kv_cache=True).flops_per_step
        assert model_step_macs(model, S) - model_step_macs(model, 1) == layers * (attention(S) - attention(1))
        assert model_state_floats(model, S) == 2 * S * E * layers


def test_model_step_macs_of_an_lstm_regressor():
    from lstmlib.params import params_from_torch
    from lstmlib.streaming import model_state_floats, model_step_macs
    from lstmlib.torch_models import RecurrentRegressor

    model = RecurrentRegressor("lstm", 3, 6, 5, readout="all")
    cell = LSTMStream(params_from_torch(model.rnn)).flops_per_step()
    assert model_step_macs(model, 1) == model_step_macs(model, 10**6) == cell + 6 * 5
    # The readout (the one nn.Linear), the cell's W_ih x and W_hh h, and f*c, i*g, o*tanh(c).
    assert model_step_macs(model, 1) == _linear_macs(model) + 4 * 6 * (3 + 6) + 3 * 6
    assert model_state_floats(model, 1) == model_state_floats(model, 10**6) == 12
    with pytest.raises(ValueError, match="one-layer LSTM"):
        model_step_macs(RecurrentRegressor("gru", 3, 6, 5), 1)
    with pytest.raises(TypeError, match="needs a RecurrentRegressor or a TransformerModel, got int"):
        model_step_macs(3, 1)
