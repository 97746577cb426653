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


def walk_problems(v) -> list[str]:
    """Where the gate-by-gate walk-through disagrees with its own equations or with torch.nn.LSTM.

    The check rebuilds the walk-through's cell (same seed, nn.LSTM(D, H) in float64) and reads the
    gates back from nn.LSTM's own outputs, without the chapter's code: a second run from c_{t-1} + 1
    changes c_t by exactly f_t, so f_t = c_t' - c_t; then i_t g_t = c_t - f_t c_{t-1} and
    o_t = h_t / tanh(c_t). Tolerance 1e-12 (float64; the values are of order 1).
    """
    import torch

    tol = 1e-12
    problems = []

    def differ(name, got, want):
        if abs(got - want) > tol:
            problems.append(f"{name}: walk-through {got!r}, expected {want!r}")

    # The text's arithmetic, step by step.
    differ("f = sigmoid(sum)", v["walk_f"], 1 / (1 + math.exp(-v["walk_f_sum"])))
    differ("kept = f c_prev", v["walk_kept"], v["walk_f"] * v["walk_c_prev"])
    differ("written = i g", v["walk_written"], v["walk_i"] * v["walk_g"])
    differ("c = kept + written", v["walk_c"], v["walk_kept"] + v["walk_written"])
    differ("tanh(c)", v["walk_tanh_c"], math.tanh(v["walk_c"]))
    differ("h = o tanh(c)", v["walk_h"], v["walk_o"] * v["walk_tanh_c"])
    # The same cell in PyTorch.
    torch.manual_seed(v["walk_seed"])
    cell = torch.nn.LSTM(v["walk_D"], v["walk_H"]).double()
    x = torch.tensor([[[v["walk_x_1"], v["walk_x_2"]]]], dtype=torch.float64)
    h0 = torch.tensor([[[v["walk_h_prev"]]]], dtype=torch.float64)
    with torch.no_grad():
        _, (h1, c1) = cell(x, (h0, torch.full_like(h0, v["walk_c_prev"])))
        _, (_, c1_shift) = cell(x, (h0, torch.full_like(h0, v["walk_c_prev"] + 1.0)))
    h1, c1, c1_shift = h1.item(), c1.item(), c1_shift.item()
    f = c1_shift - c1
    differ("f_t from nn.LSTM", v["walk_f"], f)
    differ("i_t g_t from nn.LSTM", v["walk_written"], c1 - f * v["walk_c_prev"])
    differ("o_t from nn.LSTM", v["walk_o"], h1 / math.tanh(c1))
    differ("c_t from nn.LSTM", v["walk_c"], c1)
    differ("h_t from nn.LSTM", v["walk_h"], h1)
    # i_t and g_t one by one, from nn.LSTM's weights in the documented row order i, f, g, o.
    W, U = cell.weight_ih_l0.detach(), cell.weight_hh_l0.detach()
    b = (cell.bias_ih_l0 + cell.bias_hh_l0).detach()
    pre = (W @ x[0, 0] + U @ h0[0, 0] + b).tolist()
    differ("i_t from nn.LSTM's rows", v["walk_i"], 1 / (1 + math.exp(-pre[0])))
    differ("g_t from nn.LSTM's rows", v["walk_g"], math.tanh(pre[2]))
    if not v["walk_torch_diff"] < tol:
        problems.append(f"the page's own comparison with nn.LSTM differs by {v['walk_torch_diff']}")
    return problems


def test_walk_through_is_nn_lstm_step_by_step(v):
    assert v["walk_H"] == 1 and v["walk_D"] == 2
    assert walk_problems(v) == []


def test_the_walk_through_check_catches_planted_faults(v):
    # CS231n's gate order (i, f, o, g) read as PyTorch's: the forget and output values trade places
    # with the wrong rows; and a written entry off in the fourth decimal.
    assert walk_problems({**v, "walk_f": v["walk_o"], "walk_o": v["walk_f"]})
    assert walk_problems({**v, "walk_g": v["walk_o"], "walk_o": v["walk_g"]})
    assert walk_problems({**v, "walk_written": v["walk_written"] + 1e-4})
    assert walk_problems({**v, "walk_c_prev": v["walk_c_prev"] + 0.01})


def test_walk_through_tolerance_is_stated(v):
    assert v["walk_tol"] == 1e-12
    assert v["walk_agrees"] is True and v["walk_torch_diff"] < v["walk_tol"]
