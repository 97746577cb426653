"""Chapter 5 (the GRU) says what its executed notebook computed: parity with torch, the parameter ratios,
the measured costs and the race, each checked with a tolerance that holds from build to build."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.book
DOC = "chapters/05_gru"


def test_gru_matches_torch(v):
    assert v["gru_parity"] < 1e-10
    # The reset-before-matmul GRU is a different function on the same weights.
    assert v["variant_gap"] > 1e-3


def test_gru_state_is_bounded_and_lstm_cell_is_not(v):
    assert v["gru_max_abs"] <= 1.0
    assert v["lstm_open_c_max"] > 10.0


def test_pytorch_parameter_ratio_is_exactly_three_quarters(v):
    assert v["ratio_torch_min"] == pytest.approx(0.75, abs=1e-12)
    assert v["ratio_torch_max"] == pytest.approx(0.75, abs=1e-12)
    assert v["ratio_one_bias"] == pytest.approx(0.75, abs=1e-12)


def test_other_layouts_are_only_roughly_three_quarters(v):
    # Mixed bias layouts: above 3/4, by less as the cell grows.
    assert v["ratio_keras_small"] > v["ratio_keras_large"] > 0.75
    assert v["ratio_regressor_small"] > 0.75
    # Embedding and output layers shared by both models pull the ratio toward 1.
    assert 0.9 < v["ratio_lm_min"] <= v["ratio_lm_max"] < 1.0


def test_measured_costs_are_sane(v):
    # Timings move with the machine's load (a shared 2-core machine can swing them severalfold), so only
    # loose bounds and the consistency of the text with the numbers.
    assert 0.25 < v["ratio_numpy_large"] < 2.0
    # The verdicts come from lstmlib.timing_words.speed_verdict (tested on adversarial values in
    # tests/test_timing_words.py); here, that each one is a sentence of that builder.
    for key in ("numpy_verdict", "torch_small_verdict", "torch_large_verdict"):
        assert v[key].startswith(("the GRU is faster", "the GRU is slower", "the difference is within",
                                  "the measurement failed"))
    assert v["us_numpy_gru_large"] > 0 and v["us_numpy_lstm_large"] > 0


def test_race_text_follows_the_numbers(v):
    # Both cells learn the adding problem: far below always predicting the mean (1/6).
    assert v["adding_baseline"] == pytest.approx(1 / 6)
    for kind in ("gru", "lstm"):
        assert v[f"{kind}_adding_mse"] < 0.5 * v["adding_baseline"]
    gru_better = v["gru_adding_mse"] < v["lstm_adding_mse"]
    assert v["add_winner"] == ("GRU" if gru_better else "LSTM")
    neither = all(v[f"{k}_count_rmse_long"] >= v["count_std_long"] for k in ("gru", "lstm"))
    assert v["count_verdict"].startswith("neither") == neither
    assert v["count_summary"].startswith("neither") == neither
    for kind in ("GRU", "LSTM"):
        beats = v[f"{kind.lower()}_count_rmse_long"] < v["count_std_long"]
        if not neither:
            assert (v["count_verdict"].startswith(kind) or f"and {kind} beat" in v["count_verdict"]) == beats
