"""Seeded task generators for the chapters' experiments.

Every generator takes ``seed`` (fed to ``np.random.default_rng``), so the same call always returns the
same arrays. Sequences use the book's layout (T, N, D): time T, batch N, features D.

- adding_problem: sum the two marked values of a long sequence (chapters 1 and 4).
- lag_recall: output the symbol seen exactly ``lag`` steps ago (chapter 6: attention looks straight back).
- fifo_program / run_fifo_reference: a queue program and its exact digital result (chapter 3).
- disruption_signal: a synthetic multichannel stream with precursors before events (chapter 6).
"""
from __future__ import annotations

import numpy as np

#: Target value that losses skip (``torch.nn.functional.cross_entropy(..., ignore_index=IGNORE_INDEX)``).
IGNORE_INDEX = -1


def check_int(name: str, value, low: int, high: int | None = None) -> int:
    """Return ``value`` as an int in [low, high]; else ValueError naming the range and what arrived.

    Shared by the modules whose arguments are counts (sizes, lengths, numbers of steps).
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"{name} must be an integer {bounds}, got {value}")
    return int(value)


def adding_problem(n: int, T: int, seed: int = 0, dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """The adding problem (Hochreiter & Schmidhuber 1997; the variant of Le, Jaitly & Hinton 2015).

    Each of the n sequences has T steps of two features: a value drawn uniformly from [0, 1] and a
    marker. Exactly two markers are 1: one at a step drawn uniformly from the first half [0, T//2), one
    from the second half [T//2, T). The target is the sum of the two marked values, so the model must
    keep the first marked value for up to T - 1 steps.

    Returns x (T, N, 2) with x[..., 0] the values and x[..., 1] the markers, and y (N,).
    """
    n, T = check_int("n", n, 1), check_int("T", T, 2)
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, size=(T, n))
    first = rng.integers(0, T // 2, size=n)
    second = rng.integers(T // 2, T, size=n)
    markers = np.zeros((T, n))
    cols = np.arange(n)
    markers[first, cols] = 1.0
    markers[second, cols] = 1.0
    x = np.stack([values, markers], axis=-1).astype(dtype)
    y = (values[first, cols] + values[second, cols]).astype(dtype)
    return x, y


def adding_baseline_mse() -> float:
    """MSE of always predicting the mean target, 1, in the adding problem: exactly 1/6.

    The target is U1 + U2 with U1, U2 independent and uniform on [0, 1]. Its mean is 1/2 + 1/2 = 1, and
    the best constant prediction is the mean, whose MSE is the variance:
    Var(U1 + U2) = Var(U1) + Var(U2) = 1/12 + 1/12 = 1/6, since a uniform on [0, 1] has variance 1/12.
    A model beats this line only if it has learned something about the two marked values.
    """
    return 1.0 / 6.0


def lag_recall(n: int, T: int, lag: int, n_symbols: int = 8, seed: int = 0,
               dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Recall the symbol seen exactly ``lag`` steps ago, at every step.

    Inputs are symbols drawn uniformly from {0, ..., K-1} (K = n_symbols), one-hot coded. The target at
    step t is the symbol at step t - lag; for t < lag there is nothing to recall and the target is
    IGNORE_INDEX (-1). The dependency has one fixed distance: an attention layer can look straight back
    ``lag`` positions, while a recurrent net must carry every symbol through ``lag`` updates.

    Returns x (T, N, K) one-hot floats and y (T, N) int64 class indices (IGNORE_INDEX where t < lag).
    Chance accuracy is 1/K.
    """
    n, T = check_int("n", n, 1), check_int("T", T, 1)
    lag, K = check_int("lag", lag, 0, T - 1), check_int("n_symbols", n_symbols, 2)
    rng = np.random.default_rng(seed)
    symbols = rng.integers(0, K, size=(T, n))
    x = np.eye(K, dtype=dtype)[symbols]
    y = np.full((T, n), IGNORE_INDEX, dtype=np.int64)
    y[lag:] = symbols[:T - lag]
    return x, y


def fifo_program(n_ops: int, n_slots: int, seed: int = 0, p_enqueue: float = 0.6,
                 low: float = -1.0, high: float = 1.0, decimals: int = 2) -> list[tuple[str, float | None]]:
    """A random program of queue operations that never overflows ``n_slots`` and never reads an empty queue.

    Returns a list of n_ops pairs: ("enqueue", value) with value uniform on [low, high] rounded to
    ``decimals`` places (short numbers read well in a table), or ("dequeue", None). Each step enqueues
    with probability p_enqueue, except that an empty queue always enqueues and a full one dequeues.
    """
    n_ops, n_slots = check_int("n_ops", n_ops, 1), check_int("n_slots", n_slots, 1)
    if not 0.0 <= p_enqueue <= 1.0:
        raise ValueError(f"p_enqueue must be a probability in [0, 1], got {p_enqueue}")
    rng = np.random.default_rng(seed)
    program, length = [], 0
    for _ in range(n_ops):
        enqueue = length == 0 or (length < n_slots and rng.random() < p_enqueue)
        if enqueue:
            program.append(("enqueue", round(float(rng.uniform(low, high)), decimals)))
            length += 1
        else:
            program.append(("dequeue", None))
            length -= 1
    return program


def check_fifo_op(k: int, op) -> None:
    """ValueError unless program step k, ``op``, is ("enqueue", value) or ("dequeue", None)."""
    if not (isinstance(op, (tuple, list)) and len(op) == 2 and op[0] in ("enqueue", "dequeue")):
        raise ValueError(f"program[{k}] must be ('enqueue', value) or ('dequeue', None), got {op!r}")


def run_fifo_reference(program, n_slots: int) -> tuple[list[list[float]], list[float | None]]:
    """Run a queue program on an exact (digital) queue with room for ``n_slots`` values.

    program: pairs ("enqueue", value) or ("dequeue", None), as made by :func:`fifo_program`.
    Returns (contents, outputs), one entry per operation: contents[k] is the queue after operation k,
    oldest value first; outputs[k] is the value a dequeue returned, or None for an enqueue.
    """
    n_slots = check_int("n_slots", n_slots, 1)
    queue, contents, outputs = [], [], []
    for k, op in enumerate(program):
        check_fifo_op(k, op)
        if op[0] == "enqueue":
            if len(queue) == n_slots:
                raise ValueError(f"program[{k}] enqueues onto a full queue ({n_slots} slots)")
            queue.append(float(op[1]))
            outputs.append(None)
        else:
            if not queue:
                raise ValueError(f"program[{k}] dequeues from an empty queue")
            outputs.append(queue.pop(0))
        contents.append(list(queue))
    return contents, outputs


def _event_times(rng, T: int, n_events: int, first: int, gap: int) -> np.ndarray:
    """n_events sorted times in [first, T), consecutive ones at least ``gap`` apart (uniform spacing draw)."""
    slack = T - 1 - first - (n_events - 1) * gap
    if slack < 0:
        raise ValueError(f"T must be at least {T - slack} to fit {n_events} events {gap} steps apart "
                         f"after a lead-in of {first} steps, got T={T}")
    # Sorted uniform offsets in [0, slack] plus the minimum spacing: every gap >= ``gap``.
    offsets = np.sort(rng.integers(0, slack + 1, size=n_events))
    return first + offsets + gap * np.arange(n_events)


def disruption_signal(n_channels: int, T: int, n_events: int, seed: int = 0, horizon: int = 30,
                      precursor: int = 40, n_precursor_channels: int | None = None, noise: float = 0.3,
                      dtype=np.float64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A SYNTHETIC multichannel stream with warning signs before sudden "disruption" events.

    This is not data from any real device: it is a toy stand-in, loosely shaped after the diagnostic
    streams of a tokamak, for the streaming experiment. Each of the C = n_channels channels is Gaussian
    noise (std ``noise``) plus a slow random-walk drift. In the ``precursor`` steps before each event,
    the first n_precursor_channels channels (default C // 2, at least 1) carry a warning: channels 0, 2, 4, ...
    a sine wave (period 8 steps) whose amplitude ramps from 0 to 1.5, channels 1, 3, ... a linear ramp
    from 0 to 1.5. At the event every channel drops by 3 and recovers over about 10 steps. Events are at least
    precursor + horizon + 20 steps apart, so warnings never overlap.

    Returns (signal (T, C), event_times (n_events,) int64 sorted, labels (T,) int64) where
    labels[t] = 1 if an event happens in the next ``horizon`` steps, t < event <= t + horizon, else 0.
    """
    C, T = check_int("n_channels", n_channels, 1), check_int("T", T, 2)
    n_events = check_int("n_events", n_events, 0)
    horizon, precursor = check_int("horizon", horizon, 1), check_int("precursor", precursor, 1)
    P = max(1, C // 2) if n_precursor_channels is None else check_int("n_precursor_channels", n_precursor_channels, 0, C)
    rng = np.random.default_rng(seed)
    signal = noise * rng.standard_normal((T, C))
    signal += np.cumsum(0.02 * rng.standard_normal((T, C)), axis=0)        # slow drift
    times = _event_times(rng, T, n_events, first=precursor, gap=precursor + horizon + 20)
    ramp = np.linspace(0.0, 1.5, precursor)
    wave = ramp * np.sin(2 * np.pi * np.arange(precursor) / 8.0)
    recovery = -3.0 * np.exp(-np.arange(T) / 4.0)                            # drop, then ~10-step recovery
    labels = np.zeros(T, dtype=np.int64)
    for e in times:
        for ch in range(P):
            signal[e - precursor:e, ch] += wave if ch % 2 == 0 else ramp
        signal[e:] += recovery[:T - e, None]
        labels[max(0, e - horizon):e] = 1
    return signal.astype(dtype), times.astype(np.int64), labels
