"""Chapter 4 (the constant error carousel) says what its executed notebook computed: the cell-state
gradient is the product of forget gates, 0.999^999 ~ 0.368 and 0.9^999 ~ 1.9e-46, the LSTM beats the
simple RNN on the adding problem at the longest length, and the two caveats show up in numbers."""
from __future__ import annotations

import math

import pytest

pytestmark = pytest.mark.book
DOC = "chapters/04_constant_error_carousel"


def test_cell_gradient_is_the_product_of_forget_gates(v):
    assert v["chk_one_step"] < 1e-12
    assert v["chk_all_steps"] < 1e-12
    assert v["chk_numeric"] < 1e-6          # centered differences: O(h^2) plus rounding


def test_the_articles_numbers(v):
    assert v["keep_999_999"] == pytest.approx(0.368, abs=1e-3)
    assert v["keep_999_999"] == pytest.approx(0.999 ** 999, rel=1e-12)
    assert v["keep_999_1000"] == pytest.approx(0.999 ** 1000, rel=1e-12)
    # The article's 1.9e-46 is 0.9^999 (0.9^1000 is 1.7e-46).
    assert v["keep_09_999"] == pytest.approx(1.9e-46, rel=0.03)
    assert v["keep_09_1000"] == pytest.approx(0.9 ** 1000, rel=1e-12)
    # The 1000-step backward pass gives the same numbers.
    assert v["keep_999_lstm"] == pytest.approx(v["keep_999_999"], rel=1e-9)
    assert v["keep_09_lstm"] == pytest.approx(v["keep_09_999"], rel=1e-9)
    assert v["orders_999_vs_09"] == pytest.approx(45.28, abs=0.01)


def test_lstm_beats_rnn_at_the_longest_length(v):
    long = v["race_long"]
    assert long >= 50
    assert v["baseline"] == pytest.approx(1 / 6)
    assert v["threshold"] == pytest.approx(0.1 / 6)
    assert v["lstm_beats_rnn_long"] is True
    assert v[f"lstm_success_T{long}"] is True
    assert v[f"rnn_success_T{long}"] is False
    assert v[f"rnn_ratio_T{long}"] > 0.8          # the RNN is near the baseline, not merely worse
    assert v[f"lstm_ratio_T{long}"] < 0.1


def test_race_matches_the_text(v):
    # The prose glues the verdicts; the figure's alt text says: both succeed at T=10, and at T=50 the
    # RNN stays on the baseline while the LSTM drops below the threshold.
    assert v["race_short"] == 10 and v["race_long"] == 50
    for kind in ("rnn", "lstm"):
        for T in (10, 50):
            assert v[f"{kind}_verdict_T{T}"] == ("a success" if v[f"{kind}_success_T{T}"] else "a failure")
    assert v["rnn_success_T10"] is True and v["lstm_success_T10"] is True
    assert v["rnn_success_T50"] is False and v["lstm_success_T50"] is True
    assert v["rnn_ratio_T50"] > 0.8


def test_gradient_flow_in_trained_networks(v):
    assert v["flow_mid"] == 25 and v["flow_far"] == 49
    assert v["flow_rnn_trained_mid"] < 1e-3
    assert v["flow_rnn_trained_far"] < 1e-6
    # "early inputs get a gradient of the same order as late ones"
    assert 0.1 < v["flow_lstm_trained_mid"] < 10
    assert 0.1 < v["flow_lstm_trained_far"] < 10
    assert v["flow_lstm_untrained_mid"] > v["flow_rnn_untrained_mid"]
    # "... but its curve still falls steadily" before training
    assert v["flow_lstm_untrained_far"] < v["flow_lstm_untrained_mid"] < 1


def test_forget_bias(v):
    assert v["fb_f1"] == pytest.approx(1 / (1 + math.exp(-1)))
    assert v["fb_keep1_50"] > 1e6 * v["fb_keep0_50"]
    assert v["fb1_success"] is True
    assert v["fb0_ratio"] > v["fb1_ratio"]
    # The sentences are built from these numbers; check that they say what the numbers say.
    for name in ("fb0", "fb1"):
        text = v[f"{name}_text"]
        assert ("a success" in text) == v[f"{name}_success"]
        if v[f"{name}_leaves"] >= 0:
            assert f"step {v[f'{name}_leaves']}" in text
    assert ("sooner" in v["fb_sooner_text"] and "did not" not in v["fb_sooner_text"]) == (v["fb_lead"] > 0)
    # The summary says the start at 1 shortened the wait: true in this run.
    assert v["fb_lead"] > 0


def test_caveats(v):
    # One closed forget gate cuts the carousel.
    assert v["cut_survival"] < 1e-12
    # The trained network keeps few units and lets most forget.
    assert 1 <= v["n_keepers"] < v["n_units"]
    assert v["n_forgetters"] >= 1
    # A growing cell state starves the gradient through the read.
    assert v["grow_grad_1"] == pytest.approx(1 - math.tanh(1) ** 2, rel=1e-6)
    assert v["grow_grad_end"] < 1e-8
    assert v["grow_grad_3"] < 0.1 * v["grow_grad_1"]
    # The trained memory unit stays readable.
    assert v["store_slope_at_max"] > 0.1
    assert v["store_f"] > 0.99
    # The alt text and caption of fig-saturation: a factor of about seven (e^2) per step.
    assert 6.5 < v["grow_factor"] < 8
    assert v["grow_factor"] == pytest.approx(v["e_squared"], rel=0.01)
    # The words follow the counts.
    assert ("unit whose" in v["keepers_text"]) == (v["n_keepers"] == 1)
    assert (str(v["n_saturated"]) in v["saturated_text"]) or v["n_saturated"] == 0
