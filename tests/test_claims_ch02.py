"""Chapter 2 (a notebook for the network) says what its executed notebook computed: four separate gate
networks are the LSTM step, a trained 4-unit LSTM has one unit that writes at the adding problem's
markers and keeps what it wrote, the gate explorer's numbers, and parity with torch.nn.LSTM below 1e-10."""
from __future__ import annotations

import math

import pytest

pytestmark = pytest.mark.book
DOC = "chapters/02_notebook_and_gates"


def test_four_gate_networks_are_the_lstm_step(v):
    assert v["society_diff"] < 1e-12
    D, H = v["demo_D"], v["demo_H"]
    assert v["params_per_gate"] == H * D + H * H + 2 * H
    assert v["params_total"] == 4 * v["params_per_gate"]


def test_traced_lstm_has_learned_the_task(v):
    assert v["trace_ratio"] < 0.1
    assert v["trace_test_mse"] == pytest.approx(v["trace_ratio"] / 6, rel=1e-9)
    assert abs(v["trace_prediction"] - v["trace_target"]) < 0.15


def test_one_unit_writes_at_the_markers_and_keeps_it(v):
    assert v["trace_unit"] == v["trace_unit_row"]
    assert v["trace_g_marked"] > 0.5 > 0 > v["trace_g_unmarked"]
    assert v["trace_i_value_corr"] > 0.8
    assert v["trace_write_marked"] > v["trace_write_unmarked"] + 0.3
    assert v["trace_dc_marked"] > 3 * v["trace_dc_unmarked_abs"]
    assert v["trace_f_unit"] > v["trace_f_others"]


def test_gate_explorer_numbers(v):
    assert v["explore_c8_f10"] == pytest.approx(0.8 - 0.25)
    assert v["explore_c8_f5"] == pytest.approx((0.8 * 0.5 ** 3 - 0.25) * 0.5 ** 3)
    assert v["explore_c8_f0"] == 0.0
    assert v["explore_h4_f10"] == pytest.approx(math.tanh(0.8))
    assert v["explore_h4_f5"] == pytest.approx(math.tanh(0.2))


def test_parity_with_torch(v):
    assert v["parity_forward"] < 1e-10
    assert v["parity_backward"] < 1e-10
    assert v["parity_max"] < 1e-10


def test_the_trace_unit_does_not_hold_its_value(v):
    # The text: the unit keeps only f^10 of an entry over ten steps, so what it wrote fades, and it
    # also writes at unmarked steps: not a unit that holds what it wrote.
    assert v["trace_keep_10"] == pytest.approx(v["trace_f_unit"] ** 10, rel=1e-9)
    assert v["trace_keep_10"] < 0.9
    assert abs(v["trace_write_unmarked"]) > 0.01
