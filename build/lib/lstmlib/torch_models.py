"""Small PyTorch sequence models for the chapters' experiments, all in the (T, N, D) layout.

- RecurrentRegressor: one nn.RNN / nn.LSTM / nn.GRU layer and a linear readout of the last step or of
  every step.
- TransformerModel: a small causal Transformer (pre-norm blocks, single or few heads) whose attention is
  written out, so it can hand back the attention weights for a heatmap.
- count_parameters: how many trainable numbers a model has.

Every model takes ``seed``: its weights are drawn under torch.manual_seed(seed) without touching the
global random state, so building a model twice gives the same weights. seed=None uses the global state.
"""
from __future__ import annotations

import contextlib
import math

import torch
from torch import nn

from .attention import sinusoidal_positions
from .data import check_int

RECURRENT = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
READOUTS = ("last", "all")


def _seeded(seed):
    """Context in which torch's CPU generator is seeded; the global state is restored afterwards."""
    if seed is None:
        return contextlib.nullcontext()
    stack = contextlib.ExitStack()
    stack.enter_context(torch.random.fork_rng(devices=[]))
    torch.manual_seed(seed)
    return stack


def _check_choice(name: str, value, choices) -> str:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def _check_input(x, D: int) -> torch.Tensor:
    """x must be a float tensor (T, N, D)."""
    if not (isinstance(x, torch.Tensor) and x.dim() == 3 and x.shape[-1] == D and x.is_floating_point()):
        got = f"shape {tuple(x.shape)}, dtype {x.dtype}" if isinstance(x, torch.Tensor) else type(x).__name__
        raise ValueError(f"x must be a float tensor (T, N, D) with D={D}, got {got}")
    return x


class RecurrentRegressor(nn.Module):
    """One recurrent layer (kind "rnn", "lstm" or "gru") and a linear readout.

    x (T, N, D) -> out (N, O) from the last step (readout="last"), or (T, N, O) from every step
    (readout="all": lag recall, streaming predictions). D = input_size, H = hidden_size, O = output_size.
    The recurrent layer is ``self.rnn`` (PyTorch's own module: lstmlib.params_from_torch reads it).

    forget_bias (LSTM only): set the forget gate's total bias, bias_ih + bias_hh over rows H..2H, to
    this value (bias_hh's part is zeroed). A positive value such as 1.0 starts the forget gate near
    sigmoid(1) = 0.73 instead of 0.5, so early in training the cell keeps more of its memory.
    """

    def __init__(self, kind: str, input_size: int, hidden_size: int, output_size: int,
                 forget_bias: float | None = None, readout: str = "last", seed: int | None = 0):
        super().__init__()
        self.kind = _check_choice("kind", kind, tuple(RECURRENT))
        self.readout = _check_choice("readout", readout, READOUTS)
        D, H = check_int("input_size", input_size, 1), check_int("hidden_size", hidden_size, 1)
        O = check_int("output_size", output_size, 1)
        if forget_bias is not None and kind != "lstm":
            raise ValueError(f"forget_bias applies to kind='lstm' only, got kind={kind!r}")
        with _seeded(seed):
            self.rnn = RECURRENT[kind](D, H)
            self.head = nn.Linear(H, O)
        if forget_bias is not None:
            with torch.no_grad():
                self.rnn.bias_ih_l0[H:2 * H].fill_(float(forget_bias))
                self.rnn.bias_hh_l0[H:2 * H].zero_()

    def forward(self, x, state=None, return_state: bool = False):
        """x (T, N, D); state: the layer's initial state (None: zeros) -> out, plus the final state if asked."""
        y, state = self.rnn(_check_input(x, self.rnn.input_size), state)      # y (T, N, H)
        out = self.head(y[-1] if self.readout == "last" else y)
        return (out, state) if return_state else out


class CausalSelfAttention(nn.Module):
    """Multi-head self-attention written out. x (N, T, E) -> (y (N, T, E), weights (N, heads, T, T))."""

    def __init__(self, d_model: int, n_heads: int):
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"d_model must be a multiple of n_heads={n_heads}, got d_model={d_model}")
        self.n_heads = n_heads
        self.qkv = nn.Linear(d_model, 3 * d_model)     # like nn.MultiheadAttention's in_proj
        self.out = nn.Linear(d_model, d_model)

    def forward(self, x, causal: bool = True):
        N, T, E = x.shape
        heads = lambda z: z.reshape(N, T, self.n_heads, E // self.n_heads).transpose(1, 2)   # (N, h, T, E/h)
        q, k, v = (heads(z) for z in self.qkv(x).split(E, dim=-1))
        scores = q @ k.transpose(-2, -1) / math.sqrt(E // self.n_heads)                       # (N, h, T, T)
        if causal:
            future = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)
            scores = scores.masked_fill(future, float("-inf"))
        weights = scores.softmax(dim=-1)
        y = (weights @ v).transpose(1, 2).reshape(N, T, E)
        return self.out(y), weights


class Block(nn.Module):
    """Pre-norm Transformer block: x + attention(norm(x)), then x + feed-forward(norm(x))."""

    def __init__(self, d_model: int, n_heads: int, d_ff: int):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.attn = CausalSelfAttention(d_model, n_heads)
        self.ff = nn.Sequential(nn.Linear(d_model, d_ff), nn.ReLU(), nn.Linear(d_ff, d_model))

    def forward(self, x, causal: bool = True):
        a, weights = self.attn(self.norm1(x), causal)
        x = x + a
        return x + self.ff(self.norm2(x)), weights


class TransformerModel(nn.Module):
    """A small Transformer for sequences. x (T, N, D) -> out (N, O) (readout="last") or (T, N, O) ("all").

    The input is embedded by a linear map D -> E (E = d_model), a position code is added, then n_layers
    pre-norm blocks with n_heads heads and a ReLU feed-forward of width d_ff (default 4E), a final
    LayerNorm and a linear readout. positions: "learned" (a trained (max_len, E) table), "sinusoidal"
    (lstmlib.attention.sinusoidal_positions, fixed) or "none" (no order information at all: the model
    sees the sequence as a set, apart from the causal mask). causal=True: position t attends to 0..t.
    forward(x, return_attention=True) also returns a list with one (N, n_heads, T, T) weight tensor per
    layer, for heatmaps.
    """

    def __init__(self, input_size: int, d_model: int, output_size: int, n_layers: int = 1, n_heads: int = 1,
                 d_ff: int | None = None, max_len: int = 512, positions: str = "learned", causal: bool = True,
                 readout: str = "last", seed: int | None = 0):
        super().__init__()
        D, E = check_int("input_size", input_size, 1), check_int("d_model", d_model, 1)
        O, L = check_int("output_size", output_size, 1), check_int("n_layers", n_layers, 1)
        heads, self.max_len = check_int("n_heads", n_heads, 1), check_int("max_len", max_len, 1)
        d_ff = 4 * E if d_ff is None else check_int("d_ff", d_ff, 1)
        self.positions = _check_choice("positions", positions, ("learned", "sinusoidal", "none"))
        self.readout = _check_choice("readout", readout, READOUTS)
        self.causal, self.input_size = bool(causal), D
        with _seeded(seed):
            self.embed = nn.Linear(D, E)
            self.blocks = nn.ModuleList(Block(E, heads, d_ff) for _ in range(L))
            self.norm = nn.LayerNorm(E)
            self.head = nn.Linear(E, O)
            if positions == "learned":
                self.pos = nn.Parameter(0.02 * torch.randn(max_len, E))
        if positions == "sinusoidal":
            self.register_buffer("pos", torch.tensor(sinusoidal_positions(max_len, E), dtype=torch.float32))
        elif positions == "none":
            self.pos = None

    def forward(self, x, return_attention: bool = False):
        x = _check_input(x, self.input_size)
        T = x.shape[0]
        if T > self.max_len:
            raise ValueError(f"x must have at most max_len={self.max_len} steps, got T={T}")
        h = self.embed(x.transpose(0, 1))                      # (N, T, E): attention works batch-first
        if self.pos is not None:
            h = h + self.pos[:T].to(h.dtype)
        weights = []
        for block in self.blocks:
            h, w = block(h, self.causal)
            weights.append(w)
        h = self.norm(h)
        out = self.head(h[:, -1]) if self.readout == "last" else self.head(h).transpose(0, 1)
        return (out, weights) if return_attention else out


def count_parameters(module: nn.Module) -> int:
    """Number of trainable parameters (scalars) in a module."""
    return sum(p.numel() for p in module.parameters() if p.requires_grad)
