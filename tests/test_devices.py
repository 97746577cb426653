"""The one device rule (lstmlib.devices), and a pretend GPU that catches what a real one catches.

There is no GPU here, so tests/fake_cuda.py plays one: tensors on "cuda" are CPU tensors that say they
are on cuda:0 and fail the way a real GPU fails (mixing devices, .numpy() on GPU data). A real GPU run
is still owed. The chapters themselves run on it in tests/test_notebook_clients.py.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch

from fake_cuda import FakeCuda
from lstmlib.data import adding_problem
from lstmlib.devices import ENV_VAR, default_device, model_device, on_device, to_numpy
from lstmlib.torch_models import RecurrentRegressor
from lstmlib.training import train


def test_default_device_follows_cuda_and_the_environment(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert default_device() == torch.device("cpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert default_device() == torch.device("cuda")
    monkeypatch.setenv(ENV_VAR, "cpu")
    assert default_device() == torch.device("cpu")
    monkeypatch.setenv(ENV_VAR, "gpu please")
    with pytest.raises(ValueError, match=r"LSTMLIB_DEVICE must name a torch device.*'gpu please'"):
        default_device()


def test_on_device_and_to_numpy():
    model = RecurrentRegressor("lstm", 2, 4, 1, seed=0)
    assert model_device(model) == torch.device("cpu")
    assert model_device(torch.nn.ReLU()) == torch.device("cpu")       # no parameters: the CPU
    x = on_device(np.zeros((3, 2, 2)), model)
    assert x.dtype == torch.float32 and x.device == torch.device("cpu")
    assert on_device(np.arange(3), "cpu").dtype == torch.int64
    assert on_device([1.5], x, dtype=torch.float64).dtype == torch.float64
    np.testing.assert_array_equal(to_numpy(torch.ones(2, requires_grad=True)), np.ones(2))
    with pytest.raises(TypeError, match="where must be a model, a tensor or a device, got list"):
        on_device(np.zeros(2), [1])
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got str"):
        model_device("cpu")
    with pytest.raises(TypeError, match="to_numpy needs a torch.Tensor, got ndarray"):
        to_numpy(np.zeros(2))


def test_fake_cuda_catches_the_mistakes_a_gpu_catches():
    """The planted faults: the two ways chapters 4-6 used to crash on a CUDA runtime."""
    x, _ = adding_problem(4, 10, seed=1)
    with FakeCuda():
        model = RecurrentRegressor("lstm", 2, 8, 1, seed=0)
        train(model, lambda s: adding_problem(16, 10, seed=s), steps=2, lr=1e-2)
        assert model_device(model) == torch.device("cuda", 0)
        with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
            model(torch.tensor(x, dtype=torch.float32))                      # CPU data, CUDA model
        with pytest.raises(TypeError, match="can't convert cuda:0 device type tensor to numpy"):
            model.head.weight.detach().numpy()                               # GPU weights to NumPy
        with pytest.raises(TypeError, match="can't convert cuda:0"):
            np.asarray(model(on_device(x, model)).detach())
        # What the chapters do now works: data follow the model, results come back through to_numpy.
        out = to_numpy(model(on_device(x, model)))
        assert out.shape == (4, 1)
        # 0-dimensional CPU tensors mix with CUDA ones, as on a real GPU.
        assert (model(on_device(x, model)) * torch.tensor(2.0)).device == torch.device("cuda", 0)


def test_training_on_fake_cuda_matches_the_cpu():
    """The loop puts model and data on default_device(); on the pretend GPU it computes what the CPU does."""
    batch = lambda s: adding_problem(16, 10, seed=s)  # noqa: E731
    cpu = train(RecurrentRegressor("gru", 2, 8, 1, seed=0), batch, steps=5, lr=1e-2, eval_every=5)
    with FakeCuda() as fake:
        model = RecurrentRegressor("gru", 2, 8, 1, seed=0)
        gpu = train(model, batch, steps=5, lr=1e-2, eval_every=5)
        assert model_device(model).type == "cuda"
    assert fake.created["moved"] > 0
    np.testing.assert_allclose(gpu.loss, cpu.loss, rtol=1e-6)
    np.testing.assert_allclose(gpu.eval_loss, cpu.eval_loss, rtol=1e-6)


# Every chapter, run on a (pretend) GPU: tests/test_notebook_clients.py runs each published notebook on
# a stand-in for a Colab GPU runtime, so a chapter runs once for both (see issue 19).


def test_packing_takes_cpu_lengths_beside_gpu_data_and_refuses_gpu_lengths():
    """As on a real GPU: pack_padded_sequence wants its lengths on the CPU, whatever the data's device."""
    from torch.nn.utils.rnn import pack_padded_sequence

    with FakeCuda():
        x = torch.zeros(5, 3, 2).to("cuda")
        packed = pack_padded_sequence(x, torch.tensor([5, 3, 1]), enforce_sorted=False)
        assert packed.data.device.type == "cuda"
        with pytest.raises(RuntimeError, match="'lengths' argument should be a 1D CPU int64 tensor"):
            pack_padded_sequence(x, torch.tensor([5, 3, 1]).to("cuda"), enforce_sorted=False)
        with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
            x + torch.ones(5, 3, 2)                       # the mixing check still holds elsewhere


def test_a_packed_lstm_runs_forward_and_backward_on_the_pretend_gpu():
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    with FakeCuda():
        lstm = torch.nn.LSTM(2, 4).to("cuda")
        x = torch.randn(5, 3, 2).to("cuda")
        packed = pack_padded_sequence(x, torch.tensor([5, 3, 1]), enforce_sorted=False)
        out, (h_n, _) = lstm(packed)
        padded, lengths = pad_packed_sequence(out, total_length=5)
        assert padded.device.type == "cuda" and lengths.device.type == "cpu"
        (padded.sum() + h_n.sum()).backward()
        assert lstm.weight_hh_l0.grad.device.type == "cuda"
