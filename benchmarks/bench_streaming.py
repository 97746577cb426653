"""Time per new data point: an LSTM carries a fixed-size state; attention re-reads a growing history.

The history is filled directly (appending rows to the stream's buffers) rather than by stepping through
it, because stepping 4096 points through attention without a cache costs O(S^2) and would time the
fill, not the step. The step that is timed is a real ``.step`` call.
"""
from __future__ import annotations

import numpy as np

import lstmlib
from lstmlib.attention import init_attention_params
from lstmlib.streaming import AttentionStream, LSTMStream

from lstmlib.timing import medians, side_by_side

E = 64  # features per point for attention; the LSTM has D = H = E


def _filled_attention(p, history: int, kv_cache: bool, rng) -> AttentionStream:
    stream = AttentionStream(p, kv_cache=kv_cache)
    rows = rng.normal(size=(history - 1, E))
    for row in rows:  # fill S-1 points; the timed step is point S
        if kv_cache:
            stream.keys.append(row)
            stream.values.append(row)
        else:
            stream.history.append(row)
    return stream


def measure(histories, rounds: int) -> list[dict]:
    """Per history length: median seconds of one LSTM step and one attention step (with/without K/V cache)."""
    rng = np.random.default_rng(0)
    lstm = LSTMStream(lstmlib.init_params("lstm", E, E, seed=0))
    p = init_attention_params(E, seed=0)
    x = rng.normal(size=E)
    rows = []
    for S in histories:
        cached, recomputed = _filled_attention(p, S, True, rng), _filled_attention(p, S, False, rng)

        def step_at_fixed_history(stream):  # step, then drop the new point so every round times history length S
            stream.step(x)
            for buf in ((stream.keys, stream.values) if stream.kv_cache else (stream.history,)):
                buf.n -= 1

        times = medians(side_by_side({"lstm": lambda: lstm.step(x), "attention_kv_cache": lambda: step_at_fixed_history(cached),
                                      "attention_recompute": lambda: step_at_fixed_history(recomputed)}, rounds=rounds))
        rows.append({"history": S, **{f"{k}_s": v for k, v in times.items()},
                     "lstm_macs": lstm.flops_per_step(S), "attention_kv_cache_macs": cached.flops_per_step(S),
                     "attention_recompute_macs": recomputed.flops_per_step(S)})
    return rows
