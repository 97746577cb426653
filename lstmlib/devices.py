"""The book's one device rule: where PyTorch work runs, and how data follow the model there.

    device = default_device()              # CUDA when a GPU is present, else the CPU
    device = model_device(model)           # the device the model's weights are on
    x = on_device(x_numpy, model)          # NumPy -> tensor on the model's device
    a = to_numpy(tensor)                   # any tensor (CPU or CUDA) -> NumPy

Every chapter and every ``lstmlib`` function follows it: the training loop puts the model on
``default_device()``, and data follow the model (``on_device``), never the other way round. Reading
results back goes through ``to_numpy``, which copies from the GPU first (``.numpy()`` on a CUDA tensor
raises). ``LSTMLIB_DEVICE=cpu`` (or ``cuda``, ``cuda:1``) in the environment overrides the choice.
"""
from __future__ import annotations

import os

import numpy as np
import torch

ENV_VAR = "LSTMLIB_DEVICE"


def default_device() -> torch.device:
    """``$LSTMLIB_DEVICE`` when set, else CUDA when a GPU is present, else the CPU."""
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen:
        try:
            return torch.device(chosen)
        except RuntimeError as err:
            raise ValueError(f"{ENV_VAR} must name a torch device such as 'cpu' or 'cuda', "
                             f"got {chosen!r}") from err
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def model_device(model: torch.nn.Module) -> torch.device:
    """The device of the model's first parameter (or buffer); the CPU for a model with neither."""
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    for t in model.parameters():
        return t.device
    for t in model.buffers():
        return t.device
    return torch.device("cpu")


def _target(where) -> torch.device:
    if isinstance(where, torch.nn.Module):
        return model_device(where)
    if isinstance(where, torch.Tensor):
        return where.device
    if isinstance(where, (str, torch.device)):
        return torch.device(where)
    raise TypeError(f"where must be a model, a tensor or a device, got {type(where).__name__}")


def on_device(a, where, dtype: torch.dtype | None = None) -> torch.Tensor:
    """``a`` (NumPy array, number or tensor) as a tensor on the device of ``where`` (a model, a tensor or
    a device). dtype None: NumPy floats become float32 (the models' dtype), integers int64."""
    t = torch.as_tensor(a)
    if dtype is None:
        dtype = torch.float32 if t.is_floating_point() else torch.int64
    return t.to(device=_target(where), dtype=dtype)


def to_numpy(t: torch.Tensor) -> np.ndarray:
    """A tensor on any device, detached and copied to the CPU, as a NumPy array."""
    if not isinstance(t, torch.Tensor):
        raise TypeError(f"to_numpy needs a torch.Tensor, got {type(t).__name__}")
    return t.detach().cpu().numpy()
