"""The exercise-set format: one Python module per set in ``exercises/`` defines ``SET = ExerciseSet(...)``.

A source module is instructor material (reference solutions, hidden cases, known mistakes). Nothing in
this package imports it at install time; the grader loads it by path (``load_set``). The package that
students pip-install therefore never contains a solution or a hidden case.

Two kinds of question:

* function questions (``function="rnn_step"``): the student defines a function; the grader calls it on
  every ``Case`` (public then hidden) and compares with the reference solution's output on the same case;
* value questions (``variable="answer_q1"``): the student assigns a variable; there is one implicit case.
  Public checks only validate the type and ``answer_range`` (they never reveal the value).

Every code field (``starter``, ``solution``, each ``mistakes`` value) is a string of Python that runs
after ``ExerciseSet.setup_code`` in a fresh namespace. Cases hold concrete inputs (NumPy arrays made by
seeded code in the source module), never expected outputs: those are computed from ``solution``.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
EXERCISES = REPO / "exercises"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclasses.dataclass(frozen=True, eq=False)  # hashed by identity: holds dicts
class Case:
    """One call ``function(*args, **kwargs)``. ``note`` is shown to students for public cases."""

    args: tuple = ()
    kwargs: dict = dataclasses.field(default_factory=dict)
    note: str = ""


@dataclasses.dataclass(frozen=True)
class Comparison:
    """How an answer is compared with the reference, element-wise ``|got - ref| <= atol + rtol*|ref|``.

    ``shape``: shapes must match exactly (otherwise broadcasting could hide a transposed answer).
    ``dtype``: dtypes must match exactly; when False any real numeric dtype is accepted.
    """

    rtol: float = 1e-6
    atol: float = 1e-8
    shape: bool = True
    dtype: bool = False


@dataclasses.dataclass(frozen=True, eq=False)  # hashed by identity: holds dicts
class Question:
    id: str                      # "q1": the cell tag and the key in check("q1")
    points: float
    title: str
    prompt: str                  # MyST markdown, math allowed
    starter: str                 # what the student completes: raises NotImplementedError or leaves None
    solution: str                # reference code (defines `function` or assigns `variable`)
    function: str | None = None  # name the student defines ...
    variable: str | None = None  # ... or the variable the student assigns (exactly one of the two)
    public: tuple[Case, ...] = ()
    hidden: tuple[Case, ...] = ()
    compare: Comparison = Comparison()
    mistakes: dict[str, str] = dataclasses.field(default_factory=dict)  # feedback -> wrong code
    answer_range: tuple[float, float] | None = None  # value questions: the public check's sanity range
    hint: str = ""               # shown by check() when a public case fails

    def __post_init__(self):
        if not _ID.match(self.id):
            raise ValueError(f"question id must look like 'q1', got {self.id!r}")
        if (self.function is None) == (self.variable is None):
            raise ValueError(f"{self.id}: set exactly one of function= or variable=, "
                             f"got function={self.function!r}, variable={self.variable!r}")
        if self.variable is not None and (self.public or self.hidden):
            raise ValueError(f"{self.id}: a value question has one implicit case; got public/hidden cases")
        if self.function is not None and not self.public + self.hidden:
            raise ValueError(f"{self.id}: a function question needs at least one case")
        if self.points <= 0:
            raise ValueError(f"{self.id}: points must be > 0, got {self.points}")
        object.__setattr__(self, "public", tuple(self.public))
        object.__setattr__(self, "hidden", tuple(self.hidden))

    @property
    def name(self) -> str:
        """The name the student's code must define."""
        return self.function or self.variable

    def cases(self, extra: tuple[Case, ...] = ()) -> list[tuple[str, Case]]:
        """[(visibility, case)] in grading order: public, hidden, then instructors' extra hidden cases."""
        if self.variable is not None:
            return [("hidden", Case(note="value"))]
        return ([("public", c) for c in self.public] + [("hidden", c) for c in self.hidden]
                + [("hidden", c) for c in extra])


@dataclasses.dataclass(frozen=True, eq=False)  # hashed by identity: holds dicts
class ExerciseSet:
    id: str                      # "set01": the notebook metadata key and file-name prefix
    title: str
    chapter: str                 # docname of the chapter it follows, e.g. "chapters/01_fleeting_memory"
    intro: str                   # markdown shown under the title
    questions: tuple[Question, ...]
    setup_code: str = "import numpy as np"   # first code cell of every notebook (student-visible)

    def __post_init__(self):
        object.__setattr__(self, "questions", tuple(self.questions))
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.id}: duplicate question ids {ids}")
        if not re.match(r"^set\d\d$", self.id):
            raise ValueError(f"exercise set id must look like 'set01', got {self.id!r}")

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"{self.id} has no question {qid!r}; it has {[q.id for q in self.questions]}")

    @property
    def max_points(self) -> float:
        return sum(q.points for q in self.questions)


def _load_module(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def set_sources(folder: Path = EXERCISES) -> dict[str, Path]:
    """{set id: source path} for every ``exercises/setNN_*.py``."""
    return {p.name[:5]: p for p in sorted(Path(folder).glob("set[0-9][0-9]_*.py"))}


def load_set(set_id_or_path: str | Path, folder: Path = EXERCISES) -> ExerciseSet:
    """Load ``SET`` from a source module, given its id ("set01") or its path."""
    path = Path(set_id_or_path)
    if not path.suffix:
        sources = set_sources(folder)
        if str(set_id_or_path) not in sources:
            raise ValueError(f"no exercise set {set_id_or_path!r} in {folder}; found {sorted(sources)}")
        path = sources[str(set_id_or_path)]
    module = _load_module(path, f"_lstm_exercise_{path.stem}")
    if not isinstance(getattr(module, "SET", None), ExerciseSet):
        raise ValueError(f"{path} must define SET = ExerciseSet(...)")
    object.__setattr__(module.SET, "source", path)  # where it came from: names the generated notebooks
    return module.SET


def load_all(folder: Path = EXERCISES) -> list[ExerciseSet]:
    return [load_set(p) for p in set_sources(folder).values()]


def load_extra_cases(folder: Path | None) -> dict[str, dict[str, tuple[Case, ...]]]:
    """Instructors' private hidden cases: every ``*.py`` in ``folder`` defines
    ``EXTRA_CASES = {"set01": {"q2": [Case(...), ...]}}`` (import Case from lstmlib.grading.spec).
    Returns {set id: {question id: cases}}; the expected outputs come from the reference solution."""
    merged: dict[str, dict[str, list[Case]]] = {}
    if folder is None:
        return {}
    files = sorted(Path(folder).glob("*.py"))
    if not files:
        raise ValueError(f"--extra-tests {folder}: no .py files there")
    for path in files:
        extra = getattr(_load_module(path, f"_lstm_extra_{path.stem}"), "EXTRA_CASES", None)
        if not isinstance(extra, dict):
            raise ValueError(f"{path} must define EXTRA_CASES = {{'set01': {{'q1': [Case(...)]}}}}")
        for set_id, by_q in extra.items():
            for qid, cases in by_q.items():
                if not all(isinstance(c, Case) for c in cases):
                    raise ValueError(f"{path}: EXTRA_CASES[{set_id!r}][{qid!r}] must be a list of Case")
                merged.setdefault(set_id, {}).setdefault(qid, []).extend(cases)
    return {s: {q: tuple(c) for q, c in d.items()} for s, d in merged.items()}
