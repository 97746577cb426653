"""The content of the exercise sets: every reference solution passes its own cases, every known mistake
fails at least one public and one hidden case (and is the mistake the grader names for it), the starter
code fails, the cases are the same on every load, and the graded notebooks score full marks and zero."""
import dataclasses
import re

import numpy as np
import pytest

from lstmlib.grading import grade, notebooks, reference, spec
from lstmlib.grading.spec import REPO
from lstmlib.grading.student import compare

SETS = spec.load_all()
QUESTIONS = [(s, q) for s in SETS for q in s.questions]
QIDS = [f"{s.id}-{q.id}" for s, q in QUESTIONS]


def _same(a, b, q) -> bool:
    return not isinstance(a, Exception) and compare(a, b, reveal=False, **dataclasses.asdict(q.compare))[0]


def test_sets_follow_their_chapters_with_three_to_five_questions():
    # One set per chapter it follows: setNN goes with chapters/NN_*, from set01 on, each number once (a
    # chapter may have no set of its own: set08 serves both language chapters, 8 and 9).
    ids = [s.id for s in SETS]
    assert ids[0] == "set01" and len(set(ids)) == len(ids) and ids == sorted(ids), ids
    for s in SETS:
        assert re.fullmatch(r"set\d\d", s.id), s.id
        assert 3 <= len(s.questions) <= 5, s.id
        assert s.chapter.startswith(f"chapters/{s.id[3:]}_"), (s.id, s.chapter)
        assert (REPO / f"{s.chapter}.md").is_file(), f"{s.id}: no chapter {s.chapter}"


@pytest.mark.parametrize("exset, q", QUESTIONS, ids=QIDS)
def test_question_is_complete_and_numpy_only(exset, q):
    assert q.points > 0 and q.title and q.prompt.strip() and q.hint and q.mistakes
    for code in (exset.setup_code, q.starter, q.solution, *q.mistakes.values()):
        assert "torch" not in code, f"{exset.id} {q.id}: the student's process must not need torch"
    if q.function:
        assert q.public and q.hidden, f"{exset.id} {q.id}: needs public and hidden cases"
        assert f"def {q.function}(" in q.starter


@pytest.mark.parametrize("exset, q", QUESTIONS, ids=QIDS)
def test_reference_passes_and_is_finite(exset, q):
    cases = [c for _, c in q.cases()]
    expected, _ = reference.expected_outputs(exset, q.id)
    again = reference.outputs(exset, q, q.solution, cases, "again")
    for e, a in zip(expected, again):
        assert _same(a, e, q)
        leaves = list(e.values()) if isinstance(e, dict) else list(e) if isinstance(e, (tuple, list)) else [e]
        assert all(np.all(np.isfinite(np.asarray(x, dtype=float))) for x in leaves), f"{exset.id} {q.id}"


@pytest.mark.parametrize("exset, q", QUESTIONS, ids=QIDS)
def test_each_mistake_fails_public_and_hidden_cases_and_is_named(exset, q):
    cases = q.cases()
    expected, wrong = reference.expected_outputs(exset, q.id)
    for msg, outs in wrong.items():
        failed = [k for k, (o, e) in enumerate(zip(outs, expected)) if not _same(o, e, q)]
        # A mistake that only raises could never be recognised: the grader matches returned values.
        returned = [k for k in failed if not isinstance(outs[k], Exception)]
        assert any(cases[k][0] == "hidden" for k in returned), f"{exset.id} {q.id}: {msg!r} passes every hidden case"
        if q.function:
            assert any(cases[k][0] == "public" for k in returned), f"{exset.id} {q.id}: {msg!r} passes every public case"
        # Submitting exactly this mistake: the grader names the first mistake matching on every failed case.
        named = next(m for m, o in wrong.items()
                     if all(_same(outs[k], o[k], q) for k in failed if not isinstance(outs[k], Exception)))
        assert named == msg, f"{exset.id} {q.id}: the code of {msg!r} would be named {named!r}"


@pytest.mark.parametrize("exset, q", QUESTIONS, ids=QIDS)
def test_starter_fails_every_case(exset, q):
    cases = [c for _, c in q.cases()]
    expected, _ = reference.expected_outputs(exset, q.id)
    got = reference.outputs(exset, q, q.starter, cases, "starter")
    for g, e in zip(got, expected):
        assert g is None or not _same(g, e, q)


def _literal(exset):
    return [notebooks.to_literal((c.args, c.kwargs)) for q in exset.questions for _, c in q.cases()]


@pytest.mark.parametrize("exset", SETS, ids=[s.id for s in SETS])
def test_cases_are_deterministic(exset):
    again = spec.load_set(exset.id)
    assert again is not exset
    assert _literal(again) == _literal(exset)


@pytest.mark.parametrize("exset", SETS, ids=[s.id for s in SETS])
def test_solved_notebook_full_marks_student_notebook_zero(exset, tmp_path):
    solved = notebooks.write_notebooks([exset], tmp_path / "solved", solved=True)[0]
    student = notebooks.write_notebooks([exset], tmp_path / "student")[0]
    got = {r.path: r for r in grade.grade_many(exset, [solved, student], jobs=2)}
    full, zero = got[str(solved)], got[str(student)]
    assert full.total == exset.max_points, [(q.qid, q.notes, [c.message for c in q.cases if not c.passed]) for q in full.questions]
    assert zero.total == 0


def _with_mistake(exset, q, code) -> str:
    """The solved notebook with question q's solution cell replaced by ``code``."""
    nb = notebooks.build_notebook(exset, solved=True)
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip() == q.solution.strip()]
    assert len(cells) == 1, f"{exset.id} {q.id}: the solution must be exactly one cell"
    cells[0]["source"] = code
    return notebooks.dumps(nb)


@pytest.mark.parametrize("exset", SETS, ids=[s.id for s in SETS])
def test_grader_names_each_mistake_in_a_notebook(exset, tmp_path):
    """End to end, in the sandbox: the notebook runs all cells in one namespace before calling the
    functions, so a later cell can redefine a helper an earlier question uses; this catches that."""
    paths, expect = [], {}
    for q in exset.questions:
        for k, (msg, code) in enumerate(q.mistakes.items()):
            path = tmp_path / f"{q.id}_mistake{k + 1}.ipynb"
            path.write_text(_with_mistake(exset, q, code))
            paths.append(path)
            expect[str(path)] = (q.id, msg)
    for result in grade.grade_many(exset, paths, jobs=2):
        qid, msg = expect[result.path]
        (got,) = [r for r in result.questions if r.qid == qid]
        assert got.score < got.points and f"Likely mistake: {msg}" in got.notes, (result.path, got.notes)
        assert all(r.score == r.points for r in result.questions if r.qid != qid), result.path
