"""A safe transport for values between the grader and the sandboxed child: JSON with tagged nodes, arrays as
base64 raw bytes with dtype and shape. Never pickle: decoding runs no code and builds only plain data
(None, bool, int, float, str, list, tuple, dict with str keys, numeric ndarrays).

Imported by the child harness by file path before any student code runs, so: standard library + NumPy only.
"""
import base64
from json import dumps as _json_dumps, loads as _json_loads  # bound now: student code may replace json's

import numpy as np

# The only dtypes an array may decode to: no object arrays, no structured types.
DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64"}
MAX_DEPTH = 32


class Opaque:
    """Stands for a value the codec does not carry (a complex array, a custom object...)."""

    def __init__(self, describe):
        self.describe = str(describe)[:200]

    def __repr__(self):
        return f"<{self.describe}>"


def encode(x, depth=0):
    """x -> a JSON-able structure. Values the codec cannot carry become an Opaque description."""
    if depth > MAX_DEPTH:
        return {"__opaque__": "a structure nested too deeply"}
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, int) and not isinstance(x, bool):
        return x if abs(x) < 2**63 else float(x)
    if isinstance(x, float):
        return float(x)
    if isinstance(x, (np.ndarray, np.generic)):
        arr = np.asarray(x)
        if arr.dtype.name not in DTYPES:
            return {"__opaque__": f"array of dtype {arr.dtype}"}
        arr = np.ascontiguousarray(arr)
        return {"__nd__": [arr.dtype.name, list(arr.shape), base64.b64encode(arr.tobytes()).decode("ascii")]}
    if isinstance(x, tuple):
        return {"__tuple__": [encode(v, depth + 1) for v in x]}
    if isinstance(x, list):
        return {"__list__": [encode(v, depth + 1) for v in x]}
    if isinstance(x, dict):
        if not all(isinstance(k, str) for k in x):
            return {"__opaque__": "a dict whose keys are not all strings"}
        return {"__dict__": {k: encode(v, depth + 1) for k, v in x.items()}}
    return {"__opaque__": f"an object of type {type(x).__name__}"}


def decode(x, depth=0):
    """The inverse of ``encode``; raises ValueError on anything malformed."""
    if depth > MAX_DEPTH + 1:
        raise ValueError("nested too deeply")
    if x is None or isinstance(x, (bool, int, float, str)):
        return x
    if not isinstance(x, dict) or len(x) != 1:
        raise ValueError(f"malformed value node {str(x)[:80]!r}")
    (tag, body), = x.items()
    if tag == "__nd__":
        dtype, shape, data = body
        if dtype not in DTYPES or not all(isinstance(n, int) and n >= 0 for n in shape):
            raise ValueError(f"bad array header {dtype!r} {shape!r}")
        raw = base64.b64decode(data.encode("ascii"), validate=True)
        if int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize != len(raw):
            raise ValueError("array byte count does not match its shape")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if tag == "__tuple__":
        return tuple(decode(v, depth + 1) for v in body)
    if tag == "__list__":
        return [decode(v, depth + 1) for v in body]
    if tag == "__dict__":
        return {str(k): decode(v, depth + 1) for k, v in body.items()}
    if tag == "__opaque__":
        return Opaque(body)
    raise ValueError(f"unknown tag {tag!r}")


def dumps(x) -> str:
    return _json_dumps(encode(x), allow_nan=True, separators=(",", ":"))


def loads(text: str):
    return decode(_json_loads(text))
