"""The task generators: shapes, seeding, and the statistics each task promises."""
import math

import numpy as np
import pytest

from lstmlib import data


def test_adding_problem_shapes_markers_and_targets():
    x, y = data.adding_problem(500, 40, seed=1)
    assert x.shape == (40, 500, 2) and y.shape == (500,) and x.dtype == np.float64
    markers = x[..., 1]
    assert np.all(markers.sum(axis=0) == 2)                      # exactly two markers per sequence
    assert set(np.unique(markers)) == {0.0, 1.0}
    assert np.all(markers[:20].sum(axis=0) == 1)                 # one in the first half, one in the second
    assert np.all((x[..., 0] >= 0) & (x[..., 0] <= 1))
    np.testing.assert_allclose(y, (x[..., 0] * markers).sum(axis=0), rtol=0, atol=1e-12)


def test_adding_problem_seeded():
    a, b = data.adding_problem(8, 10, seed=3), data.adding_problem(8, 10, seed=3)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], data.adding_problem(8, 10, seed=4)[0])
    assert data.adding_problem(4, 6, dtype=np.float32)[0].dtype == np.float32


def test_predicting_the_mean_gives_the_baseline_mse():
    n = 20000
    _, y = data.adding_problem(n, 20, seed=0)
    mse = np.mean((y - 1.0) ** 2)
    # (y - 1) is triangular on [-1, 1]: E[(y-1)^2] = 1/6, E[(y-1)^4] = 1/15, so the squared error has
    # std sqrt(1/15 - 1/36) = 0.197 and the mean over n has standard error 0.197/sqrt(n) = 0.0014.
    se = math.sqrt(1 / 15 - 1 / 36) / math.sqrt(n)
    assert data.adding_baseline_mse() == pytest.approx(1 / 6)
    assert abs(mse - data.adding_baseline_mse()) < 4 * se


def test_lag_recall_targets_are_inputs_lag_steps_back():
    x, y = data.lag_recall(16, 30, lag=7, n_symbols=5, seed=2)
    assert x.shape == (30, 16, 5) and y.shape == (30, 16) and y.dtype == np.int64
    assert np.all(x.sum(axis=-1) == 1)
    assert np.all(y[:7] == data.IGNORE_INDEX)
    np.testing.assert_array_equal(y[7:], x[:-7].argmax(axis=-1))
    _, y0 = data.lag_recall(2, 5, lag=0, seed=0)
    assert np.all(y0 >= 0)


def test_fifo_program_is_always_valid_and_reference_queue_is_exact():
    program = data.fifo_program(200, 3, seed=5)
    contents, outputs = data.run_fifo_reference(program, 3)   # raises on overflow or underflow
    assert len(contents) == len(outputs) == 200
    assert max(len(c) for c in contents) == 3
    ops = [op for op, _ in program]
    assert ops.count("enqueue") > 0 and ops.count("dequeue") > 0
    contents, outputs = data.run_fifo_reference([("enqueue", 0.9), ("enqueue", -0.3), ("dequeue", None)], 2)
    assert contents == [[0.9], [0.9, -0.3], [-0.3]] and outputs == [None, None, 0.9]


def test_disruption_signal_events_and_labels():
    signal, times, labels = data.disruption_signal(6, 2000, 5, seed=0, horizon=30, precursor=40)
    assert signal.shape == (2000, 6) and times.shape == (5,) and labels.shape == (2000,)
    assert np.all(np.diff(times) >= 40 + 30 + 20) and times[0] >= 40
    expected = np.zeros(2000, dtype=int)
    for e in times:
        expected[e - 30:e] = 1
    np.testing.assert_array_equal(labels, expected)
    # The precursor makes the warned channels busier right before events than on average.
    before = np.concatenate([signal[e - 20:e, 0] for e in times])
    assert before.std() > 1.5 * signal[:, 0].std() or np.abs(before).mean() > np.abs(signal[:, 0]).mean()


@pytest.mark.parametrize("call, message", [
    (lambda: data.adding_problem(0, 10), "n must be an integer >= 1, got 0"),
    (lambda: data.adding_problem(4, 2.5), "T must be an integer, got float"),
    (lambda: data.lag_recall(4, 10, lag=10), "lag must be an integer in [0, 9], got 10"),
    (lambda: data.fifo_program(5, 2, p_enqueue=1.5), "p_enqueue must be a probability"),
    (lambda: data.run_fifo_reference([("dequeue", None)], 2), "dequeues from an empty queue"),
    (lambda: data.run_fifo_reference([("push", 1)], 2), "program[0] must be ('enqueue', value)"),
    (lambda: data.disruption_signal(3, 100, 5), "T must be at least"),
])
def test_bad_arguments_raise_value_errors(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)
