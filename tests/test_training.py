"""lstmlib.training: the loop learns an easy task and is deterministic for a fixed seed."""
import numpy as np
import pytest
import torch

from lstmlib.data import adding_problem, lag_recall
from lstmlib.torch_models import RecurrentRegressor, TransformerModel
from lstmlib.training import default_device, train


def _adding(seed):
    return adding_problem(32, 8, seed=seed)


def _running_sum(seed):
    """An easy task: the sum of 5 values uniform on [-1, 1] (variance 5/3 = the loss of predicting 0)."""
    x = np.random.default_rng(seed).uniform(-1, 1, size=(5, 32, 1))
    return x, x.sum(axis=0)


def test_lstm_learns_an_easy_task_and_is_deterministic():
    run = lambda steps, seed=0: train(RecurrentRegressor("lstm", 1, 8, 1, seed=0), _running_sum, steps=steps,
                                      lr=3e-2, seed=seed, eval_every=20, device="cpu")
    h = run(60)
    assert h.step == list(range(1, 61)) and h.eval_step == [20, 40, 60] and h.eval_accuracy == []
    assert np.mean(h.loss[:10]) > 0.5 * 5 / 3
    assert h.mean_loss(10) < 0.05 * 5 / 3 and h.eval_loss[-1] < 0.05 * 5 / 3
    # Same seed: a shorter run repeats the longer one exactly, step for step (data, updates, evaluation).
    again = run(20)
    assert again.loss == h.loss[:20] and again.eval_loss == h.eval_loss[:1]
    assert run(5, seed=1).loss != h.loss[:5]


def test_cross_entropy_with_ignored_targets_and_accuracy():
    model = TransformerModel(4, 16, 4, readout="all", max_len=8)
    h = train(model, lambda s: lag_recall(16, 8, lag=2, n_symbols=4, seed=s), steps=60, lr=1e-2, seed=0,
              loss="ce", eval_every=30, device="cpu")
    assert len(h.eval_accuracy) == 2 and h.eval_accuracy[-1] > 0.6     # chance is 0.25
    assert h.mean_loss(10) < 0.7 * h.loss[0]


def test_default_device_threads_restored_and_bad_arguments():
    assert default_device().type in ("cpu", "cuda")
    before = torch.get_num_threads()
    train(RecurrentRegressor("rnn", 1, 4, 1), _running_sum, steps=2, threads=1, device="cpu")
    assert torch.get_num_threads() == before
    model = RecurrentRegressor("rnn", 2, 4, 1)
    with pytest.raises(ValueError, match="loss must be one of"):
        train(model, _adding, steps=1, loss="l1")
    with pytest.raises(ValueError, match="steps must be an integer >= 1, got 0"):
        train(model, _adding, steps=0)
    with pytest.raises(ValueError, match=r"mse needs as many outputs as targets: got output shape \(32, 3\)"):
        train(RecurrentRegressor("rnn", 2, 4, 3), _adding, steps=1, device="cpu")


def test_stop_at_accuracy_stops_at_the_first_evaluation_that_reaches_it():
    batches = lambda s: lag_recall(16, 8, lag=2, n_symbols=4, seed=s)
    run = lambda **kw: train(TransformerModel(4, 16, 4, readout="all", max_len=8), batches, steps=60,
                             lr=1e-2, seed=0, loss="ce", eval_every=10, device="cpu", **kw)
    full = run()
    target = 0.6
    first = next(k for k, a in enumerate(full.eval_accuracy) if a >= target)
    assert first < len(full.eval_accuracy) - 1          # the full run goes on after reaching it
    stopped = run(stop_at_accuracy=target)
    # The same run up to that evaluation, and not one step further.
    assert stopped.eval_step == full.eval_step[:first + 1]
    assert stopped.eval_accuracy == full.eval_accuracy[:first + 1]
    assert stopped.loss == full.loss[:stopped.eval_step[-1]]
    never = run(stop_at_accuracy=1.01)                   # unreachable: trains for all the steps
    assert never.eval_step == full.eval_step and never.loss == full.loss
    with pytest.raises(ValueError, match="stop_at_accuracy needs loss='ce' and eval_every set"):
        train(RecurrentRegressor("rnn", 2, 4, 1), _adding, steps=1, stop_at_accuracy=0.9)
