"""Streaming: the data arrive one point at a time and each point needs an answer at once.

What one step costs, counted in multiply-adds (one multiply and one add, the unit of a matrix
product; FLOPs in the usual convention are about twice this). We count the matrix products and the
elementwise products; bias additions and the nonlinearities (sigmoid, tanh, exp) are left out: they
add O(H) or O(S) work per step and change no trend.

- LSTMStream: the state is (h, c), 2H numbers, whatever the history length. A step costs
      4H(D + H) + 3H      (four gate blocks of W_ih x and W_hh h, then f*c, i*g, o*tanh(c))
  which does not depend on how many points came before.
- AttentionStream: single-head self-attention (E features) over the S most recent points, S = t after
  t points, or min(t, window). The newest point's query attends to the keys and values of all S points.
      with a K/V cache: q, k, v of the new point, out projection    4E^2
                        scores q.k and weighted sum of values        2SE
      without a cache:  K and V recomputed for all S points          2SE^2 + 2E^2 + 2SE
  Both grow linearly in S, the second E times faster; with a window both stop growing at S = window.
  The memory it keeps grows too: S*E numbers of history, or 2*S*E of cached keys and values.

Each stream records ``last_step_flops``, the multiply-adds counted from the shapes of the arrays its
last step actually multiplied, and ``last_step_seconds``; ``flops_per_step(history_len)`` gives the
formula, so a chapter can plot both against the history length and see them agree.
"""
from __future__ import annotations

import time

import numpy as np

from .attention import attend, check_attention_params
from .checks import check_array, check_params
from .data import check_int
from .linear import affine_forward
from .lstm import lstm_step_unchecked


def matmul_macs(a_shape, b_shape) -> int:
    """Multiply-adds of a (M, K) @ (K, P) product: M * K * P."""
    (m, k), (k2, n) = a_shape, b_shape
    assert k == k2, (a_shape, b_shape)
    return m * k * n


class LSTMStream:
    """An LSTM (params p as in lstmlib.lstm_step, D inputs, H units) fed one point at a time."""

    def __init__(self, p):
        sizes: dict = {}
        self.p = check_params(p, "lstm", sizes, np.float64)
        self.D, self.H = sizes["D"], sizes["H"]
        self.reset()

    def reset(self) -> None:
        self.h, self.c = np.zeros((1, self.H)), np.zeros((1, self.H))
        self.t, self.last_step_flops, self.last_step_seconds = 0, 0, 0.0

    @property
    def state_floats(self) -> int:
        """Numbers carried from step to step: h and c, 2H."""
        return self.h.size + self.c.size

    def flops_per_step(self, history_len: int = 0) -> int:
        """Multiply-adds of one step, 4H(D + H) + 3H; history_len is accepted and ignored (it plays no part)."""
        return 4 * self.H * (self.D + self.H) + 3 * self.H

    def step(self, x_t) -> np.ndarray:
        """x_t (D,) -> h (H,), the new hidden state."""
        x_t = check_array("x_t", x_t, "D", {"D": self.D}, np.float64)[None, :]
        start = time.perf_counter()
        # The parameters were checked once in __init__ and x_t just above: step without re-checking.
        (self.h, self.c), cache = lstm_step_unchecked(x_t, self.h, self.c, self.p)
        self.last_step_seconds = time.perf_counter() - start
        self.last_step_flops = (matmul_macs(cache["x"].shape, self.p["weight_ih"].T.shape)
                                + matmul_macs(cache["h_prev"].shape, self.p["weight_hh"].T.shape)
                                + 3 * cache["c"].size)
        self.t += 1
        return self.h[0].copy()


class _Rows:
    """Rows appended one at a time; ``view()`` gives the last ``window`` rows (all if window is None).

    The buffer doubles when full, or, with a window, slides its last rows back to the front, so an
    append costs O(E) amortized and view() copies nothing.
    """

    def __init__(self, E: int, window: int | None):
        self.window, self.buf, self.n = window, np.empty((16 if window is None else 2 * window, E)), 0

    def append(self, row: np.ndarray) -> None:
        if self.n == len(self.buf):
            if self.window is None:
                self.buf = np.concatenate([self.buf, np.empty_like(self.buf)])
            else:
                keep = self.window - 1
                self.buf[:keep] = self.buf[self.n - keep:self.n]
                self.n = keep
        self.buf[self.n] = row
        self.n += 1

    def view(self) -> np.ndarray:
        start = 0 if self.window is None else max(0, self.n - self.window)
        return self.buf[start:self.n]


class AttentionStream:
    """Causal single-head self-attention (params p from lstmlib.attention, E features) fed one point at a time.

    window: attend to at most this many recent points (None: the whole history). kv_cache: keep each
    point's key and value once computed (True) or recompute them from the stored history at every
    step (False). Both give the same outputs; only the cost differs.
    """

    def __init__(self, p, window: int | None = None, kv_cache: bool = True):
        sizes: dict = {}
        self.p = check_attention_params(p, sizes, np.float64)
        self.E = sizes["E"]
        self.window = None if window is None else check_int("window", window, 1)
        self.kv_cache = bool(kv_cache)
        self.reset()

    def reset(self) -> None:
        if self.kv_cache:
            self.keys, self.values = _Rows(self.E, self.window), _Rows(self.E, self.window)
        else:
            self.history = _Rows(self.E, self.window)
        self.t, self.last_step_flops, self.last_step_seconds, self.weights = 0, 0, 0.0, None

    def _span(self, history_len: int) -> int:
        return history_len if self.window is None else min(history_len, self.window)

    @property
    def state_floats(self) -> int:
        """Numbers kept between steps: S*E of history, or 2*S*E of cached keys and values."""
        return 2 * self.keys.view().size if self.kv_cache else self.history.view().size

    def flops_per_step(self, history_len: int) -> int:
        """Multiply-adds of the step that brings the history to ``history_len`` points (formulas above)."""
        S, E = self._span(check_int("history_len", history_len, 1)), self.E
        return 4 * E * E + 2 * S * E if self.kv_cache else 2 * S * E * E + 2 * E * E + 2 * S * E

    def step(self, x_t) -> np.ndarray:
        """x_t (E,) -> y (E,), the layer's output at the new point; self.weights is the (S,) attention row."""
        x_t = check_array("x_t", x_t, "E", {"E": self.E}, np.float64)[None, :]
        p, E, macs = self.p, self.E, 0
        start = time.perf_counter()
        q = affine_forward(x_t, p["weight_q"], p["bias_q"])
        if self.kv_cache:
            self.keys.append(affine_forward(x_t, p["weight_k"], p["bias_k"])[0])
            self.values.append(affine_forward(x_t, p["weight_v"], p["bias_v"])[0])
            K, V = self.keys.view(), self.values.view()
            macs += 3 * matmul_macs(x_t.shape, (E, E))
        else:
            self.history.append(x_t[0])
            X = self.history.view()
            K = affine_forward(X, p["weight_k"], p["bias_k"])
            V = affine_forward(X, p["weight_v"], p["bias_v"])
            macs += matmul_macs(x_t.shape, (E, E)) + 2 * matmul_macs(X.shape, (E, E))
        # One query over the S points: nothing to mask. The history was checked point by point as it
        # arrived, so the unchecked core is used: re-checking S*E numbers per step would cost as much as
        # the attention itself and hide the trend this class exists to show.
        a, cache = attend(q[None], K[None], V[None])
        y = affine_forward(a[0], p["weight_o"], p["bias_o"])
        self.last_step_seconds = time.perf_counter() - start
        macs += matmul_macs(q.shape, K.T.shape) + matmul_macs(cache["weights"][0].shape, V.shape)
        self.last_step_flops = macs + matmul_macs(a[0].shape, (E, E))
        self.weights, self.t = cache["weights"][0, 0], self.t + 1
        return y[0]


def stream_cost_table(history, us, ops, not_run: str = "not run",
                      names=(("lstm", "LSTM"), ("cache", "cached"), ("nocache", "uncached"))) -> str:
    """A plain-text table of step times and counts per history length, for a chapter to print.

    history: the history lengths S (rows). us, ops: name -> {S: median microseconds} and name ->
    {S: multiply-adds}, holding only the lengths that stream actually ran. A length a stream did not
    run shows "not run" (never a NaN or a 0), and ``not_run`` is printed under the table as the reason.
    """
    t_w = [max(len(label) + 3, 9) for _, label in names]          # "cached us", "not run"
    m_w = [max(len(label) + 5, 10) for _, label in names]         # "cached MACs", "2,164,736"
    head = (f"{'S':>5} | " + " ".join(f"{label + ' us':>{w}}" for (_, label), w in zip(names, t_w))
            + " | " + " ".join(f"{label + ' MACs':>{w}}" for (_, label), w in zip(names, m_w)))
    lines, missing = [head, "-" * len(head)], False
    for S in history:
        ran = [S in us.get(name, {}) for name, _ in names]
        missing = missing or not all(ran)
        times = [f"{us[name][S]:>{w}.1f}" if ok else f"{'not run':>{w}}"
                 for (name, _), w, ok in zip(names, t_w, ran)]
        counts = [f"{ops[name][S]:>{w},}" if ok else f"{'not run':>{w}}"
                  for (name, _), w, ok in zip(names, m_w, ran)]
        lines.append(f"{S:>5} | " + " ".join(times) + " | " + " ".join(counts))
    if missing:
        lines.append(not_run)
    return "\n".join(lines)


def model_step_macs(model, history_len: int) -> int:
    """Multiply-adds for one new point through a whole lstmlib.torch_models model, streamed step by step.

    Read from the module's weight shapes (no torch import here, so this module stays light):
    - RecurrentRegressor with an LSTM: 4H(D + H) + 3H for the cell (LSTMStream's count) plus H*O for the
      readout, whatever history_len is.
    - TransformerModel, with a K/V cache: D*E for the input embedding; per block, 4E^2 + 2SE for the
      attention (AttentionStream's count; splitting E over heads changes no product's total size) and
      2*E*d_ff for the feed-forward; E*O for the readout. S = history_len.
    LayerNorms, position codes, biases and nonlinearities are O(E) per step and left out, as above.
    """
    S = check_int("history_len", history_len, 1)
    if hasattr(model, "rnn"):
        rnn = model.rnn
        if type(rnn).__name__ != "LSTM" or rnn.num_layers != 1:
            raise ValueError(f"model_step_macs counts a one-layer LSTM, got {rnn!r}")
        D, H, O = rnn.input_size, rnn.hidden_size, model.head.out_features
        return 4 * H * (D + H) + 3 * H + H * O
    if hasattr(model, "blocks"):
        D, E = model.embed.in_features, model.embed.out_features
        per_block = sum(4 * E * E + 2 * S * E + 2 * E * b.ff[0].out_features for b in model.blocks)
        return D * E + per_block + E * model.head.out_features
    raise TypeError(f"model_step_macs needs a RecurrentRegressor or a TransformerModel, got {type(model).__name__}")


def model_state_floats(model, history_len: int) -> int:
    """Numbers a streaming model keeps between steps: 2H for an LSTM (h and c), whatever the history;
    2*S*E per block for a Transformer's cached keys and values after S = history_len points."""
    S = check_int("history_len", history_len, 1)
    if hasattr(model, "rnn"):
        return 2 * model.rnn.hidden_size * model.rnn.num_layers
    if hasattr(model, "blocks"):
        return 2 * S * model.embed.out_features * len(model.blocks)
    raise TypeError(f"model_state_floats needs a RecurrentRegressor or a TransformerModel, got {type(model).__name__}")
