"""Scaled dot-product attention and a single-head self-attention layer in NumPy, forward and backward.

For queries q (N, T, E) and keys and values k, v (N, S, E), with N batch, T queries, S keys, E features:

    scores  = q k^T / sqrt(E)                      (N, T, S)
    weights = softmax(scores over the S keys)      (N, T, S), masked keys get weight 0
    out     = weights v                            (N, T, E)

Written by hand although torch has torch.nn.functional.scaled_dot_product_attention, because the book
teaches the computation; the tests compare outputs and gradients with torch in float64. The function
takes torch's batch-first layout (N, T, E); the self-attention layer takes the book's sequence layout
(T, N, E), like the recurrent layers, so the chapters can swap one for the other.

Masks are boolean with torch's meaning: True where a query may attend to a key.
"""
from __future__ import annotations

import numpy as np

from .checks import check_array
from .data import check_int
from .linear import affine_backward, affine_forward

#: Parameter names of the self-attention layer. nn.MultiheadAttention stacks the first three:
#: in_proj_weight = [weight_q; weight_k; weight_v] (3E, E), in_proj_bias likewise; out_proj is weight_o, bias_o.
ATTENTION_PARAM_NAMES = ("weight_q", "weight_k", "weight_v", "weight_o", "bias_q", "bias_k", "bias_v", "bias_o")


def causal_mask(T: int, S: int | None = None) -> np.ndarray:
    """Boolean (T, S) mask, True where query t may attend to key s: s <= t + (S - T). S defaults to T.

    With S == T this is the lower triangle (each position sees itself and the past). With S > T the T
    queries are the *last* T positions of the S keys (bottom-right alignment), which is what a K/V cache
    needs: the newest query sees the whole history. (torch's is_causal=True aligns top-left instead; the
    two agree when S == T.)
    """
    T = check_int("T", T, 1)
    S = check_int("S", T if S is None else S, T)
    return np.arange(S)[None, :] <= np.arange(T)[:, None] + (S - T)


def _allowed(mask, causal: bool, sizes: dict) -> np.ndarray | None:
    """Combine the user's mask and the causal mask into one boolean (N or 1, T, S) array, or None."""
    N, T, S = sizes["N"], sizes["T"], sizes["S"]
    allowed = causal_mask(T, S)[None] if causal else None
    if mask is not None:
        mask = np.asarray(mask)
        if mask.dtype != bool or mask.shape not in ((T, S), (N, T, S)):
            raise ValueError(f"mask must be a boolean array of shape (T, S) = ({T}, {S}) or (N, T, S) = "
                             f"({N}, {T}, {S}), got dtype {mask.dtype} and shape {mask.shape}")
        mask = mask.reshape(-1, T, S)
        allowed = mask if allowed is None else allowed & mask
    if allowed is not None and not allowed.any(axis=-1).all():
        n, t = np.argwhere(~allowed.any(axis=-1))[0]
        # Softmax over no keys is 0/0: refuse instead of returning NaN (torch returns NaN here).
        raise ValueError(f"the mask lets query {t} (batch {n}) attend to no key; every query needs at least one")
    return allowed


def attention_forward(q, k, v, causal: bool = False, mask=None):
    """Scaled dot-product attention. q (N, T, E), k (N, S, E), v (N, S, E); mask (T, S) or (N, T, S) bool.

    causal=True adds :func:`causal_mask`. Returns (out (N, T, E), cache); cache["weights"] is the
    (N, T, S) attention matrix, each row summing to 1.
    """
    sizes: dict = {}
    q = check_array("q", q, "N T E", sizes)
    k = check_array("k", k, "N S E", sizes, q.dtype)
    v = check_array("v", v, "N S E", sizes, q.dtype)
    return attend(q, k, v, _allowed(mask, causal, sizes))


def attend(q, k, v, allowed=None):
    """The computation of :func:`attention_forward` on inputs already checked (no validation here).

    For callers that own their arrays, such as a stream whose keys and values were checked when they
    arrived: re-checking a growing history at every step would cost as much as attending over it.
    allowed: bool (T, S) or (N, T, S), True where a query may look, or None for everywhere.
    """
    scale = 1.0 / np.sqrt(q.shape[-1])
    scores = (q @ k.transpose(0, 2, 1)) * scale
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    # Subtract each row's max before exp: the largest term becomes exp(0) = 1, so nothing overflows and
    # the sum is at least 1. Masked entries are exp(-inf) = 0 exactly.
    scores -= scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    out = weights @ v
    return out, {"q": q, "k": k, "v": v, "weights": weights, "scale": scale}


def attention_backward(dout, cache):
    """Backward of :func:`attention_forward`. dout (N, T, E). Returns (dq (N, T, E), dk, dv (N, S, E))."""
    q, k, v, w, scale = cache["q"], cache["k"], cache["v"], cache["weights"], cache["scale"]
    dout = check_array("dout", dout, "N T E", {"N": q.shape[0], "T": q.shape[1], "E": q.shape[2]}, q.dtype)
    dv = w.transpose(0, 2, 1) @ dout
    dw = dout @ v.transpose(0, 2, 1)
    # Softmax backward, row by row: ds = w * (dw - sum_s dw * w). Masked keys have w = 0, so ds = 0 there.
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    dq = (ds @ k) * scale
    dk = (ds.transpose(0, 2, 1) @ q) * scale
    return dq, dk, dv


def scaled_dot_product_attention(q, k, v, causal: bool = False, mask=None):
    """Convenience form of :func:`attention_forward`: returns (out (N, T, E), weights (N, T, S))."""
    out, cache = attention_forward(q, k, v, causal=causal, mask=mask)
    return out, cache["weights"]


def init_attention_params(E: int, seed: int = 0) -> dict:
    """Self-attention parameters initialized like nn.MultiheadAttention(E, num_heads=1), float64.

    weight_q, weight_k, weight_v (E, E): Xavier-uniform over the stacked (3E, E) in_proj_weight, bound
    sqrt(6 / (E + 3E)); weight_o (E, E): uniform in +-1/sqrt(E); all biases (E,) start at zero.
    """
    E = check_int("E", E, 1)
    rng = np.random.default_rng(seed)
    w_in = rng.uniform(-1, 1, size=(3 * E, E)) * np.sqrt(6.0 / (4 * E))
    p = {"weight_q": w_in[:E], "weight_k": w_in[E:2 * E], "weight_v": w_in[2 * E:],
         "weight_o": rng.uniform(-1, 1, size=(E, E)) / np.sqrt(E)}
    p.update({f"bias_{n}": np.zeros(E) for n in "qkvo"})
    return p


def check_attention_params(p, sizes: dict, dtype=None) -> dict:
    """Validate a self-attention parameter dict (keys ATTENTION_PARAM_NAMES; weights (E, E), biases (E,))."""
    if not isinstance(p, dict) or set(p) != set(ATTENTION_PARAM_NAMES):
        got = sorted(p) if isinstance(p, dict) else type(p).__name__
        raise ValueError(f"attention params must have exactly the keys {', '.join(ATTENTION_PARAM_NAMES)}, got {got}")
    return {name: check_array(name, p[name], "E E" if name.startswith("weight") else "E", sizes, dtype)
            for name in ATTENTION_PARAM_NAMES}


def self_attention_forward(x, p, causal: bool = False, mask=None):
    """Single-head self-attention layer. x (T, N, E) in the book's sequence layout; p: attention params.

        q, k, v = x W_q^T + b_q, x W_k^T + b_k, x W_v^T + b_v       each (T, N, E)
        a = attention(q, k, v) per sequence                         (T, N, E)
        y = a W_o^T + b_o                                           (T, N, E)

    Matches nn.MultiheadAttention(E, 1) called as mha(x, x, x) with the weights stacked as described
    at ATTENTION_PARAM_NAMES (torch's boolean attn_mask means the opposite: True = blocked).
    Returns (y (T, N, E), cache); cache["weights"] is (N, T, T).
    """
    sizes: dict = {}
    x = check_array("x", x, "T N E", sizes)
    p = check_attention_params(p, sizes, x.dtype)
    q, k, v = (affine_forward(x, p[f"weight_{n}"], p[f"bias_{n}"]) for n in "qkv")
    # attention works batch-first (N, T, E); the layer's callers think in (T, N, E).
    a, att_cache = attention_forward(*(z.transpose(1, 0, 2) for z in (q, k, v)), causal=causal, mask=mask)
    a = a.transpose(1, 0, 2)
    y = affine_forward(a, p["weight_o"], p["bias_o"])
    return y, {"x": x, "params": p, "a": a, "attention": att_cache, "weights": att_cache["weights"]}


def self_attention_backward(dy, cache) -> dict:
    """Backward of :func:`self_attention_forward`. dy (T, N, E).

    Returns a dict with x (T, N, E) and every parameter name (weight_* (E, E), bias_* (E,)).
    """
    x, p = cache["x"], cache["params"]
    dy = check_array("dy", dy, "T N E", dict(zip("TNE", x.shape)), x.dtype)
    da, grads = {}, {}
    da["a"], grads["weight_o"], grads["bias_o"] = affine_backward(dy, cache["a"], p["weight_o"])
    dq, dk, dv = attention_backward(da["a"].transpose(1, 0, 2), cache["attention"])
    dx = np.zeros_like(x)
    for n, dz in zip("qkv", (dq, dk, dv)):
        dxn, grads[f"weight_{n}"], grads[f"bias_{n}"] = affine_backward(dz.transpose(1, 0, 2), x, p[f"weight_{n}"])
        dx += dxn    # x feeds all three projections, so their gradients add
    return {"x": dx, **{name: grads[name] for name in ATTENTION_PARAM_NAMES}}


def sinusoidal_positions(T: int, E: int) -> np.ndarray:
    """Sinusoidal positional encodings (Vaswani et al. 2017), float64 (T, E).

    pe[t, 2i] = sin(t / 10000^(2i/E)) and pe[t, 2i+1] = cos(t / 10000^(2i/E)): each pair of columns
    is a clock of its own period, from 2*pi steps up to about 2*pi*10000, so nearby positions have
    similar codes and any fixed offset is the same rotation at every t.
    """
    T, E = check_int("T", T, 1), check_int("E", E, 1)
    inv_freq = 10000.0 ** (-np.arange(0, E, 2) / E)          # (ceil(E/2),)
    angles = np.arange(T)[:, None] * inv_freq[None, :]         # (T, ceil(E/2))
    pe = np.empty((T, E))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, :E // 2])
    return pe
