"""The hand-set LSTM queue: the article's 0.614, and agreement with the exact queue up to tanh squashing."""
import numpy as np
import pytest

from lstmlib.data import fifo_program, run_fifo_reference
from lstmlib.fifo import FifoLSTM, fifo_input, fifo_params


def _tanh_n(v, n):
    for _ in range(n):
        v = np.tanh(v)
    return v


def test_enqueued_then_dequeued_point_nine_reads_back_as_0614():
    q = FifoLSTM(4)
    q.enqueue(0.9)
    assert q.slots[0] == pytest.approx(np.tanh(0.9), abs=1e-6)          # 0.716: the candidate's tanh
    out = q.dequeue()
    assert out == pytest.approx(0.614, abs=0.001)                        # 0.6146: the output's tanh too
    assert out == pytest.approx(np.tanh(np.tanh(0.9)), abs=1e-6)
    assert [label for label, _ in q.trace] == ["enqueue +0.90", "read", "shift"]
    enq, read, shift = (cache for _, cache in q.trace)
    assert enq["i"][0, 0] > 0.999 and enq["i"][0, 1:].max() < 1e-8 and enq["f"][0, 1:].min() > 0.999
    assert read["o"].min() > 0.999 and shift["f"].max() < 1e-8 and shift["o"].max() < 1e-8


def test_enqueue_only_matches_the_reference_up_to_one_tanh():
    values = [0.5, -0.9, 0.25, 0.99, -0.1]
    program = [("enqueue", v) for v in values]
    slots, outputs = FifoLSTM(5).run(program)
    contents, _ = run_fifo_reference(program, 5)
    for k, queue in enumerate(contents):
        np.testing.assert_allclose(slots[k, :len(queue)], np.tanh(queue), atol=1e-6)
        np.testing.assert_allclose(slots[k, len(queue):], 0.0, atol=1e-6)
    assert outputs == [None] * 5


def test_each_move_forward_costs_two_more_tanh():
    q = FifoLSTM(3)
    for v in (0.5, 0.9, -0.3):
        q.enqueue(v)
    reads = [q.dequeue() for _ in range(3)]
    # The value that waited behind m others moved forward m slots: tanh applied 2 + 2m times.
    np.testing.assert_allclose(reads, [_tanh_n(0.5, 2), _tanh_n(0.9, 4), _tanh_n(-0.3, 6)], atol=1e-6)


def test_random_program_keeps_order_and_sign():
    program = fifo_program(40, 4, seed=1)
    _, outputs = FifoLSTM(4).run(program)
    _, exact = run_fifo_reference(program, 4)
    pairs = [(o, e) for o, e in zip(outputs, exact) if e is not None]
    assert len(pairs) > 5
    for o, e in pairs:
        assert abs(o) <= abs(e) + 1e-9 and (np.sign(o) == np.sign(e) or e == 0)
        assert abs(o) >= abs(_tanh_n(e, 2 + 2 * 3)) - 1e-6        # at most 3 moves in 4 slots


def test_soft_gates_leak():
    strong, weak = FifoLSTM(2, gate_strength=20.0), FifoLSTM(2, gate_strength=2.0)
    for q in (strong, weak):
        q.enqueue(0.9)
    assert abs(strong.slots[1]) < 1e-8 and abs(weak.slots[1]) > 0.05      # sigmoid(-2) = 0.12 leaks in


def test_params_layout():
    p = fifo_params(3)
    assert p["weight_ih"].shape == (12, 7) and p["weight_hh"].shape == (12, 3)
    assert fifo_input("enqueue", 3, value=0.5, slot=2).tolist() == [[0.5, 1, 0, 0, 0, 0, 1]]


@pytest.mark.parametrize("call, message", [
    (lambda: FifoLSTM(1).dequeue(), "cannot dequeue from an empty queue"),
    (lambda: FifoLSTM(1).run([("enqueue", 1), ("enqueue", 2)]), "cannot enqueue onto a full queue (1 slots)"),
    (lambda: fifo_input("push", 2), "op must be one of"),
    (lambda: fifo_input("enqueue", 2, value=1.0, slot=2), "slot must be an integer in [0, 1], got 2"),
    (lambda: fifo_params(2, gate_strength=-1), "gate_strength must be a positive number"),
])
def test_bad_input_raises(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)


def test_the_docstrings_numbers_are_computed_values():
    # The module's docstrings quote the trace of 0.9 to five digits: they must be what numpy computes.
    import re

    import numpy as np

    import lstmlib.fifo as fifo

    text = (fifo.__doc__ or "") + (fifo.FifoLSTM.__doc__ or "")
    quoted = set(re.findall(r"0\.614\d*", text))
    assert quoted == {f"{np.tanh(np.tanh(0.9)):.5f}", "0.614"}, quoted
    assert f"{np.tanh(0.9):.4f}" in text
