"""Score submissions: run each in the sandbox, compare in this process with the reference outputs.

The comparison is student.compare, called here on plain values decoded from the child (numbers, lists,
native float64/int64/bool arrays): no student object ever reaches this process, so no student code runs
here. A hidden case (and anything the child said after it got the hidden inputs) is reported in a fixed
vocabulary ("returned values that differ", "raised ValueError" for a built-in exception type): nothing the
student controls, so nothing in the feedback can carry a hidden input or expected value.
"""
from __future__ import annotations

import builtins
import concurrent.futures
import dataclasses
import os
import re
import time
from pathlib import Path

from . import notebooks, reference, sandbox
from .spec import EXERCISES, ExerciseSet, Question
from .student import compare

_LONG_NUMBER = re.compile(r"[-+]?\d*\.\d{5,}(?:[eE][-+]?\d+)?")
_BUILTIN_EXCEPTIONS = {n for n, v in vars(builtins).items() if isinstance(v, type) and issubclass(v, BaseException)}


@dataclasses.dataclass
class CaseResult:
    visibility: str      # "public" or "hidden"
    label: str           # "Case 2 (a batch of two)" or "Hidden case 3"
    passed: bool
    message: str


@dataclasses.dataclass
class QuestionResult:
    qid: str
    title: str
    points: float
    score: float
    cases: list[CaseResult]
    notes: list[str]     # why it scored what it did: errors, the named known mistake


@dataclasses.dataclass
class SubmissionResult:
    name: str            # the student id: the file name without .ipynb
    path: str
    set_id: str
    questions: list[QuestionResult]
    problems: list[str]  # submission-level: not a notebook, wrong set, cells that failed
    seconds: float
    sandbox: str = ""    # the sandbox mode it ran in (sandbox.MODES)

    @property
    def total(self) -> float:
        return round(sum(q.score for q in self.questions), 2)

    @property
    def max_total(self) -> float:
        return sum(q.points for q in self.questions)


def scrub(text: str) -> str:
    """Messages from the student's process, made safe for feedback: short, and without full-precision
    numbers (an exception message is a channel student code could use to print the hidden inputs)."""
    return _LONG_NUMBER.sub("<number>", text)[:300]


def collect(paths: list[str | Path]) -> list[Path]:
    """Notebooks named on the command line, folders expanded to the notebooks inside (sorted)."""
    found = []
    for p in map(Path, paths):
        if not p.exists():
            continue  # the command line reports it; Gradescope reports "no notebook"
        if p.is_dir():
            found += sorted(x for x in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in x.parts)
        else:
            found.append(p)
    return found


def _zero(exset: ExerciseSet, why: str) -> list[QuestionResult]:
    return [QuestionResult(q.id, q.title, q.points, 0.0, [], [why]) for q in exset.questions]


def _kind(kind: str) -> str:
    return kind if kind in _BUILTIN_EXCEPTIONS else "an exception"


def _blind_reason(got, expected, cmp: dict) -> str:
    """Why a hidden case failed, in words that hold nothing the student's code chose."""
    ok, msg = compare(got, expected, reveal=False, **cmp)
    if "NaN" in msg:
        return "returned NaN where numbers were expected"
    if "shape" in msg:
        return "returned an array of the wrong shape"
    if "expected numbers" in msg or "expected a" in msg or "items" in msg or "keys" in msg:
        return "returned the wrong kind of value"
    return "returned values that differ from the expected ones"


def _question_result(exset: ExerciseSet, q: Question, run: sandbox.QuestionRun, extra) -> QuestionResult:
    cases = q.cases(extra)
    expected, wrong = reference.expected_outputs(exset, q.id, extra)
    if run.missing:
        kind = "function" if q.function else "variable"
        return QuestionResult(q.id, q.title, q.points, 0.0, [], [
            f"`{q.name}` is not defined: the grader looks for a {kind} with exactly that name (renamed, or "
            "its cell failed?)"])
    results, notes, n_public = [], [], 0
    cmp = dataclasses.asdict(q.compare)
    for k, ((vis, case), exp) in enumerate(zip(cases, expected)):
        n_public += vis == "public"
        blind = (vis != "public" and q.variable is None) or k in run.tainted
        label = (f"Case {n_public}" + (f" ({case.note})" if case.note else "")) if vis == "public" \
            else ("Your value" if q.variable else f"Hidden case {k + 1 - n_public}")
        if k in run.values:
            got = run.values[k]
            if q.variable and got is None:
                ok, msg = False, f"`{q.variable}` is still None: assign your answer to it"
            elif blind:
                ok = compare(got, exp, reveal=False, where=q.variable or "output", **cmp)[0]
                msg = "" if ok else _blind_reason(got, exp, cmp)
            else:
                ok, msg = compare(got, exp, reveal=q.variable is None, where=q.variable or "output", **cmp)
        elif k in run.kinds:
            ok = False
            if run.kinds[k] == "NotImplementedError":
                msg = "not implemented yet (the starter raises NotImplementedError)"
            elif run.kinds[k] == "unreadable":
                msg = scrub(run.errors[k]) if not blind and k in run.errors else \
                    "sent back a value the grader does not accept (plain numbers, arrays, lists only)"
            elif blind or k not in run.errors:
                msg = f"raised {_kind(run.kinds[k])}"
            else:
                msg = scrub(run.errors[k])
        else:
            ok, msg = False, "not run: see above" if run.error else "no result came back"
        results.append(CaseResult(vis, label, ok, msg))
    if run.error:
        notes.append(f"Stopped while grading this question: {run.error}")
    failed = [k for k, r in enumerate(results) if not r.passed and k in run.values]
    for feedback, outs in wrong.items():
        if failed and all(not isinstance(outs[k], Exception)
                          and compare(run.values[k], outs[k], reveal=False, **cmp)[0] for k in failed):
            notes.append(f"Likely mistake: {feedback}")
            break
    passed = sum(r.passed for r in results)
    score = round(q.points * passed / len(results), 2) if results else 0.0
    return QuestionResult(q.id, q.title, q.points, score, results, notes)


def grade_one(exset: ExerciseSet, path: Path, extra: dict | None = None, limits=sandbox.Limits(),
              hidden_paths: tuple = (), mode: str = "auto") -> SubmissionResult:
    """Grade one file; never raises for anything about the file itself."""
    start, extra = time.perf_counter(), extra or {}
    name = os.fsdecode(Path(path).stem)
    mode = sandbox.sandbox_mode(mode)[0] if mode == "auto" else mode

    def done(questions, problems):
        return SubmissionResult(name, str(path), exset.id, questions, problems, time.perf_counter() - start, mode)

    try:
        sub = notebooks.read_submission(path)
    except notebooks.SubmissionError as exc:
        return done(_zero(exset, str(exc)), [str(exc)])
    if sub.set_id is not None and sub.set_id != exset.id:
        why = f"this notebook is for exercise set {sub.set_id}, but {exset.id} is being graded"
        return done(_zero(exset, why), [why])
    problems = [] if sub.set_id else ["the notebook has no exercise-set metadata; graded as " + exset.id]
    questions = [(q.id, q.function, q.variable, q.cases(extra.get(q.id, ()))) for q in exset.questions]
    hidden = (str(EXERCISES), str(Path(path).resolve().parent), *map(str, hidden_paths))
    run = sandbox.run_submission(sub.cells, questions, limits, hidden, sub.names, mode)
    for k, err in sorted(run.cell_errors.items()):
        if err.startswith("NotImplementedError"):
            continue
        if k in run.cell_tainted:  # said after the hidden inputs were sent: its words are not shown
            err = f"raised {_kind(err.split(':', 1)[0])}"
        problems.append(f"{sub.labels[k]}: {scrub(err)}")
    return done([_question_result(exset, q, run.questions[q.id], extra.get(q.id, ())) for q in exset.questions],
                problems)


def grade_many(exset: ExerciseSet, paths: list[Path], extra: dict | None = None, jobs: int | None = None,
               limits=sandbox.Limits(), hidden_paths: tuple = (), mode: str = "auto") -> list[SubmissionResult]:
    """Grade in parallel (threads: each waits on its own sandbox). Order follows ``paths``."""
    for q in exset.questions:  # compute references once, here, before the threads start
        reference.expected_outputs(exset, q.id, (extra or {}).get(q.id, ()))
    jobs = jobs or os.cpu_count() or 1
    mode = sandbox.sandbox_mode(mode)[0] if mode == "auto" else mode

    def safe(path):
        try:
            return grade_one(exset, path, extra, limits, hidden_paths, mode)
        except Exception as exc:  # a grader bug must not stop the batch: report it on this row
            why = f"internal grader error ({type(exc).__name__}: {exc}); please report it"
            return SubmissionResult(os.fsdecode(Path(path).stem), str(path), exset.id, _zero(exset, why), [why],
                                    0.0, mode)

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(safe, paths))
