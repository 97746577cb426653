"""lstmlib.ngram: the vectorized Kneser-Ney model against a plain dictionary version of the same
formulas, probabilities that sum to one, and clear errors."""
from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pytest

from lstmlib.ngram import kneser_ney_fit, kneser_ney_fit_orders, kneser_ney_prob, unigram_bits

TEXT = "the cat sat on the mat; the hat is on the cat, that is that. " * 3
VOCAB = sorted(set(TEXT) | {"z"})           # "z" never occurs: it must still get some probability
V = len(VOCAB)
IDS = np.array([VOCAB.index(ch) for ch in TEXT])


def _reference(ids, order, V):
    """Interpolated Kneser-Ney written out with dictionaries, one level at a time."""
    seq = [tuple(ids[j:j + n]) for n in range(1, order + 1) for j in range(len(ids) - n + 1)]
    raw = Counter(g for g in seq if len(g) == order)
    levels = {}
    for n in range(1, order + 1):
        if n == order:
            counts = Counter({g: c for g, c in raw.items()})
        else:
            longer = {g for g in seq if len(g) == n + 1}
            counts = Counter(g[1:] for g in longer)
        n1 = sum(1 for c in counts.values() if c == 1)
        n2 = sum(1 for c in counts.values() if c == 2)
        total, distinct = defaultdict(int), defaultdict(int)
        for g, c in counts.items():
            total[g[:-1]] += c
            distinct[g[:-1]] += 1
        levels[n] = (counts, total, distinct, n1 / (n1 + 2 * n2) if n1 + n2 else 0.5)

    def prob(context, w):
        p = 1.0 / V
        for n in range(1, order + 1):
            ctx = tuple(context[len(context) - (n - 1):]) if n > 1 else ()
            counts, total, distinct, D = levels[n]
            if total[ctx] > 0:
                p = max(counts[ctx + (w,)] - D, 0) / total[ctx] + D * distinct[ctx] / total[ctx] * p
        return p
    return prob


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_matches_the_dictionary_version(order):
    model = kneser_ney_fit(IDS, order, V)
    prob = _reference(list(IDS), order, V)
    probe = np.array([VOCAB.index(ch) for ch in "the zat is on the hat"])
    got = kneser_ney_prob(model, probe)
    want = [prob(list(probe[t - order + 1:t]), probe[t]) for t in range(order - 1, len(probe))]
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("order", [1, 3, 5])
def test_probabilities_over_the_next_symbol_sum_to_one(order):
    model = kneser_ney_fit(IDS, order, V)
    for context in ("the c", "zzzzz", "at, t"):
        ctx = [VOCAB.index(ch) for ch in context][len(context) - (order - 1):] if order > 1 else []
        seqs = np.array([ctx + [w] for w in range(V)])
        total = sum(kneser_ney_prob(model, s)[0] for s in seqs)
        assert total == pytest.approx(1.0, abs=1e-12)


def test_fitting_all_orders_at_once_gives_each_order_alone():
    together = kneser_ney_fit_orders(IDS, 4, V)
    for n, model in enumerate(together, start=1):
        np.testing.assert_array_equal(kneser_ney_prob(model, IDS, start=3),
                                      kneser_ney_prob(kneser_ney_fit(IDS, n, V), IDS, start=3))


def test_unigram_is_add_one_smoothed():
    bits = unigram_bits(IDS, np.array([VOCAB.index("z")]), V)
    assert bits[0] == pytest.approx(-np.log2(1 / (len(IDS) + V)))


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match=r"ids in \[0, 3\)"):
        kneser_ney_fit(np.array([0, 1, 5]), 2, 3)
    with pytest.raises(ValueError, match="1-D integer array"):
        kneser_ney_fit(np.array([0.5, 1.0]), 2, 3)
    with pytest.raises(ValueError, match="order must be between 1 and 9"):
        kneser_ney_fit(IDS, 10, V)
    with pytest.raises(ValueError, match="start must be at least order - 1 = 2"):
        kneser_ney_prob(kneser_ney_fit(IDS, 3, V), IDS, start=1)
