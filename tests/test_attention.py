"""lstmlib.attention against torch (float64) and against numerical gradients."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lstmlib import attention as att
from lstmlib.gradcheck import check_gradients, rel_error


def _qkv(N=2, T=5, S=5, E=4, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((N, T, E)), rng.standard_normal((N, S, E)), rng.standard_normal((N, S, E))


def _torch_sdpa(q, k, v, **kw):
    t = [torch.tensor(a, requires_grad=True) for a in (q, k, v)]
    return F.scaled_dot_product_attention(*t, **kw), t


@pytest.mark.parametrize("causal", [False, True])
def test_forward_matches_torch(causal):
    q, k, v = _qkv()
    out, weights = att.scaled_dot_product_attention(q, k, v, causal=causal)
    ref, _ = _torch_sdpa(q, k, v, is_causal=causal)
    assert rel_error(out, ref.detach().numpy()) < 1e-10
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    if causal:
        assert np.all(np.triu(weights[0], k=1) == 0)


def test_explicit_mask_and_kv_cache_alignment_match_torch():
    q, k, v = _qkv(T=2, S=6, seed=1)
    mask = att.causal_mask(2, 6)                       # the 2 queries are the last 2 of 6 positions
    np.testing.assert_array_equal(mask, [[1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1]])
    out, _ = att.scaled_dot_product_attention(q, k, v, causal=True)
    ref, _ = _torch_sdpa(q, k, v, attn_mask=torch.tensor(mask))
    assert rel_error(out, ref.detach().numpy()) < 1e-10


@pytest.mark.parametrize("causal", [False, True])
def test_backward_matches_torch_autograd(causal):
    q, k, v = _qkv(seed=2)
    dout = np.random.default_rng(3).standard_normal(q.shape)
    out, cache = att.attention_forward(q, k, v, causal=causal)
    dq, dk, dv = att.attention_backward(dout, cache)
    ref, t = _torch_sdpa(q, k, v, is_causal=causal)
    ref.backward(torch.tensor(dout))
    for mine, leaf in zip((dq, dk, dv), t):
        assert rel_error(mine, leaf.grad.numpy()) < 1e-10


def test_backward_matches_numerical_gradients():
    q, k, v = _qkv(N=1, T=3, S=4, E=3, seed=4)
    mask = np.array([[1, 1, 0, 1], [0, 1, 1, 1], [1, 0, 0, 0]], dtype=bool)
    errs = check_gradients(lambda: att.attention_forward(q, k, v, mask=mask),
                           lambda d, c: dict(zip("qkv", att.attention_backward(d, c))), {"q": q, "k": k, "v": v})
    assert max(errs.values()) < 1e-8, errs


def test_causal_attention_never_reads_the_future():
    q, k, v = _qkv(T=6, S=6, seed=5)
    out, _ = att.scaled_dot_product_attention(q, k, v, causal=True)
    k2, v2 = k.copy(), v.copy()
    k2[:, 4:] += 10.0
    v2[:, 4:] -= 7.0
    out2, _ = att.scaled_dot_product_attention(q, k2, v2, causal=True)
    np.testing.assert_array_equal(out[:, :4], out2[:, :4])     # positions 0..3 cannot see 4, 5
    assert not np.allclose(out[:, 4:], out2[:, 4:])


def test_large_scores_do_not_overflow():
    q, k, v = _qkv(seed=6)
    out, w = att.scaled_dot_product_attention(q * 1e3, k * 1e3, v)
    assert np.isfinite(out).all() and np.isfinite(w).all()


def test_fully_masked_row_is_an_error_not_nan():
    q, k, v = _qkv(T=3, S=3)
    mask = np.ones((3, 3), dtype=bool)
    mask[1] = False
    with pytest.raises(ValueError, match="query 1 .* attend to no key"):
        att.scaled_dot_product_attention(q, k, v, mask=mask)


def _mha(p):
    E = p["weight_q"].shape[0]
    mha = torch.nn.MultiheadAttention(E, 1, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.tensor(np.concatenate([p["weight_q"], p["weight_k"], p["weight_v"]])))
        mha.in_proj_bias.copy_(torch.tensor(np.concatenate([p["bias_q"], p["bias_k"], p["bias_v"]])))
        mha.out_proj.weight.copy_(torch.tensor(p["weight_o"]))
        mha.out_proj.bias.copy_(torch.tensor(p["bias_o"]))
    return mha


@pytest.mark.parametrize("causal", [False, True])
def test_self_attention_layer_matches_multihead_attention(causal):
    T, N, E = 5, 3, 4
    p = att.init_attention_params(E, seed=0)
    rng = np.random.default_rng(7)
    p = {k: v + 0.1 * rng.standard_normal(v.shape) for k, v in p.items()}      # nonzero biases too
    x = rng.standard_normal((T, N, E))
    dy = rng.standard_normal((T, N, E))
    y, cache = att.self_attention_forward(x, p, causal=causal)
    grads = att.self_attention_backward(dy, cache)
    mha, xt = _mha(p), torch.tensor(x, requires_grad=True)
    blocked = torch.tensor(~att.causal_mask(T)) if causal else None     # torch's bool mask: True = blocked
    ref, ref_w = mha(xt, xt, xt, attn_mask=blocked)
    ref.backward(torch.tensor(dy))
    assert rel_error(y, ref.detach().numpy()) < 1e-10
    assert rel_error(cache["weights"], ref_w.detach().numpy()) < 1e-10
    assert rel_error(grads["x"], xt.grad.numpy()) < 1e-10
    in_w = np.concatenate([grads["weight_q"], grads["weight_k"], grads["weight_v"]])
    assert rel_error(in_w, mha.in_proj_weight.grad.numpy()) < 1e-10
    assert rel_error(grads["bias_o"], mha.out_proj.bias.grad.numpy()) < 1e-10


def test_init_params_like_torch():
    p = att.init_attention_params(16, seed=1)
    assert set(p) == set(att.ATTENTION_PARAM_NAMES)
    assert np.abs(p["weight_q"]).max() <= np.sqrt(6 / 64) and np.abs(p["weight_o"]).max() <= 0.25
    assert not p["bias_q"].any()


def test_sinusoidal_positions():
    pe = att.sinusoidal_positions(50, 7)
    assert pe.shape == (50, 7)
    np.testing.assert_allclose(pe[0, 0::2], 0.0)
    np.testing.assert_allclose(pe[0, 1::2], 1.0)
    np.testing.assert_allclose(pe[:, 0], np.sin(np.arange(50)))
    assert np.abs(pe).max() <= 1.0


@pytest.mark.parametrize("call, message", [
    (lambda: att.scaled_dot_product_attention(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 3))),
     "q must be (N, T, E), got shape (2, 3)"),
    (lambda: att.scaled_dot_product_attention(np.zeros((1, 3, 4)), np.zeros((1, 5, 2)), np.zeros((1, 5, 4))),
     "k must be (N, S, E) with N=1, E=4, got shape (1, 5, 2)"),
    (lambda: att.scaled_dot_product_attention(*_qkv(T=3, S=3), mask=np.ones((3, 4), dtype=bool)),
     "mask must be a boolean array of shape (T, S) = (3, 3)"),
    (lambda: att.causal_mask(4, 2), "S must be an integer >= 4, got 2"),
    (lambda: att.self_attention_forward(np.zeros((3, 1, 4)), {"weight_q": 0}), "attention params must have exactly"),
])
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)
