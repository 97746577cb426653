"""Expected outputs: run the instructor's trusted code (reference solution, known mistakes) in the grader's
own process. Student code never runs here; see sandbox.py for that."""
from __future__ import annotations

import copy
import functools
from typing import Any

from .spec import Case, ExerciseSet, Question


class ReferenceError_(RuntimeError):
    """The instructor's source is broken (an authoring bug, not a student's)."""


def namespace(exset: ExerciseSet, code: str, label: str) -> dict:
    """Run setup_code then ``code`` in a fresh namespace and return it."""
    ns: dict[str, Any] = {"__name__": f"__{exset.id}_{label}__"}
    try:
        exec(compile(exset.setup_code, f"<{exset.id} setup>", "exec"), ns)
        exec(compile(code, f"<{exset.id} {label}>", "exec"), ns)
    except Exception as exc:  # an authoring bug: say where
        raise ReferenceError_(f"{exset.id} {label}: {type(exc).__name__}: {exc}") from exc
    return ns


def outputs(exset: ExerciseSet, q: Question, code: str, cases: list[Case], label: str) -> list[Any]:
    """What ``code`` gives on each case: the function's return value, or the variable's value.
    An exception on a case is returned as the exception object (mistake code may legitimately fail)."""
    ns = namespace(exset, code, label)
    if q.name not in ns:
        raise ReferenceError_(f"{exset.id} {label}: the code does not define {q.name!r}")
    if q.variable is not None:
        return [ns[q.variable] for _ in cases]
    results = []
    for case in cases:
        try:  # deepcopy: a solution that modifies its inputs must not change the next call's inputs
            results.append(ns[q.function](*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs)))
        except Exception as exc:
            results.append(exc)
    return results


@functools.lru_cache(maxsize=None)
def _cached(exset: ExerciseSet, qid: str, extra: tuple[Case, ...]):
    q = exset.question(qid)
    cases = [c for _, c in q.cases(extra)]
    expected = outputs(exset, q, q.solution, cases, f"{qid} solution")
    for i, value in enumerate(expected):
        if isinstance(value, Exception):
            raise ReferenceError_(f"{exset.id} {qid} solution fails on case {i + 1}: {value!r}")
    wrong = {msg: outputs(exset, q, code, cases, f"{qid} mistake {k + 1}")
             for k, (msg, code) in enumerate(q.mistakes.items())}
    return expected, wrong


def expected_outputs(exset: ExerciseSet, qid: str, extra: tuple[Case, ...] = ()):
    """(expected per case, {mistake feedback: outputs per case}) for the cases ``q.cases(extra)``."""
    return _cached(exset, qid, tuple(extra))
