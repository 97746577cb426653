"""Character n-gram language models in NumPy: the baselines a character-level LSTM must beat.

    ids = encode(text)                      # ints in [0, V)
    model = kneser_ney_fit(ids, order=5, V=V)          # or kneser_ney_fit_orders(ids, 6, V): orders 1..6
    bits = kneser_ney_bits(model, val_ids, start=8)   # -log2 P(val_ids[t] | previous order-1), t >= 8

Interpolated Kneser-Ney (Chen and Goodman 1998, with one discount per order): the highest order uses
raw counts, every lower order uses continuation counts (in how many distinct contexts a string
occurs), each level discounts every seen count by D and gives the mass it freed to the level below,
and the last level is uniform over the V symbols, so no probability is ever zero. Each discount is
D = n1 / (n1 + 2 n2), from the numbers of strings seen once and twice in training (nothing is tuned
on the data the model is scored on).

Contexts are packed into one int64 per n-gram (base V), so counting is ``np.unique`` and lookup is
``np.searchsorted``; with V = 90 that allows orders up to 9. We write this rather than use a library
because no maintained package that ships with the book does character-level Kneser-Ney in NumPy.
"""
from __future__ import annotations

import numpy as np


def _codes(ids: np.ndarray, n: int, V: int) -> np.ndarray:
    """Every n-gram of ids packed into one int64: codes[j] encodes ids[j : j + n]."""
    T = len(ids) - n + 1
    code = np.zeros(max(T, 0), dtype=np.int64)
    for k in range(n):
        code = code * V + ids[k:k + T]
    return code


def _discount(counts: np.ndarray) -> float:
    n1, n2 = np.sum(counts == 1), np.sum(counts == 2)
    return float(n1 / (n1 + 2 * n2)) if n1 + n2 else 0.5


def _check_ids(ids, V: int, name: str) -> np.ndarray:
    ids = np.asarray(ids)
    if ids.ndim != 1 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"{name} must be a 1-D integer array of symbol ids, got dtype {ids.dtype} "
                         f"and shape {ids.shape}")
    if ids.size and (ids.min() < 0 or ids.max() >= V):
        raise ValueError(f"{name} must hold ids in [0, {V}), got values from {ids.min()} to {ids.max()}")
    return ids.astype(np.int64)


def _level(grams: np.ndarray, counts: np.ndarray, V: int) -> dict:
    ctx = grams // V
    uctx, first, n_next = np.unique(ctx, return_index=True, return_counts=True)
    totals = np.add.reduceat(counts, first) if len(counts) else counts
    return {"grams": grams, "counts": counts.astype(np.float64), "ctx": uctx,
            "totals": totals.astype(np.float64), "n_next": n_next.astype(np.float64),
            "D": _discount(counts)}


def kneser_ney_fit_orders(ids, max_order: int, V: int) -> list[dict]:
    """The models of every order 1..max_order at once (they share their lower levels).

    ids (T,) ints in [0, V). Model n holds, per context length k = 0..n-1, the sorted (context, next)
    codes with their counts (raw counts at k = n-1, continuation counts below), the per-context totals,
    the number of distinct next symbols, and the discount.
    """
    if not 1 <= max_order <= 9:
        raise ValueError(f"order must be between 1 and 9 (codes are packed into int64), got {max_order}")
    ids = _check_ids(ids, V, "ids")
    raw, cont = [], []
    for k in range(max_order):                   # context length k, n-grams of k + 1 symbols
        grams = _codes(ids, k + 1, V)
        uniq, counts = np.unique(grams, return_counts=True)
        raw.append(_level(uniq, counts, V))
        if k > 0:                                # continuation counts of the k-grams: distinct left
            short, ccounts = np.unique(uniq % V ** k, return_counts=True)   # neighbours
            cont.append(_level(short, ccounts, V))
    return [{"order": n, "V": V, "levels": cont[:n - 1] + [raw[n - 1]]} for n in range(1, max_order + 1)]


def kneser_ney_fit(ids, order: int, V: int) -> dict:
    """The interpolated Kneser-Ney model of one order (n-grams of ``order`` symbols)."""
    return kneser_ney_fit_orders(ids, order, V)[-1]


def _lookup(sorted_keys: np.ndarray, values: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """values[i] where sorted_keys[i] == query, else 0."""
    pos = np.searchsorted(sorted_keys, queries)
    pos = np.minimum(pos, len(sorted_keys) - 1)
    hit = sorted_keys[pos] == queries if len(sorted_keys) else np.zeros(len(queries), bool)
    return np.where(hit, values[pos] if len(values) else 0.0, 0.0)


def kneser_ney_prob(model: dict, ids, start: int | None = None) -> np.ndarray:
    """P(ids[t] | ids[t-order+1 : t]) for t = start .. len(ids)-1 (start defaults to order - 1)."""
    order, V = model["order"], model["V"]
    ids = _check_ids(ids, V, "ids")
    start = order - 1 if start is None else start
    if start < order - 1:
        raise ValueError(f"start must be at least order - 1 = {order - 1} (every position needs a full "
                         f"context), got {start}")
    t = np.arange(start, len(ids))
    p = np.full(len(t), 1.0 / V)                  # below the unigram: uniform
    for k, lev in enumerate(model["levels"]):    # from the shortest context up
        ctx = np.zeros(len(t), dtype=np.int64)
        for j in range(k, 0, -1):
            ctx = ctx * V + ids[t - j]
        c = _lookup(lev["grams"], lev["counts"], ctx * V + ids[t])
        total = _lookup(lev["ctx"], lev["totals"], ctx)
        n_next = _lookup(lev["ctx"], lev["n_next"], ctx)
        D = lev["D"]
        seen = total > 0
        safe = np.where(seen, total, 1.0)
        p = np.where(seen, np.maximum(c - D, 0.0) / safe + D * n_next / safe * p, p)
    return p


def kneser_ney_bits(model: dict, ids, start: int | None = None) -> np.ndarray:
    """-log2 of :func:`kneser_ney_prob`: the cost in bits of each symbol from ``start`` on."""
    return -np.log2(kneser_ney_prob(model, ids, start))


def unigram_bits(train_ids, ids, V: int, start: int = 0) -> np.ndarray:
    """Bits per symbol of ids[start:] under add-one smoothed symbol frequencies of train_ids."""
    train_ids, ids = _check_ids(train_ids, V, "train_ids"), _check_ids(ids, V, "ids")
    p = (np.bincount(train_ids, minlength=V) + 1.0) / (len(train_ids) + V)
    return -np.log2(p[ids[start:]])
