"""Every exercise source loads, its reference solution runs on every case, and every known mistake really
differs from the reference somewhere (otherwise its feedback could never fire)."""
import dataclasses

import numpy as np
import pytest

from lstmlib.grading import reference, spec
from lstmlib.grading.student import compare

SETS = spec.load_all()


def test_there_are_exercise_sets():
    assert SETS and all(s.id == p for s, p in zip(SETS, spec.set_sources()))


@pytest.mark.parametrize("exset", SETS, ids=[s.id for s in SETS])
def test_reference_runs_and_mistakes_differ(exset):
    assert exset.chapter.startswith("chapters/")
    for q in exset.questions:
        expected, wrong = reference.expected_outputs(exset, q.id)
        assert len(expected) == len(q.cases())
        for msg, outs in wrong.items():
            differs = [isinstance(o, Exception) or not compare(o, e, **dataclasses.asdict(q.compare))[0] for o, e in zip(outs, expected)]
            assert any(differs), f"{exset.id} {q.id}: mistake {msg!r} gives the reference's answer everywhere"
        if q.variable is not None:
            assert q.answer_range is None or q.answer_range[0] <= float(np.asarray(expected[0]).ravel()[0]) <= q.answer_range[1]


def test_spec_rejects_bad_questions():
    with pytest.raises(ValueError, match="exactly one"):
        spec.Question(id="q1", points=1, title="t", prompt="p", starter="", solution="")
    with pytest.raises(ValueError, match="look like"):
        spec.Question(id="Q 1", points=1, title="t", prompt="p", starter="", solution="", variable="a")
