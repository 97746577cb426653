"""A pretend GPU for testing device handling on a machine without one.

While ``FakeCuda()`` is active, ``torch.cuda.is_available()`` is True, so lstmlib's device rule picks
"cuda". Tensors "on cuda" are ordinary CPU tensors of the subclass ``OnFakeCuda``: they report
``device == cuda:0``, every result computed from them is on fake CUDA too, and the mistakes that crash
on a real GPU crash here as well, with PyTorch's own wording:

* an operation mixing a fake-CUDA tensor with a CPU tensor of one or more dimensions (0-dimensional CPU
  tensors are allowed, as on CUDA) raises "Expected all tensors to be on the same device";
* ``.numpy()`` (and so ``np.asarray``) on a fake-CUDA tensor raises "can't convert cuda:0 device type
  tensor to numpy".

``.to("cuda")``, ``.cuda()``, ``module.to("cuda")`` and factories with ``device="cuda"`` create fake-CUDA
tensors; ``.cpu()`` and ``.to("cpu")`` give plain CPU tensors back. Counts of what was created are kept
in ``FakeCuda.created`` so a test can check that the GPU path was taken at all.

Written by hand because no library simulates a CUDA device on the CPU: ``torch.device("meta")`` has no
values (``.item()`` fails), and PyTorch's fake-tensor mode does not run real arithmetic.
"""
from __future__ import annotations

import contextlib
from unittest import mock

import torch
from torch.overrides import TorchFunctionMode

CUDA = torch.device("cuda", 0)


# ops whose second argument is a packed sequence's lengths or batch sizes, which stay on the CPU
_PACKED_OPS = ("_pack_padded_sequence", "_pad_packed_sequence", "lstm", "gru", "rnn_tanh", "rnn_relu")


def _is_cuda(device) -> bool:
    if device is None:
        return False
    if isinstance(device, int):          # t.to(0) means cuda:0
        return True
    try:
        return torch.device(device).type == "cuda"
    except (RuntimeError, TypeError):
        return False


def _is_cpu(device) -> bool:
    try:
        return device is not None and not isinstance(device, int) and torch.device(device).type == "cpu"
    except (RuntimeError, TypeError):
        return False


def _tensors(obj):
    if isinstance(obj, torch.Tensor):
        yield obj
    elif isinstance(obj, (list, tuple)):
        for o in obj:
            yield from _tensors(o)
    elif isinstance(obj, dict):
        for o in obj.values():
            yield from _tensors(o)


def _to_plain(t: torch.Tensor) -> torch.Tensor:
    return t.as_subclass(torch.Tensor) if type(t) is not torch.Tensor else t


def _to_fake(obj):
    if isinstance(obj, torch.Tensor):
        if isinstance(obj, OnFakeCuda):
            return obj
        if isinstance(obj, torch.nn.Parameter):
            obj.__class__ = FakeCudaParameter
            return obj
        return obj.as_subclass(OnFakeCuda)
    if isinstance(obj, (list, tuple)):
        return type(obj)(_to_fake(o) for o in obj)
    return obj


_NAMES_TO_CPU = {"cpu"}
_NAMES_TO_NUMPY = {"numpy", "__array__"}


class OnFakeCuda(torch.Tensor):
    """A CPU tensor that plays a tensor on cuda:0 (see the module docstring)."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = getattr(func, "__name__", "")
        if name == "__get__" and getattr(getattr(func, "__self__", None), "__name__", "") == "device":
            return CUDA
        if name in _NAMES_TO_NUMPY:
            raise TypeError("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy "
                            "the tensor to host memory first.")
        if name == "cpu" or (name == "to" and _moves_to_cpu(args, kwargs)):
            with torch._C.DisableTorchFunctionSubclass():
                out = func(*args, **kwargs)
            return _to_plain(out).clone() if out is args[0] else _to_plain(out)
        inputs = list(_tensors(args)) + list(_tensors(kwargs))
        sizes = args[1] if name in _PACKED_OPS and len(args) > 1 else None
        if isinstance(sizes, torch.Tensor) and not sizes.is_floating_point():
            # Packed sequences keep their lengths / batch sizes on the CPU whatever the data's device, and
            # a real GPU refuses lengths on CUDA: CPU ones beside CUDA data are right, CUDA ones wrong.
            if isinstance(sizes, OnFakeCuda) and name == "_pack_padded_sequence":
                raise RuntimeError("'lengths' argument should be a 1D CPU int64 tensor, but got 1D cuda:0 "
                                   "Long tensor (fake CUDA)")
            inputs = [t for t in inputs if t is not sizes]
        plain = [t for t in inputs if not isinstance(t, OnFakeCuda) and t.dim() > 0]
        if plain and any(isinstance(t, OnFakeCuda) for t in inputs):
            raise RuntimeError("Expected all tensors to be on the same device, but found at least two "
                               f"devices, cuda:0 and cpu! (in {name or func}, fake CUDA)")
        with torch._C.DisableTorchFunctionSubclass():
            out = func(*args, **kwargs)
        if name in ("__get__", "__set__") and not isinstance(out, torch.Tensor):
            return out
        if name in ("_pack_padded_sequence", "_pad_packed_sequence"):     # (data, CPU batch sizes / lengths)
            return _to_fake(out[0]), _to_plain(out[1])
        return _to_fake(out)


class FakeCudaParameter(OnFakeCuda, torch.nn.Parameter):
    """A model parameter moved to fake CUDA in place (its class is swapped, its identity kept)."""


def _moves_to_cpu(args, kwargs) -> bool:
    try:
        device = torch._C._nn._parse_to(*args[1:], **kwargs)[0]
    except (RuntimeError, TypeError):
        return False
    return device is not None and device.type == "cpu"


def _moves_to_cuda(args, kwargs) -> bool:
    try:
        device = torch._C._nn._parse_to(*args[1:], **kwargs)[0]
    except (RuntimeError, TypeError):
        return False
    return device is not None and device.type == "cuda"


class _Mode(TorchFunctionMode):
    """Turns requests for "cuda" into fake-CUDA tensors: factories with device=cuda and .to/.cuda."""

    def __init__(self, counts):
        super().__init__()
        self.counts = counts

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        name = getattr(func, "__name__", "")
        if name == "cuda" and args and isinstance(args[0], torch.Tensor):
            self.counts["moved"] += 1
            return _to_fake(args[0].clone() if type(args[0]) is torch.Tensor else args[0])
        if name == "to" and args and isinstance(args[0], torch.Tensor) and _moves_to_cuda(args, kwargs):
            _, dtype, non_blocking, memory_format = torch._C._nn._parse_to(*args[1:], **kwargs)
            src = args[0]
            out = src if dtype is None else func(src, dtype=dtype, non_blocking=non_blocking)
            if isinstance(src, OnFakeCuda):
                return out
            self.counts["moved"] += 1
            # A real move makes a new tensor, so the CPU original stays on the CPU (a parameter moved by
            # module.to is the exception: PyTorch swaps its data in place, so we swap its class).
            return _to_fake(out.clone() if out is src and not isinstance(src, torch.nn.Parameter) else out)
        if _is_cuda(kwargs.get("device")):
            kwargs["device"] = "cpu"
            self.counts["created"] += 1
            return _to_fake(func(*args, **kwargs))
        return func(*args, **kwargs)


class FakeCuda(contextlib.AbstractContextManager):
    """Context manager: a pretend cuda:0 for the code run inside it (see the module docstring)."""

    def __init__(self):
        self.created = {"moved": 0, "created": 0}
        self._stack = contextlib.ExitStack()

    def __enter__(self):
        s = self._stack
        s.enter_context(mock.patch("torch.cuda.is_available", lambda: True))
        s.enter_context(mock.patch("torch.cuda.device_count", lambda: 1))
        s.enter_context(mock.patch("torch.cuda.synchronize", lambda *a, **k: None))
        s.enter_context(mock.patch.object(torch.nn.Module, "cuda",
                                          lambda self, device=None: self.to("cuda")))
        s.enter_context(_Mode(self.created))
        return self

    def __exit__(self, *exc):
        return self._stack.__exit__(*exc)
