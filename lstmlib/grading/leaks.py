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


def _solution_lines(q) -> list[str]:
    """Lines of the solution that the starter does not have (long enough to be recognisable)."""
    starter = {ln.strip() for ln in q.starter.splitlines()}
    return [ln.strip() for ln in q.solution.splitlines()
            if len(ln.strip()) >= 20 and ln.strip() not in starter and not ln.strip().startswith(("#", '"""', "def "))]


def secrets_of(exset: ExerciseSet) -> dict[str, str]:
    """{needle: what it is} for one set: solution lines, hidden inputs and outputs, value answers."""
    needles = {}
    for q in exset.questions:
        expected, _ = reference.expected_outputs(exset, q.id)
        for line in _solution_lines(q):
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
    needles = {}
    for exset in sets if sets is not None else load_all():
        needles.update(secrets_of(exset))
    files = []
    for p in map(Path, paths):
        files += [f for f in p.rglob("*") if f.suffix in TEXT_SUFFIXES] if p.is_dir() else [p]
    leaks = []
    for f in files:
        text = _readable(f)
        leaks += [f"{f}: {what}: {needle[:60]!r}" for needle, what in needles.items() if needle in text]
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
