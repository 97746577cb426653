"""The student-side ``check("q1")`` and the one comparison both it and the grader use.

This file's source is copied verbatim into the first cell of every student notebook (so a notebook works
on Colab or Binder without installing lstmlib), wrapped in a function: keep it NumPy-only, with no
relative imports and no ``from __future__``. It never sees a reference solution or a hidden case: a notebook
embeds only its public cases and their expected outputs. The grader imports ``compare`` from here and calls
it in its own process, on values that came back from the sandbox.
"""
import copy
import math
import sys

import numpy as np


def _numeric(x):
    """x as a real numeric ndarray, or None when it is not numbers (None, strings, objects...)."""
    if isinstance(x, (bool, np.bool_)):
        return np.asarray(x)
    try:
        arr = np.asarray(x)
    except Exception:
        return None
    if arr.dtype.kind not in "biuf":
        return None
    return arr


def _kind(x):
    if type(x).__name__ == "Opaque":  # a value the grader's transport could not carry (see codec.py)
        return x.describe
    return type(x).__name__ if not isinstance(x, np.ndarray) else f"array of dtype {x.dtype}"


def compare(got, expected, rtol=1e-6, atol=1e-8, shape=True, dtype=False, reveal=True, where="output"):
    """(ok, message). ``reveal=False`` keeps expected values and error sizes out of the message (hidden
    cases and value questions); shapes, dtypes and key names are always said."""
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return False, f"{where}: expected a tuple of {len(expected)} items, got {_kind(got)}"
        if len(got) != len(expected):
            return False, f"{where}: expected {len(expected)} items, got {len(got)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            ok, msg = compare(g, e, rtol, atol, shape, dtype, reveal, f"{where}[{i}]")
            if not ok:
                return ok, msg
        return True, ""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return False, f"{where}: expected a dict with keys {sorted(expected)}, got {_kind(got)}"
        missing, extra = sorted(set(expected) - set(got)), sorted(map(str, set(got) - set(expected)))
        if missing or extra:
            return False, f"{where}: missing keys {missing}, unexpected keys {extra}"
        for key in expected:
            ok, msg = compare(got[key], expected[key], rtol, atol, shape, dtype, reveal, f"{where}[{key!r}]")
            if not ok:
                return ok, msg
        return True, ""
    if isinstance(expected, str) or expected is None:
        return (got == expected, "" if got == expected else
                f"{where}: expected {expected!r}, got {_kind(got)}" if reveal else f"{where}: not the expected value")
    exp, arr = np.asarray(expected), _numeric(got)
    if arr is None:
        return False, f"{where}: expected numbers, got {_kind(got)}" + (" (did you forget a return?)" if got is None else "")
    if shape and arr.shape != exp.shape:
        return False, f"{where}: expected shape {exp.shape}, got {arr.shape}"
    if dtype and arr.dtype != exp.dtype:
        return False, f"{where}: expected dtype {exp.dtype}, got {arr.dtype}"
    try:
        arr_b, exp_b = np.broadcast_arrays(arr.astype(np.float64), exp.astype(np.float64))
    except ValueError:
        return False, f"{where}: expected shape {exp.shape}, got {arr.shape}"
    nan_got = np.isnan(arr_b) & ~np.isnan(exp_b)
    if nan_got.any():
        return False, f"{where}: contains NaN ({int(nan_got.sum())} of {arr_b.size} values)"
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(arr_b - exp_b)
        close = (diff <= atol + rtol * np.abs(exp_b)) | (arr_b == exp_b) | (np.isnan(arr_b) & np.isnan(exp_b))
    if close.all():
        return True, ""
    bad = int((~close).sum())
    if not reveal:
        return False, f"{where}: {bad} of {close.size} values differ from the expected ones"
    worst = np.unravel_index(int(np.nanargmax(np.where(close, -1.0, diff))), diff.shape) if diff.ndim else ()
    return False, (f"{where}: {bad} of {close.size} values differ; the largest difference is "
                   f"{float(diff[worst]):.3g} at index {tuple(int(i) for i in worst)} "
                   f"(got {float(arr_b[worst]):.6g}, expected {float(exp_b[worst]):.6g})")


def make_check(set_id, public):
    """Return ``check(qid)`` for one exercise set. ``public[qid]`` is a dict: ``function`` and ``cases``
    [(args, kwargs, note, expected)], ``compare``, ``hint``; or ``variable``, ``range``, ``shape``."""

    def check(qid):
        """Run the public checks of question ``qid`` (e.g. "q1") on your answer and print what happened."""
        if qid not in public:
            print(f"{set_id} has no question {qid!r}; its questions are {', '.join(public)}.")
            return
        spec, user = public[qid], sys._getframe(1).f_globals
        lines = _check_value(qid, spec, user) if "variable" in spec else _check_function(qid, spec, user)
        print("\n".join(lines))

    return check


def _check_value(qid, spec, user):
    name = spec["variable"]
    value = user.get(name)
    if value is None:
        return [f"{qid}: {name} is not set yet (it is None or missing): assign your answer to {name}."]
    arr = _numeric(value)
    if arr is None or arr.dtype.kind == "b":
        return [f"{qid}: {name} should be a number, got {_kind(value)}."]
    if tuple(arr.shape) != tuple(spec.get("shape", ())):
        return [f"{qid}: {name} should have shape {tuple(spec.get('shape', ()))}, got {arr.shape}."]
    if not np.all(np.isfinite(arr)):
        return [f"{qid}: {name} contains NaN or infinity."]
    lo, hi = spec.get("range") or (-math.inf, math.inf)
    if not (np.all(arr >= lo) and np.all(arr <= hi)):
        return [f"{qid}: {name} should lie between {lo} and {hi}; check your reasoning."]
    return [f"{qid}: {name} is a number in the plausible range [{lo}, {hi}]. "
            "Its value is checked only by the grader."]


def _check_function(qid, spec, user):
    name, cases = spec["function"], spec["cases"]
    fn = user.get(name)
    if not callable(fn):
        return [f"{qid}: {name} is not defined yet: run the cell where you write it."]
    lines, passed, attempted = [], 0, 0
    for k, (args, kwargs, note, expected) in enumerate(cases, 1):
        label = f"  Case {k}" + (f" ({note})" if note else "")
        try:
            got = fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        except NotImplementedError:
            lines.append(f"{label}: not implemented yet (it raises NotImplementedError).")
            continue
        except Exception as exc:
            attempted += 1
            lines.append(f"{label}: raised {type(exc).__name__}: {exc}")
            continue
        attempted += 1
        ok, msg = compare(got, expected, **spec["compare"])
        passed += ok
        lines.append(f"{label}: ok" if ok else f"{label}: {msg}")
    head = f"{qid}: {passed}/{len(cases)} public checks passed."
    if passed == len(cases):
        head += " The grader also runs hidden checks."
    elif attempted and spec.get("hint"):
        # Only after a failed attempt: an unanswered question (every case raises NotImplementedError,
        # as on the book's executed pages) shows no hint, so nobody reads it before trying.
        lines.append(f"  Hint: {spec['hint']}")
    return [head] + lines
