"""Check that no reference solution and no hidden case reached student-facing files (notebooks, the built
site). ``find_leaks(paths)`` returns one line per leak found; the tests assert it is empty."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import numpy as np

from . import reference
from .spec import ExerciseSet, load_all

_FLOAT = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")
TEXT_SUFFIXES = {".html", ".ipynb", ".md", ".txt", ".js", ".json", ".py"}


def _floats(x, limit=3):
    """A few full-precision reprs from every array or float inside x (enough to recognise it)."""
    if isinstance(x, dict):
        return [s for v in x.values() for s in _floats(v, limit)]
    if isinstance(x, (tuple, list)):
        return [s for v in x for s in _floats(v, limit)]
    arr = np.asarray(x) if isinstance(x, (np.ndarray, np.generic, float)) else None
    if arr is None or arr.dtype.kind != "f":
        return []
    flat = arr.ravel()
    picks = flat[np.linspace(0, flat.size - 1, min(limit, flat.size)).astype(int)] if flat.size else []
    # 12+ significant digits: a seeded random float or an exact answer, never a round number of prose
    return [repr(float(v)) for v in picks if len(repr(float(v)).strip("-0.")) >= 12]


def _public_text(sets: list[ExerciseSet]) -> str:
    """What students are given anyway (setup code, intros, starters, prompts, hints), in any set."""
    return "\n".join(t for s in sets for t in (s.setup_code, s.intro, *(f for q in s.questions
                                                                         for f in (q.starter, q.prompt, q.hint))))


def _solution_lines(q, public: str) -> list[str]:
    """Lines of the solution that students are not given (long enough to be recognisable)."""
    return [ln.strip() for ln in q.solution.splitlines()
            if len(ln.strip()) >= 20 and ln.strip() not in public and not ln.strip().startswith(("#", '"""', "def "))]


def secrets_of(exset: ExerciseSet, public: str | None = None) -> dict[str, str]:
    """{needle: what it is} for one set: solution lines, hidden inputs and outputs, value answers.
    ``public``: lines given to students in any set (default: this set's)."""
    needles, public = {}, _public_text([exset]) if public is None else public
    for q in exset.questions:
        expected, _ = reference.expected_outputs(exset, q.id)
        for line in _solution_lines(q, public):
            needles[line] = f"{exset.id} {q.id} reference solution line"
        hidden = [(k, c) for k, (vis, c) in enumerate(q.cases()) if vis == "hidden"]
        for k, case in hidden:
            for s in _floats((case.args, case.kwargs)):
                needles[s] = f"{exset.id} {q.id} hidden case input"
            for s in _floats(expected[k]):
                needles[s] = f"{exset.id} {q.id} hidden expected output" if q.function else f"{exset.id} {q.id} answer"
    return needles


def find_leaks(paths, sets: list[ExerciseSet] | None = None) -> list[str]:
    """Scan files (folders recursively) for any secret of any exercise set."""
    needles, sets = {}, sets if sets is not None else load_all()
    public = _public_text(sets)
    for exset in sets:
        needles.update(secrets_of(exset, public))
    files = []
    for p in map(Path, paths):
        files += [f for f in p.rglob("*") if f.suffix in TEXT_SUFFIXES] if p.is_dir() else [p]
    numbers = {n.lstrip("-"): w for n, w in needles.items() if _FLOAT.fullmatch(n)}
    lines = {n: w for n, w in needles.items() if not _FLOAT.fullmatch(n)}
    leaks = []
    for f in files:  # one pass per file for the numbers (a site has thousands of needles x megabytes)
        text = _readable(f)
        tokens = {t.lstrip("-") for t in _FLOAT.findall(text)}
        leaks += [f"{f}: {what}: {n!r}" for n, what in numbers.items() if n in tokens]
        leaks += [f"{f}: {what}: {n[:60]!r}" for n, what in lines.items() if n in text]
    return leaks


def _strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from _strings(v)
    elif isinstance(x, list):
        yield from ("".join(x),) if all(isinstance(v, str) for v in x) else (s for v in x for s in _strings(v))


def _readable(f: Path) -> str:
    """The file's text plus the forms a secret could hide in: JSON strings unescaped, HTML without its
    syntax-highlighting tags and entities."""
    text = f.read_text(encoding="utf-8", errors="replace")
    forms = [text, html.unescape(re.sub(r"<[^>]+>", "", text))]
    if f.suffix in (".ipynb", ".json"):
        try:
            forms.append("\n".join(_strings(json.loads(text))))
        except ValueError:
            pass
    return "\n".join(forms)
