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
        numbers = [x for x in leaves if not isinstance(x, str)]   # a choice ("f") is a string
        assert all(np.all(np.isfinite(np.asarray(x, dtype=float))) for x in numbers), f"{exset.id} {q.id}"


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


# ---- hints point the way; they do not give it (issue 14, item 13) --------------------------------------

_HINT_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|\*\*|[-+*/@%=<>]")
# A hint may name a variable or an operator of the solution, or a short phrase like "i, f, g, o"; it may
# not copy a stretch of its code: five tokens in a row ("1 - tanh(c) ** 2" is already six).
HINT_MAX_SHARED = 4


def _code_tokens(code: str) -> list[str]:
    """The solution's tokens with comments and strings (docstrings) left out, and ``np.`` dropped."""
    import io
    import tokenize
    kept = [t.string for t in tokenize.generate_tokens(io.StringIO(code).readline)
            if t.type not in (tokenize.COMMENT, tokenize.STRING)]
    return _HINT_TOKEN.findall(" ".join(kept).replace("np .", "").replace("math .", ""))


def _longest_shared_run(hint: str, code: str) -> list[str]:
    """The longest run of consecutive tokens the hint and the code have in common."""
    a, b = _HINT_TOKEN.findall(hint.replace("np.", "")), _code_tokens(code)
    best: list[str] = []
    for i in range(len(a)):
        for j in range(len(b)):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            if k > len(best):
                best = a[i:i + k]
    return best


@pytest.mark.parametrize("exset, q", QUESTIONS, ids=QIDS)
def test_hint_does_not_give_the_solution(exset, q):
    shared = _longest_shared_run(q.hint, q.solution)
    assert len(shared) <= HINT_MAX_SHARED, (
        f"{exset.id} {q.id}: the hint copies the solution's code {' '.join(shared)!r}; point the way instead")


def test_hint_check_catches_a_planted_hint_that_gives_the_answer():
    """The planted faults: the old hints of set06 q1 and set04 q2, which were the solution's key line."""
    q1 = spec.load_set("set06").question("q1")
    planted = "scores = q @ k.transpose(0, 2, 1) / sqrt(E), then -inf above the diagonal, then a softmax."
    assert len(_longest_shared_run(planted, q1.solution)) > HINT_MAX_SHARED
    q2 = spec.load_set("set04").question("q2")
    planted = "dL/dc_t = dc + dh * o * (1 - tanh(c)**2); then one step back multiplies by f."
    assert len(_longest_shared_run(planted, q2.solution)) > HINT_MAX_SHARED
    # ... and a hint that only names things the solution uses passes.
    assert len(_longest_shared_run(q2.hint, q2.solution)) <= HINT_MAX_SHARED


@pytest.mark.parametrize("exset", SETS, ids=[s.id for s in SETS])
def test_no_hint_on_the_page_before_an_attempt(exset, capsys):
    """On the released page a hint sits only inside a closed <details> toggle, and running check() on an
    unanswered question (what the book's executed pages show) prints no hint."""
    nb = notebooks.build_notebook(exset)
    for q in exset.questions:
        (prompt,) = [c["source"] for c in nb["cells"] if q.id in c["metadata"]["tags"] and
                     "prompt" in c["metadata"]["tags"]]
        head, sep, toggle = prompt.partition("<details>")
        assert sep and "</details>" in toggle and "Hint" not in head, f"{exset.id} {q.id}: {prompt[-300:]}"
    ns: dict = {}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(cell["source"], ns)
    out = capsys.readouterr().out
    assert "not implemented yet" in out or "is not set yet" in out, out
    assert "Hint:" not in out, out
    # After a failed attempt (an answer that returns nothing), check() does print the hint.
    for q in exset.questions:
        if q.function:
            exec(f"def {q.function}(*args, **kwargs):\n    return None\ncheck({q.id!r})", ns)
            out = capsys.readouterr().out
            assert f"Hint: {q.hint}" in out, out


def test_set06_q4_feedback_says_how_far_the_mistake_moves_the_crossing():
    """The number in the sentence is the difference between the reference's answer and the mistake's,
    both computed by the grader's own reference run (it was once typed as "two"; it is one)."""
    exset = spec.load_set("set06")
    (expected,), wrong = reference.expected_outputs(exset, "q4")
    (msg,) = [m for m in wrong if "elementwise products" in m]

    def says_the_shift(sentence):
        said = re.findall(r"move the crossing (\d+) points? earlier", sentence)
        return len(said) == 1 and int(said[0]) == expected - wrong[msg][0]

    assert says_the_shift(msg), (msg, expected, wrong[msg])
    # The planted faults: the old sentence, and a sentence with a wrong number.
    assert not says_the_shift("Forgot the LSTM's three elementwise products (3H), which move the "
                              "crossing by two points.")
    assert not says_the_shift(msg.replace(f" {expected - wrong[msg][0]} point", " 2 point"))


def test_reflective_questions_have_answers_the_checks_see():
    """set02 q1's "which gate is nearly open?", set05 q5's "which way round is the GRU's gate?" and set06
    q3's "does the LSTM's cost depend on the history?" are each answered by a value the public checks
    compare, and the wrong answer is a named mistake."""
    s02, s05, s06 = (spec.load_set(s) for s in ("set02", "set05", "set06"))
    (first, *_), _ = reference.expected_outputs(s02, "q5")
    assert tuple(first) == ("f", "i") and np.array_equal(s02.question("q5").public[0].args[0], [-1.0, 2.0, 0.5, 0.0])
    expected, wrong = reference.expected_outputs(s05, "q5")
    (swapped,) = [m for m in wrong if "roles" in m]
    assert expected[1] > 0 > wrong[swapped][1], "a long memory (public case 2) needs a positive a_z"
    q3 = s06.question("q3")
    same_cell = [c.args[2] for c in q3.public if c.args[:2] == (2, 3)]
    assert len(set(same_cell)) >= 2, "the public checks must try one cell at two history lengths"
    expected, wrong = reference.expected_outputs(s06, "q3")
    (grows,) = [m for m in wrong if "does not grow" in m]
    assert expected[0] == expected[1] and wrong[grows][0] != wrong[grows][1]
