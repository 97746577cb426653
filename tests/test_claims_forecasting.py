"""Chapter 10 (forecasting real measurements) says what its executed notebook computed: the baselines on
the electricity demand, the linear and LSTM forecasts of the weekly change, the CO2 lesson, the
prediction interval's coverage, and the streamed forecaster (equal to the batch, timed loosely)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.book
DOC = "chapters/10_forecasting"


def test_the_data_and_split_are_the_ones_described(v):
    assert v["n_demand"] == 4032 and v["n_weeks"] == 12
    assert v["n_train"] == 8 * 336 and v["n_test"] == 2 * 336
    assert v["n_test_origins"] == 2 * 336 - 48 + 1
    assert v["W"] == 96 and v["K"] == 48
    assert v["n_co2"] == 2284 and v["n_co2_missing"] == 59


def test_the_baselines_rank_as_the_text_says(v):
    # "the same time last week ... is the strongest of the three at every horizon"
    assert v["week_best_everywhere"] is True
    assert v["eday_same_time_last_week"] < v["eday_same_time_yesterday"] < v["eday_persistence"]
    # The linear model on levels: far better one step ahead, worse than last week over the day.
    assert v["linear_vs_week_1"] < 0.5
    assert v["linear_vs_week_day"] > 1.5
    # Forecasting the weekly change cuts the linear model's day-ahead error.
    assert v["eday_linear_direct"] < 0.5 * v["eday_linear_direct_levels"]


def test_the_learned_forecasters_beat_the_baselines_and_the_text_says_where_the_lstm_wins(v):
    assert v["models_beat_baselines"] is True
    assert v["beat_text"].startswith("All four")
    assert v["lstm_vs_week"] < 0.9
    n = v["n_lstm_best"]
    assert 0 <= n <= 48
    if n == 0:
        assert v["win_text"].startswith("The LSTM does not beat")
    elif n < 48:
        assert v["win_text"].startswith(f"An LSTM forecast is the most accurate model at {n} of the 48")
    # The best LSTM and the best linear model are close: the text calls the gap small.
    assert v["best_gap_pct"] < 5
    for m, key in (("LSTM", "lstm_rec_minus_dir"), ("linear", "linear_rec_minus_dir")):
        better = "recursive" if v[key] < 0 else "direct"
        assert f"for the {m} model the {better} forecast" in v["strategy_text"].replace("For the", "for the")


def test_co2_raw_lstm_loses_to_persistence_differenced_lstm_does_not(v):
    assert v["co2_test_min"] > v["co2_train_max"]                 # every test reading above training
    assert v["co2_lstm_levels"] > 2 * v["co2_persistence"]        # "beats it by a wide margin"
    assert v["co2_raw_ratio"] == pytest.approx(v["co2_lstm_levels"] / v["co2_persistence"])
    assert v["co2_linear_levels"] < v["co2_persistence"]          # "a straight line extrapolates"
    assert v["co2_lstm_differences"] < v["co2_persistence"]
    # "its forecasts fall short ... in the first test year and ... in the last" (growing shortfall)
    assert 0 < v["co2_short_first"] < v["co2_short_last"]
    assert v["co2_diff_in_range_pct"] > 90


def test_interval_coverage_is_measured_on_the_test_part(v):
    assert v["level_pct"] == 90.0
    assert 75 < v["coverage_pct"] < 99
    assert v["coverage_min_pct"] <= v["coverage_pct"] <= v["coverage_max_pct"]
    assert 0 < v["width_1"] < v["width_day"]


def test_stream_equals_batch_and_its_cost_is_counted(v):
    assert v["stream_equal"] is True
    assert v["stream_gap_mw"] < v["stream_tolerance_mw"] == 1.0
    assert v["n_stream"] == 4032 - 8 * 336 + 96 - 1
    assert abs(v["stream_test_mae"] - v["window_test_mae"]) < 0.1 * v["window_test_mae"]
    assert v["stream_macs"] == 4 * 32 * (1 + 32) + 3 * 32 + 32     # cell update plus the read-out
    # Timed on a shared machine: only that the numbers are consistent with each other.
    assert 0 < v["step_median_us"] <= v["step_p99_us"]
    assert v["step_fraction"] == pytest.approx(v["step_median_us"] * 1e-6 / 1800)
