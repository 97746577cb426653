"""Chapter 6 (the Transformer) says what its executed notebook computed: causal attention, order blindness
without positions, lag-K recall, and the streaming costs (counted exactly; the sentences built from
timings agree with this build's timings, whatever they were)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.book
DOC = "chapters/06_transformer"


def test_causal_mask_blocks_the_future(v):
    assert v["scratch_gap"] < 1e-12
    assert v["future_weight"] == 0.0
    assert v["row_sum_err"] < 1e-12


def test_lstm_reach_decays_attention_reach_does_not(v):
    assert v["reach_lstm_drop"] > 1e3
    assert 0.1 < v["reach_attention_drop"] < 10


def test_attention_ignores_order_without_positions(v):
    assert v["equivariance_gap"] < 1e-12
    assert v["gap_no_pos"] < 1e-12
    assert v["gap_with_pos"] > 1e-3


def test_lag_recall_attention_looks_straight_back(v):
    for K in (2, 8, 32):
        assert v[f"acc_transformer_{K}"] > 0.9, K
    # The LSTM, same budget, gets worse as the lag grows and is near chance at the longest lag.
    assert v["acc_lstm_2"] > v["acc_lstm_8"] > v["acc_lstm_32"] - 0.02
    assert v["acc_lstm_32"] < 2 * v["chance"]
    assert v["weight_on_lag"] > 0.5
    ok = [K for K in (2, 8, 32) if v[f"acc_lstm_{K}"] > 0.9]
    if 0 < len(ok) < 3:
        assert v["lstm_lag_text"].endswith("only for K = " + " and ".join(map(str, ok)) + ".")
    # The summary's sentence follows the same accuracies.
    t_ok = [K for K in (2, 8, 32) if v[f"acc_transformer_{K}"] > 0.9]
    head = v["lag_summary"].split(", and the LSTM")[0]
    assert ("every lag" in head) == (len(t_ok) == 3)
    tail = v["lag_summary"].split(", and the LSTM")[1]
    assert ("every lag" in tail) == (len(ok) == 3)
    assert ("none of the lags" in tail) == (not ok)


def test_streaming_op_counts_flat_for_lstm_growing_for_attention(v):
    assert v["lstm_macs_constant"] is True
    assert v["lstm_macs"] == 4 * 32 * (32 + 32) + 3 * 32
    # Cached attention: 4E^2 + 2SE with E = 32.
    assert v["cache_macs_64"] == 4 * 32**2 + 2 * 64 * 32
    assert v["cache_macs_4096"] == 4 * 32**2 + 2 * 4096 * 32
    assert v["nocache_macs_1024"] > v["cache_macs_4096"]
    # 4E^2 + 2SE > 4H(D + H) + 3H first at S = 66 for D = H = E = 32.
    assert v["lstm_cache_crossover"] == 66


def check_growth_sentences(v):
    """Each §6.4 growth sentence says what this build's paired ratios (quartiles of attention /
    LSTM step time, same loop pass) show: grew, fell, or too noisy to tell."""
    for name, S_late in (("cache", 4096), ("nocache", 1024)):
        early, late = v[f"us_pair_{name}_64"], v[f"us_pair_{name}_{S_late}"]
        text = v[f"{name}_growth_text"]
        assert len(early) == len(late) == 3
        if not all(0 < q < float("inf") for q in early + late):
            assert "failed" in text
            continue
        assert early == sorted(early) and late == sorted(late)
        assert f"{early[1]:.2f} times as long as the LSTM step at S = 64" in text
        assert f"{late[1]:.2f} times as long at S = {S_late:,}" in text
        assert ("grew" in text) == (late[0] > early[2]), (early, late, text)
        assert ("fell" in text) == (late[2] < early[0]), (early, late, text)
        assert ("too noisy" in text) == (early[0] <= late[2] and late[0] <= early[2]), (early, late, text)


def test_streaming_time_sentences_follow_this_builds_numbers(v):
    # No assertion on a measured time: the sentences come from lstmlib.timing_words.paired_growth_text
    # (checked on adversarial quartiles in tests/test_timing_words.py); here, that each agrees with
    # this build's numbers, whatever they were.
    check_growth_sentences(v)


def test_the_growth_check_catches_a_sentence_that_disagrees():
    # Planted fault: a loaded build whose cached step did not grow relative to the LSTM, with the
    # old sentence, which said it took longer "even so".
    early, late = [1.0, 1.1, 1.2], [0.7, 0.8, 0.9]
    planted = {"us_pair_cache_64": early, "us_pair_cache_4096": late,
               "cache_growth_text": "Even so, the cached attention step took 1.10 times as long as the "
                                    "LSTM step at S = 64 and 0.80 times as long at S = 4,096: it grew",
               "us_pair_nocache_64": early, "us_pair_nocache_1024": early,
               "nocache_growth_text": "x took 1.10 times as long as the LSTM step at S = 64 and 1.10 "
                                      "times as long at S = 1,024: too noisy"}
    with pytest.raises(AssertionError):
        check_growth_sentences(planted)
    from lstmlib.timing_words import paired_growth_text

    planted["cache_growth_text"] = paired_growth_text(early, late, 64, 4096)
    check_growth_sentences(planted)          # the builder's own sentence passes


def test_matched_width_and_accuracy_counts(v):
    # Counted exactly from the trained models' shapes: width 32, D = O = 8 symbols, d_ff = 4E, S = 48.
    W, S = v["match_width"], v["match_S"]
    assert (W, S, v["match_K"]) == (32, 48, 4)
    assert v["match_macs_lstm"] == 4 * W * (8 + W) + 3 * W + W * 8
    assert v["match_macs_transformer"] == 8 * W + 4 * W * W + 2 * S * W + 2 * W * 4 * W + W * 8
    assert v["match_state_lstm"] == 2 * W and v["match_state_transformer"] == 2 * S * W
    assert v["match_ff_macs"] == 2 * W * 4 * W and v["match_per_point"] == 2 * W
    assert v["match_macs_ratio"] == pytest.approx(v["match_macs_transformer"] / v["match_macs_lstm"])
    W1000 = 8 * W + 4 * W * W + 2 * 1000 * W + 2 * W * 4 * W + W * 8
    assert v["match_macs_ratio_1000"] == pytest.approx(W1000 / v["match_macs_lstm"])
    assert v["race_macs_ratio"] == pytest.approx(v["width128_att_macs_1000"] / v["width16_lstm_macs"])
    # The sentence follows the accuracies and step counts of this build.
    target = v["match_target_pct"] / 100
    text = v["match_result_text"]
    both = v["match_accuracy_transformer"] >= target and v["match_accuracy_lstm"] >= target
    assert ("both are at the target" in text) == both
    assert ("not both reached" in text) == (not both)
    assert v["match_so"].startswith("So at equal width and equal accuracy") == both
    for kind in ("transformer", "lstm"):
        assert f"{v[f'match_accuracy_{kind}']:.3f}" in text
        assert v[f"match_steps_{kind}"] <= v["match_max_steps"]
        assert v[f"match_steps_{kind}"] % 25 == 0 or v[f"match_steps_{kind}"] == v["match_max_steps"]
    if both and v["match_steps_transformer"] < v["match_steps_lstm"]:
        assert "the Transformer learned the task in fewer steps" in text
    summary = v["match_summary"]
    assert ("equal accuracy on lag-4 recall" in summary) == both
    if both:
        assert f"{v['match_macs_ratio']:.1f} times as many multiply-adds" in summary
        assert f"{v['match_state_ratio']:.0f} times as many numbers" in summary


def test_disruption_scenario_is_consistent(v):
    assert v["n_warned"] <= v["n_events"] == 30
    assert v["n_warned"] >= v["n_events"] // 2          # the predictor warns before most events
    # Timed on a shared machine: the budget sentences follow this build's median, whatever it was.
    assert v["lstm_within_budget"] == (v["lstm_step_median_us"] < v["budget_us"])
    assert v["lstm_budget_clause"].startswith("stayed inside") == v["lstm_within_budget"]
    # The sentences about the attention layer's times are built by lstmlib.timing_words (tested on
    # adversarial timings in tests/test_timing_words.py); here, that they follow this build's numbers.
    assert ("step grew" in v["att_growth_text"]) == (v["att_last_block_us"] > v["att_first_block_us"])
    if "times as fast" in v["att_shape_text"]:
        assert v["att_slope_early_ns"] > 0 and v["att_slope_late_ns"] > 0
    assert v["att_crossed"] == v["att_cross_text"].startswith("crosses")
    assert v["budget_us"] == 1000.0


def test_training_section_follows_its_numbers(v):
    # Counted: T sequential steps for the LSTM, one for attention. Timed: the verdicts come from
    # lstmlib.timing_words.speed_verdict on paired ratios, so they may say either thing, but no more.
    assert v["train_T_short"] == 64 and v["train_T_long"] == 256
    for T in (64, 256):
        verdict = v[f"train_verdict_{T}"]
        assert verdict.startswith(("the attention layer is faster", "the attention layer is slower",
                                   "the difference is within", "the measurement failed"))
        if verdict.startswith("the attention layer is faster"):
            assert v[f"train_ratio_{T}"] < 1
        if verdict.startswith("the attention layer is slower"):
            assert v[f"train_ratio_{T}"] > 1


def test_width_and_architecture_separated_by_counts(v):
    # LSTM (D = 4): 4H(D + H) + 3H; cached attention: 4E^2 + 2SE (the counts of lstmlib.streaming).
    for w in (16, 128):
        assert v[f"width{w}_lstm_macs"] == 4 * w * (4 + w) + 3 * w
        assert v[f"width{w}_att_macs_1000"] == 4 * w * w + 2 * 1000 * w
        S = v[f"width{w}_att_passes"]
        assert 4 * w * w + 2 * S * w > v[f"width{w}_lstm_macs"] >= 4 * w * w + 2 * (S - 1) * w
