"""Chapter 3 (programming the notebook) says what its executed notebook computed: the hand-set queue
cell keeps order and sign, 0.9 comes back as tanh(tanh(0.9)) ~ 0.614, and the loss grows with shifts."""
from __future__ import annotations

import math

import pytest

pytestmark = pytest.mark.book
DOC = "chapters/03_programming_the_notebook"


def test_hand_set_gates_act_as_switches(v):
    assert v["gate_open"] > 1 - 1e-8
    assert v["gate_closed"] < 1e-8


def test_09_passes_through_tanh_twice(v):
    assert v["value_in"] == 0.9
    assert v["stored"] == pytest.approx(0.716, abs=1e-3)
    assert v["read_out"] == pytest.approx(0.614, abs=1e-3)
    assert v["stored"] == pytest.approx(math.tanh(0.9), abs=1e-7)
    assert v["read_out"] == pytest.approx(math.tanh(math.tanh(0.9)), abs=1e-7)


def test_chapter_queue_matches_lstmlib_fifo(v):
    assert v["lib_gap"] < 1e-6


def test_queue_keeps_order_and_sign_but_not_magnitude(v):
    assert v["prog_signs_ok"] is True
    assert v["prog_n_dequeues"] >= 2
    assert v["prog_worst_error"] > 0.05


def test_loss_compounds_with_shifts(v):
    # The cell computes tanh applied 2s + 2 times, up to the gates' leaks.
    assert v["formula_gap"] < 1e-6
    assert v["read_out"] > v["read09_wait1"] > v["read09_waitmax"]
    assert v["read09_wait1"] == pytest.approx(math.tanh(math.tanh(math.tanh(math.tanh(0.9)))), abs=1e-6)
    # Large inputs are crushed on the way in; small ones pass almost unchanged at first.
    assert v["read3_wait0"] < 0.8
    assert v["read03_wait0"] > 0.27


def test_the_cell_is_differentiable(v):
    expected = (1 - math.tanh(math.tanh(0.9)) ** 2) * (1 - math.tanh(0.9) ** 2)
    assert v["d_out_d_in"] == pytest.approx(expected, abs=1e-6)   # up to the gates' leaks


def test_remedies_and_their_costs(v):
    # Pre-scaling shrinks the squashing error; the best scale is an interior one.
    assert v["scale_err_01"] < 0.1 * v["scale_err_1"]
    assert 1e-3 < v["scale_best"] < 1.0
    # A larger shift gain keeps 0.9's reading but pulls other values to the same fixed point.
    assert v["gain_read09_waitmax"] == pytest.approx(v["read_out"], abs=1e-6)
    assert abs(v["gain_read03_waitmax"] - v["read_out"]) < 0.02
    assert abs(v["gain_read3_waitmax"] - v["read_out"]) < 0.02
    # Reading through the squashing: the path matters, and inversion stretches large values.
    assert v["ambiguous_read"] == pytest.approx(v["read09_wait1"], abs=1e-6)
    assert v["inverse_gain_3"] > 10 * v["inverse_gain_09"]


def test_the_quoted_0614_is_no_shift_and_one_shift_is_0499(v):
    # The text: 0.614 is what 0.9 reads with no shift; one shift leaves about 0.499.
    assert v["read_out"] == pytest.approx(0.6146, abs=1e-3)
    assert v["read09_wait1"] == pytest.approx(0.499, abs=2e-3)
