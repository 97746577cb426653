"""One small training loop for every experiment in the book (Adam, gradient clipping, seeded).

    history = train(model, lambda s: adding_problem(64, 50, seed=s), steps=300, lr=1e-2, seed=0)
    history.loss        # training loss at every step
    history.eval_loss   # loss on one fixed held-out batch, every eval_every steps

Data come from ``batch_fn(seed) -> (x, y)``: the loop draws one seed per step from
np.random.default_rng(seed), so the whole run (data order included) is fixed by ``seed``. The model's
initial weights are fixed by how it was built (the models in lstmlib.torch_models take ``seed=``).
NumPy arrays are turned into tensors here: floats become float32, integers int64 class indices.
"""
from __future__ import annotations

import dataclasses
import time

import numpy as np
import torch
import torch.nn.functional as F
from tqdm.auto import trange

from .data import IGNORE_INDEX, check_int
from .devices import default_device, on_device  # the book's one device rule (lstmlib.devices)

LOSSES = ("mse", "ce")


@dataclasses.dataclass
class History:
    """What train() records. loss[k] is the training loss at step step[k] (steps count from 1);
    eval_loss / eval_accuracy (accuracy for loss="ce" only, else empty) at the steps in eval_step."""

    step: list = dataclasses.field(default_factory=list)
    loss: list = dataclasses.field(default_factory=list)
    eval_step: list = dataclasses.field(default_factory=list)
    eval_loss: list = dataclasses.field(default_factory=list)
    eval_accuracy: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    def mean_loss(self, last: int = 20) -> float:
        """Mean training loss over the last ``last`` steps (single steps are noisy)."""
        return float(np.mean(self.loss[-last:]))


def to_tensor(a, device) -> torch.Tensor:
    """NumPy floats -> float32, NumPy integers -> int64 (class targets), tensors moved to ``device``."""
    return on_device(a, device)


def compute_loss(out: torch.Tensor, y: torch.Tensor, kind: str) -> torch.Tensor:
    """mse: out and y hold the same number of values (out (N, 1) against y (N,) is fine).
    ce: out (..., K) logits against y (...) class indices; targets equal to IGNORE_INDEX are skipped."""
    if kind == "mse":
        if out.numel() != y.numel():
            raise ValueError(f"mse needs as many outputs as targets: got output shape {tuple(out.shape)} "
                             f"and target shape {tuple(y.shape)}")
        return F.mse_loss(out.reshape(y.shape), y)
    if out.shape[:-1] != y.shape:
        raise ValueError(f"ce needs logits (..., K) and targets (...): got output shape {tuple(out.shape)} "
                         f"and target shape {tuple(y.shape)}")
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), ignore_index=IGNORE_INDEX)


def accuracy(out: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of targets (other than IGNORE_INDEX) whose largest logit is the right class."""
    keep = y != IGNORE_INDEX
    return float((out.argmax(dim=-1)[keep] == y[keep]).float().mean())


def train(model: torch.nn.Module, batch_fn, steps: int, lr: float = 1e-3, seed: int = 0, loss: str = "mse",
          clip: float | None = 1.0, eval_every: int | None = None, eval_batch=None, progress: bool = False,
          device=None, threads: int | None = 1, stop_at_accuracy: float | None = None) -> History:
    """Train ``model`` with Adam for ``steps`` steps and return its History.

    batch_fn(seed) -> (x, y): one batch; x (T, N, D) for the book's models. loss: "mse" or "ce".
    clip: rescale the gradient to at most this global norm (None: no clipping); it keeps the RNN's
    occasional exploding gradient from wrecking a run. eval_every: every that many steps (and after
    the last), evaluate on ``eval_batch`` (x, y), by default one batch from batch_fn with its own seed.
    progress: show a tqdm bar (chapters pass False so built pages stay clean). device: None picks
    default_device(); the model is moved there. threads: torch's CPU threads while training (restored
    afterwards); None keeps torch's setting. One thread is the default because the book's models are
    tiny: splitting their small matrix products buys nothing, and on a busy 2-core machine two threads
    wait on each other (measured: 60 steps of a small Transformer, 4 s on one thread, 18 s on two).
    stop_at_accuracy: stop after the first evaluation whose accuracy reaches this value (loss="ce" and
    eval_every needed); ``steps`` is then the most it may take, and History.eval_step[-1] says where it
    stopped. Training the same model with the same seed stops at the same step.
    """
    steps = check_int("steps", steps, 1)
    if stop_at_accuracy is not None and (loss != "ce" or eval_every is None):
        raise ValueError(f"stop_at_accuracy needs loss='ce' and eval_every set, got loss={loss!r}, "
                         f"eval_every={eval_every!r}")
    saved_threads = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(check_int("threads", threads, 1))
    try:
        return _train(model, batch_fn, steps, lr, seed, loss, clip, eval_every, eval_batch, progress, device,
                      stop_at_accuracy)
    finally:
        torch.set_num_threads(saved_threads)


def _train(model, batch_fn, steps, lr, seed, loss, clip, eval_every, eval_batch, progress, device,
           stop_at_accuracy=None) -> History:
    """The loop itself; see train()."""
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    eval_every = None if eval_every is None else check_int("eval_every", eval_every, 1)
    device = default_device() if device is None else torch.device(device)   # lstmlib.devices
    torch.manual_seed(seed)
    # seeds[0] makes the eval batch, seeds[k] the batch of step k: a longer run with the same seed
    # repeats a shorter one step for step.
    seeds = np.random.default_rng(seed).integers(0, 2**31 - 1, size=steps + 1)
    model.to(device)
    if eval_every is not None:
        ex, ey = batch_fn(int(seeds[0])) if eval_batch is None else eval_batch
        ex, ey = to_tensor(ex, device), to_tensor(ey, device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    history, start = History(), time.perf_counter()
    for step in trange(1, steps + 1, disable=not progress, desc="training"):
        model.train()
        x, y = (to_tensor(a, device) for a in batch_fn(int(seeds[step])))
        value = compute_loss(model(x), y, loss)
        opt.zero_grad()
        value.backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        history.step.append(step)
        history.loss.append(value.item())
        if eval_every is not None and (step % eval_every == 0 or step == steps):
            model.eval()
            with torch.no_grad():
                out = model(ex)
                history.eval_step.append(step)
                history.eval_loss.append(compute_loss(out, ey, loss).item())
                if loss == "ce":
                    history.eval_accuracy.append(accuracy(out, ey))
            if stop_at_accuracy is not None and history.eval_accuracy[-1] >= stop_at_accuracy:
                break
    history.seconds = time.perf_counter() - start
    return history
