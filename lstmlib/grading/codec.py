"""The transport between the grader and the sandboxed child: length-prefixed frames of plain JSON.

A value is JSON (null, bool, numbers, strings) or one of these tagged nodes: ``{"tuple": [...]}``,
``{"list": [...]}``, ``{"dict": {str: ...}}``, ``{"nd": [dtype, shape, base64 bytes]}`` for a NumPy array or
scalar (dtype as NumPy spells it with its byte order, e.g. ``">f8"``, ``"<i4"``, ``"<f16"``), and
``{"opaque": "what it was"}`` for anything else. Never pickle: decoding builds only plain data and runs no
code. The child side (``encode``, ``write_frame``) runs inside the sandbox and is imported there by file
path: standard library + NumPy only. The parent side (``read_frames``, ``decode``) trusts nothing: every
frame is size-limited, every node checked, and numeric arrays come back as native-order float64 (or
bool/int64 when they were integers and fit), whatever type or byte order the child sent.
"""
import base64
import json
import re
import struct

import numpy as np

MAX_DEPTH = 32
HEADER = struct.Struct(">I")          # 4-byte big-endian length before every frame
_DTYPE = re.compile(r"^[<>|=]?[biuf][1-9][0-9]?$")  # bool, int, uint, float of any width and byte order


class FrameError(ValueError):
    """The child sent something that is not a well-formed frame (or too much of it)."""


class Opaque:
    """Stands for a value the transport does not carry (a complex array, a custom object...)."""

    def __init__(self, describe):
        self.describe = str(describe)[:200]

    def __repr__(self):
        return f"<{self.describe}>"


# ---- child side ----------------------------------------------------------------------------------------

def encode(x, depth=0):
    """x -> a JSON-able structure (exact types only: a subclass is described, not trusted)."""
    if depth > MAX_DEPTH:
        return {"opaque": "a structure nested too deeply"}
    if x is None or type(x) in (bool, str):
        return x
    if type(x) is int:
        return x if -2**63 <= x < 2**63 else float(x)
    if type(x) is float:
        return x
    if isinstance(x, (np.ndarray, np.generic)) and type(x).__module__ == "numpy":
        arr = np.asarray(x)
        if arr.dtype.kind not in "biuf":
            return {"opaque": f"an array of dtype {arr.dtype}"}
        # tobytes() is C order whatever the layout (np.ascontiguousarray would turn a 0-d array into 1-d)
        return {"nd": [arr.dtype.str, list(arr.shape), base64.b64encode(arr.tobytes()).decode("ascii")]}
    if type(x) is tuple:
        return {"tuple": [encode(v, depth + 1) for v in x]}
    if type(x) is list:
        return {"list": [encode(v, depth + 1) for v in x]}
    if type(x) is dict:
        if not all(type(k) is str for k in x):
            return {"opaque": "a dict whose keys are not all strings"}
        return {"dict": {k: encode(v, depth + 1) for k, v in x.items()}}
    return {"opaque": f"an object of type {type(x).__name__}"}


def frame_bytes(msg) -> bytes:
    data = json.dumps(msg, allow_nan=True, separators=(",", ":")).encode("utf-8", "backslashreplace")
    return HEADER.pack(len(data)) + data


# ---- parent side ---------------------------------------------------------------------------------------

def _number_array(dtype: str, shape, data: str):
    if not isinstance(dtype, str) or not _DTYPE.match(dtype):
        raise FrameError(f"unsupported array dtype {str(dtype)[:40]!r} (expected a bool, int or float dtype)")
    if not isinstance(shape, list) or len(shape) > 32 or not all(type(n) is int and n >= 0 for n in shape):
        raise FrameError(f"bad array shape {str(shape)[:80]}")
    if not isinstance(data, str):
        raise FrameError("array bytes must be a base64 string")
    dt = np.dtype(dtype)
    raw = base64.b64decode(data.encode("ascii"), validate=True)
    count = 1
    for n in shape:
        count *= n
    if count * dt.itemsize != len(raw):
        raise FrameError(f"array byte count {len(raw)} does not match dtype {dtype} and shape {shape}")
    arr = np.frombuffer(raw, dtype=dt).reshape(shape)
    if dt.kind == "b":
        return arr.astype(bool)
    if dt.kind in "iu" and dt.itemsize <= 8 and (dt.kind == "i" or dt.itemsize < 8):
        return arr.astype(np.int64)  # exact, native byte order
    return arr.astype(np.float64)  # any float (half .. longdouble), big uints, any byte order


def decode(x, depth=0):
    """The inverse of ``encode``; raises FrameError on anything malformed."""
    if depth > MAX_DEPTH + 1:
        raise FrameError("nested too deeply")
    if x is None or type(x) in (bool, float, str):
        return x
    if type(x) is int:
        return x if -2**63 <= x < 2**63 else float(x)
    if type(x) is not dict or len(x) != 1:
        raise FrameError(f"malformed value node {str(x)[:80]!r}")
    (tag, body), = x.items()
    if tag == "nd":
        if not isinstance(body, list) or len(body) != 3:
            raise FrameError("an array node needs [dtype, shape, bytes]")
        return _number_array(*body)
    if tag in ("tuple", "list"):
        if not isinstance(body, list):
            raise FrameError(f"a {tag} node needs a list")
        items = [decode(v, depth + 1) for v in body]
        return tuple(items) if tag == "tuple" else items
    if tag == "dict":
        if not isinstance(body, dict):
            raise FrameError("a dict node needs an object")
        return {str(k): decode(v, depth + 1) for k, v in body.items()}
    if tag == "opaque":
        return Opaque(body)
    raise FrameError(f"unknown tag {str(tag)[:40]!r}")


class FrameReader:
    """Splits a byte stream into frames; refuses a frame larger than ``max_frame`` bytes and a stream
    larger than ``max_total`` (the caller then kills the child)."""

    def __init__(self, max_frame: int, max_total: int):
        self.max_frame, self.max_total = max_frame, max_total
        self.buffer, self.total, self.frames = b"", 0, []

    def feed(self, chunk: bytes) -> None:
        self.total += len(chunk)
        if self.total > self.max_total:
            raise FrameError(f"sent back more than {self.max_total >> 20} MB of results (output limit)")
        self.buffer += chunk
        while len(self.buffer) >= HEADER.size:
            (n,) = HEADER.unpack_from(self.buffer)
            if n > self.max_frame:
                raise FrameError(f"sent back a result larger than {self.max_frame >> 20} MB (output limit)")
            if len(self.buffer) < HEADER.size + n:
                return
            data, self.buffer = self.buffer[HEADER.size:HEADER.size + n], self.buffer[HEADER.size + n:]
            try:
                msg = json.loads(data.decode("utf-8"))
            except (ValueError, RecursionError) as exc:
                raise FrameError(f"sent a frame that is not JSON ({type(exc).__name__})") from None
            if not isinstance(msg, dict):
                raise FrameError("sent a frame that is not a JSON object")
            self.frames.append(msg)


def loads(text: str):
    """Decode one JSON value (tests and tools)."""
    return decode(json.loads(text))


def dumps(x) -> str:
    return json.dumps(encode(x), allow_nan=True, separators=(",", ":"))
