"""lstmlib.numpy_forward / numpy_backward against torch.nn.RNN, GRU and LSTM in float64, over a grid of
configurations (kind, layers, directions, batch_first, bias, given or zero initial state), and a
planted fault (the gates read in CS231n's order) that the same comparison must catch."""
from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
import torch
from torch import nn

import lstmlib
import lstmlib.nn_mirror as mirror

TOL = 1e-10
T, N, D, H = 5, 3, 4, 3
KINDS = {"rnn_tanh": lambda **kw: nn.RNN(D, H, nonlinearity="tanh", **kw),
         "rnn_relu": lambda **kw: nn.RNN(D, H, nonlinearity="relu", **kw),
         "gru": lambda **kw: nn.GRU(D, H, **kw), "lstm": lambda **kw: nn.LSTM(D, H, **kw)}
GRID = list(itertools.product(KINDS, (1, 2, 3), (False, True), (False, True), (True, False), (False, True)))


def make(kind, num_layers=1, bidirectional=False, batch_first=False, bias=True, seed=0):
    torch.manual_seed(seed)
    return KINDS[kind](num_layers=num_layers, bidirectional=bidirectional, batch_first=batch_first,
                       bias=bias).double().eval()


def inputs(module, with_state, unbatched=False, seed=1):
    """x and hx (NumPy) as the module expects them, and seeded upstream gradients for output and state."""
    rng = np.random.default_rng(seed)
    S = module.num_layers * (2 if module.bidirectional else 1)
    if unbatched:
        x, sshape = rng.normal(size=(T, D)), (S, H)
    else:
        x, sshape = rng.normal(size=(N, T, D) if module.batch_first else (T, N, D)), (S, N, H)
    lstm = isinstance(module, nn.LSTM)
    hx = None
    if with_state:
        hx = (rng.normal(size=sshape), rng.normal(size=sshape)) if lstm else rng.normal(size=sshape)
    return x, hx, rng


def max_differences(module, x, hx, rng) -> dict:
    """Largest |numpy - torch| over the outputs, the states and every gradient, by name."""
    lstm = isinstance(module, nn.LSTM)
    output, state, cache = lstmlib.numpy_forward(module, x, hx)
    d_out = rng.normal(size=output.shape)
    states = state if lstm else (state,)
    d_states = tuple(rng.normal(size=s.shape) for s in states)
    grads = lstmlib.numpy_backward(d_out, d_states if lstm else d_states[0], cache)

    xt = torch.tensor(x, requires_grad=True)
    hxt = None if hx is None else tuple(torch.tensor(h, requires_grad=True) for h in (hx if lstm else (hx,)))
    module.zero_grad()
    out_t, state_t = module(xt, None if hxt is None else (hxt if lstm else hxt[0]))
    states_t = state_t if lstm else (state_t,)
    loss = (out_t * torch.tensor(d_out)).sum() + sum((s * torch.tensor(g)).sum() for s, g in zip(states_t, d_states))
    loss.backward()

    diff = {"output": np.abs(output - out_t.detach().numpy()).max()}
    for name, s, st in zip(("h_n", "c_n"), states, states_t):
        diff[name] = np.abs(s - st.detach().numpy()).max()
    expected = {name: p.grad.numpy() for name, p in module.named_parameters()}
    expected["x"] = xt.grad.numpy()
    if hxt is not None:
        for name, h in zip(("hx", "cx"), hxt):
            expected[name] = h.grad.numpy()
    assert set(expected) - {"hx", "cx"} <= set(grads)
    for name, g in expected.items():
        assert grads[name].shape == g.shape, name
        diff[name] = np.abs(grads[name] - g).max()
    return diff


@pytest.mark.parametrize("kind, layers, bidirectional, batch_first, bias, with_state", GRID)
def test_forward_and_backward_match_torch(kind, layers, bidirectional, batch_first, bias, with_state):
    module = make(kind, layers, bidirectional, batch_first, bias)
    diff = max_differences(module, *inputs(module, with_state))
    assert max(diff.values()) < TOL, {k: v for k, v in diff.items() if v >= TOL}


@pytest.mark.parametrize("kind", KINDS)
def test_unbatched_input_matches_torch(kind):
    module = make(kind, num_layers=2, bidirectional=True)
    diff = max_differences(module, *inputs(module, with_state=True, unbatched=True))
    assert max(diff.values()) < TOL


def test_gradient_keys_are_torch_names_in_torch_order():
    module = make("lstm", num_layers=2, bidirectional=True, bias=False)
    x, hx, _ = inputs(module, with_state=False)
    output, state, cache = lstmlib.numpy_forward(module, x)
    grads = lstmlib.numpy_backward(np.ones_like(output), None, cache)
    assert list(grads) == [name for name, _ in module.named_parameters()] + ["x", "hx", "cx"]
    assert output.shape == (T, N, 2 * H) and state[0].shape == (4, N, H)


def test_float32_input_gives_float32_results_close_to_torch():
    module = make("gru", num_layers=2).float()
    x = np.random.default_rng(0).normal(size=(T, N, D)).astype(np.float32)
    output, h_n, _ = lstmlib.numpy_forward(module, x)
    assert output.dtype == np.float32 and h_n.dtype == np.float32
    with torch.no_grad():
        expected = module(torch.from_numpy(x))[0].numpy()
    assert np.abs(output - expected).max() < 1e-5


def test_dropout_is_not_applied_as_in_eval_mode():
    torch.manual_seed(0)
    module = nn.LSTM(D, H, num_layers=2, dropout=0.5).double().eval()
    x, _, rng = inputs(module, with_state=False)
    assert max(max_differences(module, x, None, rng).values()) < TOL


def test_planted_gate_order_fault_is_caught(monkeypatch):
    """Read PyTorch's rows (i, f, g, o) as if they were CS231n's (i, f, o, g): the comparison that
    passes above must now report large differences, or it could not catch a wrong layout."""
    module = make("lstm", num_layers=2, bidirectional=True)
    correct = mirror._layer_params

    def cs231n_order(module, spec, layer, d):
        p = correct(module, spec, layer, d)
        order = np.r_[0:2 * H, 3 * H:4 * H, 2 * H:3 * H]       # swap the g and o blocks
        return {name: value[order] for name, value in p.items()}

    x, hx, rng = inputs(module, with_state=True)
    assert max(max_differences(module, x, hx, np.random.default_rng(7)).values()) < TOL
    monkeypatch.setattr(mirror, "_layer_params", cs231n_order)
    diff = max_differences(module, x, hx, np.random.default_rng(7))
    assert diff["output"] > 1e-2 and diff["weight_ih_l0"] > 1e-2


def test_planted_direction_fault_is_caught(monkeypatch):
    """Run the reverse direction over the sequence in forward order (the flip forgotten): the same
    comparison must catch it."""
    module = make("gru", bidirectional=True)
    x, hx, _ = inputs(module, with_state=False)
    real, calls = mirror._cell_forward, []

    def unflipped(spec, seq, h0, c0, p):
        calls.append(seq)
        return real(spec, seq[::-1] if len(calls) % 2 == 0 else seq, h0, c0, p)   # calls 2, 4: reverse

    monkeypatch.setattr(mirror, "_cell_forward", unflipped)
    diff = max_differences(module, x, hx, np.random.default_rng(3))
    assert diff["output"] > 1e-2


@pytest.mark.parametrize("call, message", [
    (lambda: lstmlib.numpy_forward(nn.Linear(3, 4), np.zeros((2, 1, 3))),
     "expected a torch nn.RNN, nn.GRU or nn.LSTM module, got Linear"),
    (lambda: lstmlib.numpy_forward(nn.LSTM(3, 4, proj_size=2), np.zeros((2, 1, 3))),
     "proj_size=0 expected, got proj_size=2"),
    (lambda: lstmlib.numpy_forward(nn.GRU(3, 4), np.zeros((2, 1, 5))),
     "x must be (T, N, D) with D=3, got shape (2, 1, 5)"),
    (lambda: lstmlib.numpy_forward(nn.GRU(3, 4, batch_first=True), np.zeros((2, 5))),
     "x must be (T, D) with D=3, got shape (2, 5)"),
    (lambda: lstmlib.numpy_forward(nn.GRU(3, 4, num_layers=2), np.zeros((2, 1, 3)), np.zeros((1, 1, 4))),
     "hx must be (S, N, H) with S=2, N=1, H=4, got shape (1, 1, 4)"),
    (lambda: lstmlib.numpy_forward(nn.LSTM(3, 4), np.zeros((2, 1, 3)), np.zeros((1, 1, 4))),
     "hx must be a pair (h0, c0)"),
])
def test_bad_input_is_refused_clearly(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_bad_upstream_gradient_is_refused_clearly():
    module = make("lstm", bidirectional=True, batch_first=True)
    x, _, _ = inputs(module, with_state=False)
    output, _, cache = lstmlib.numpy_forward(module, x)
    with pytest.raises(ValueError, match=re.escape("d_output must be (N, T, 2H) with N=3, T=5, H=3, got shape (5, 3, 6)")):
        lstmlib.numpy_backward(np.zeros((T, N, 2 * H)), None, cache)
    with pytest.raises(ValueError, match=re.escape("d_state must be a pair (dh_n, dc_n)")):
        lstmlib.numpy_backward(None, np.zeros((2, N, H)), cache)
    with pytest.raises(ValueError, match=re.escape("cache must be the third value returned by numpy_forward")):
        lstmlib.numpy_backward(None, None, {"x": x})


def test_import_lstmlib_does_not_import_torch():
    import subprocess
    import sys

    code = "import sys, lstmlib; assert lstmlib.numpy_forward; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
