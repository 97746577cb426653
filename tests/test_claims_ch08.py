"""Chapter 8 (a character-level LSTM on Shakespeare) says what its executed notebook computed: the
data, the baselines and the LSTM's bits per character, where each model wins, the samples, the reach
of the gradient against the carousel, and the units the search finds. The numbers are seeded; these
checks hold with margins, not to the last bit."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.book
DOC = "chapters/08_shakespeare"


def test_the_data_is_the_real_corpus_subsampled_as_stated(v):
    assert v["n_texts"] == 42 and v["n_texts_train"] == 41
    assert v["val_chars"] == 50_000 and 60 <= v["V"] <= 100
    assert v["train_chars"] == v["N"] * (v["steps"] * v["L"] + 1)
    assert 0 < v["train_share"] < 100   # "a subsample": less than the whole pool


def test_baselines_fall_with_context_and_the_best_order_is_the_minimum(v):
    assert v["uniform_bits"] > v["unigram_bits"] > v["ngram2_bits"] > v["ngram4_bits"]
    orders = {n: v[f"ngram{n}_bits"] for n in range(2, v["max_order"] + 1)}
    assert v["best_order"] == min(orders, key=orders.get)
    assert v["best_ngram_bits"] == pytest.approx(orders[v["best_order"]])
    assert v["best_order"] < v["max_order"]   # "beyond it ... not worth more"
    assert v["ngram_strings"] > 10_000


def test_the_lstm_beats_the_4gram_and_loses_to_the_best_ngram_as_the_text_says(v):
    assert v["lstm_bits"] < v["unigram_bits"]
    assert v["lstm_beats_4gram"] and v["lstm_bits"] < v["ngram4_bits"]
    assert not v["lstm_beats_ngram"] and v["lstm_minus_ngram"] > 0.01
    assert v["lstm_minus_ngram"] == pytest.approx(v["lstm_bits"] - v["best_ngram_bits"])


def test_the_lstm_wins_on_unseen_contexts_and_the_ngram_on_common_ones(v):
    assert v["ctx_never_lstm"] < v["ctx_never_ngram"]
    assert v["ctx_often_ngram"] < v["ctx_often_lstm"]
    shares = [v[f"ctx_{k}_share"] for k in ("never", "rare", "some", "often")]
    assert sum(shares) == pytest.approx(100.0)


def layout_problems(v) -> list[str]:
    """What the layout sentence says that the sample counts do not support (empty: nothing)."""
    counts = {T: v[f"name_lines_{str(T).replace('.', '')}"] for T in (0.5, 1.0, 1.5)}
    text, problems = v["layout_text"], []
    if v["name_lines_min"] != min(counts.values()):
        problems.append("the minimum is not the smallest count")
    every = text.startswith("Every sample")
    if every != all(n >= 1 for n in counts.values()):
        problems.append("'Every sample' does not match the counts")
    if not every:
        kept_part, _, lost_part = text.partition(";")
        for T, n in counts.items():
            label = re.compile(rf"τ = {T:g}(?![\d.])")
            if bool(label.search(lost_part)) != (n == 0) or bool(label.search(kept_part)) != (n >= 1):
                problems.append(f"the sample at τ = {T:g} is put on the wrong side")
    return problems


def test_samples_lose_real_words_as_the_temperature_rises(v):
    assert v["words_real_05"] > v["words_real_15"] and v["words_real_10"] > v["words_real_15"]
    # The coolest sample keeps the layout (measured on AVX-512, AVX2 and PyTorch's unvectorised path).
    assert v["name_lines_05"] >= 1


def test_the_layout_sentence_follows_the_counts(v):
    assert layout_problems(v) == []
    # planted: a sentence claiming every sample kept its layout when one had no name line, and back
    every = {**v, "layout_text": "Every sample keeps the layout of a play, with at least 1 lines"}
    assert layout_problems({**every, "name_lines_15": 0, "name_lines_min": 0})
    some = {**v, "layout_text": "The samples at τ = 0.5 and τ = 1 keep ...; at τ = 1.5 not one line does"}
    assert layout_problems({**some, "name_lines_15": 3, "name_lines_min": min(3, v["name_lines_05"])})


def test_the_numpy_cell_reads_the_same_states_as_nn_lstm(v):
    assert v["numpy_vs_torch"] < 1e-4      # float32 rounding, the text says


def test_the_gradient_is_mostly_local_and_a_few_units_keep_their_content(v):
    assert v["grad_rel_10"] < 0.1 and v["grad_rel_150"] < v["grad_rel_10"]
    assert v["carousel_50_40"] < 0.1        # the median unit forgets within 40 characters
    assert 1 <= v["n_long_units"] <= v["H"] // 4   # "a few units", "more than a tenth"
    assert v["carousel_100_150"] > v["carousel_90_150"] >= v["carousel_50_150"]
    assert v["carousel_100_150"] > v["grad_rel_150"]   # "more than the prediction's gradient"


def test_the_search_finds_the_units_the_text_names(v):
    assert v["unit_line_r_abs"] > 0.5 and v["unit_line_r_abs"] == pytest.approx(abs(v["unit_line_r"]))
    assert v["unit_speaker_r_abs"] > 0.3 and v["unit_word_r_abs"] > 0.3
    assert v["unit_bracket_r_abs"] < 0.5 < v["unit_line_r_abs"]   # "reaches only"
    for key in ("line", "speaker", "word", "bracket"):
        kind, _, k = v[f"unit_{key}"].split()
        assert kind in ("hidden", "cell") and 0 <= int(k) < v["H"]


def test_training_fits_the_budget_claims(v):
    assert 0 < v["train_seconds"] < 600     # a timing: only sane, the text reads true for any value
    assert v["lstm_train_bits_end"] < v["unigram_bits"]
