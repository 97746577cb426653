"""The conventions appendix says what its executed notebook computed: each library's gate order checked
by running its equations, the two GRUs, the two readings of z, the Keras conversion, and the history's
numbers."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.book
DOC = "chapters/conventions"
EXACT = 1e-12


def test_gate_orders(v):
    assert v["order_cs231n"] < EXACT and v["order_tf1"] < EXACT
    assert v["order_cs231n_raw"] > 1e-2 and v["order_tf1_forget"] > 1e-2


def test_two_grus(v):
    assert v["gru_after_gap"] < EXACT and v["gru_open_gap"] < EXACT
    assert v["gru_before_gap"] > 1e-2


def test_two_readings_of_z(v):
    assert v["z_flipped"] < EXACT and v["z_same_weights"] > 1e-2


def test_keras_conversion(v):
    assert v["keras_lstm_gap"] < EXACT and v["keras_gru_gap"] < EXACT
    assert v["keras_gru_raw_gap"] > 1e-2
    assert v["keras_round_trip"] is True


def test_history(v):
    # The 1997 cell drifts ("grows"), the forget-gate cell stays bounded ("stays at" values below 1).
    assert v["c1997_100"] < v["c1997_1000"] < v["c1997_4000"]
    assert v["c1997_4000"] > 10 * v["c1997_100"]
    assert max(v["cgers_100"], v["cgers_1000"], v["cgers_4000"]) < 1.0
    assert v["forget_exactly_one"] is True
    assert v["carousel_grad"] < EXACT


def test_variant_counts(v):
    D = H = v["count_D"]
    assert v["count_standard"] == 4 * (H * (D + H) + H)
    assert v["count_peepholes"] == v["count_standard"] + 3 * H
    assert v["cifg_ratio"] == pytest.approx(0.75, abs=1e-12)
    assert v["peephole_extra_pct"] == pytest.approx(100 * 3 * H / v["count_standard"])
