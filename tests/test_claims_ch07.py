"""Chapter 7 (LSTMs in practice) says what its executed notebook computed: the interface's shapes and
identities, what depth and direction buy, packing and masking, truncation's horizon, clipping and
dropout, each checked with a tolerance that holds from build to build."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.book
DOC = "chapters/07_in_practice"
EXACT = 1e-12          # float64 identities: rounding error only (float32 identities are exact copies)


def test_shapes_and_which_step_holds_which_final_state(v):
    assert v["shape_output"] == "(7, 3, 8)" and v["shape_h_n"] == "(4, 3, 4)"
    assert v["fwd_last"] < 1e-6 and v["bwd_first"] < 1e-6 and v["batch_first_gap"] < 1e-6
    assert v["bwd_last"] > 1e-2          # the backward direction does not end at the last step


def test_numpy_mirror_matches_torch(v):
    assert v["mirror_forward_gap"] < 1e-10 and v["mirror_grad_gap"] < 1e-10
    assert v["mirror_n_params"] == 16


def test_parameter_counts(v):
    assert v["count_formula_ok"] is True
    assert v["count_one_layer"] < v["count_bidirectional"] < v["count_two_layers"]
    assert v["count_bidirectional"] == 2 * v["count_one_layer"]


def test_only_the_bidirectional_model_sees_the_future(v):
    # A model that reads forward cannot know x_{t+2}: its error stays near the floor of 1 (variance of
    # that term); "close to the floor" is read as within 0.8 .. 1.3.
    for name in ("one_layer", "two_layers"):
        assert 0.8 < v[f"mse_{name}"] < 1.3
    assert v["mse_bidirectional"] < 0.3
    for name in ("one_layer", "two_layers", "bidirectional"):
        assert v[f"ms_{name}"] > 0


def test_padding_packing_equalities(v):
    assert v["uni_padded_out"] < EXACT                      # padding after the real steps: harmless
    assert v["uni_padded_h"] > 1e-2                         # ... but h_n includes the padding
    assert v["bi_padded_out"] > 1e-2                        # backward direction starts in the padding
    for key in ("uni_packed_out", "uni_packed_h", "bi_packed_out", "bi_packed_h"):
        assert v[key] < EXACT


def test_padding_cost(v):
    assert v["waste_random"] > 30 and v["waste_sorted"] < 10 and v["waste_sorted"] < v["waste_random"]
    assert v["packed_word"] == ("less" if v["sec_random_packed"] < v["sec_random_padded"] else "more")
    assert v["sorted_word"] == ("less" if v["sec_sorted_padded"] < v["sec_random_padded"] else "more")
    assert 2 <= v["mean_length"] <= v["max_length"] <= 120


def test_masked_loss(v):
    assert v["loss_mask_gap"] < EXACT
    assert abs(v["loss_naive"] - v["loss_masked"]) > 1e-2
    assert 0 < v["pad_fraction"] < 1
    assert v["ignore_gap"] < EXACT


def test_truncation_memory_and_horizon(v):
    assert v["mb_chunk"] < v["mb_full"] / 10
    assert v["horizon"] == v["horizon_expected"] == v["t_probe"] % v["K_chunk"]
    assert v["grad_trunc_before"] == 0.0
    assert v["grad_full_before"] > 1e-6 and v["moved_effect"] > 1e-6


def test_truncation_shorter_than_the_lag_cannot_learn_it(v):
    assert v["K_short"] < v["lag"] < v["K_long"]
    assert v["acc_short"] < v["chance"] + 0.1              # "near chance"
    assert v["acc_long"] > v["acc_short"] + 0.2


def test_clipping_saves_the_run(v):
    assert v["clip_first_blowup"] <= v["clip_first_lost"]
    assert 1 <= v["clip_first_lost"] <= v["clip_steps"]
    assert v["clip_lost_steps"] == v["clip_steps"] - v["clip_first_lost"] + 1
    assert v["clip_max_norm_free"] > 1e3
    assert v["clip_final_clip"] < 0.2 * v["clip_baseline"]     # "far below" predicting zero
    assert v["clip_max_norm_clip"] > 1.0 and 0 < v["clip_share_clipped"] <= 1


def test_dropout_only_between_layers_and_only_in_training(v):
    assert v["dropout_train_gap"] > 1e-3
    assert v["dropout_eval_gap"] == 0.0 and v["dropout_shallow_gap"] == 0.0
    assert v["dropout_mirror_gap"] < 1e-10
    assert v["dropout_warned"] is True
