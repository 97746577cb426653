"""Notebooks: generate the student and solved notebooks from an exercise source, read submissions back.

Generation is deterministic (fixed cell ids, sorted JSON keys). Floats computed by BLAS differ in their
last bits from one CPU kernel to another, so every float embedded in a notebook (public inputs and their
expected outputs) is rounded to ``EMBED_DIGITS`` significant digits, the expected outputs are computed
from the rounded inputs, and ``differences`` compares a committed notebook with a fresh generation
exactly except for those floats, which must agree within ``SAME_RTOL``/``SAME_ATOL``. A student notebook holds: an intro, a hidden cell that
defines ``check`` (student.py's source + the PUBLIC cases with their expected outputs), the set's setup
code, and per question a prompt, a starter and a ``check("qN")`` cell, all tagged. Hidden cases, reference
solutions and the values of value questions are never written into it (see leaks.py for the test).
"""
from __future__ import annotations

import dataclasses
import io
import json
import math
import textwrap
import tokenize
from pathlib import Path

import numpy as np

from . import reference
from .spec import Case, ExerciseSet

STUDENT_PY = Path(__file__).with_name("student.py")
META_KEY = "lstm_book"
TAG_CHECK_SETUP, TAG_CHECK, TAG_SETUP = "lstm-check-setup", "lstm-check", "lstm-setup"
MAX_NOTEBOOK_MB = 32
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def to_literal(x) -> str:
    """Python source that rebuilds ``x`` exactly (floats via repr, arrays via tolist)."""
    if isinstance(x, np.ndarray):
        return f"np.array({to_literal(x.tolist())}, dtype={x.dtype.name!r})"
    if isinstance(x, np.generic):
        return to_literal(x.item())
    if isinstance(x, float) and not math.isfinite(x):
        return f"float({str(x)!r})"
    if isinstance(x, (bool, int, float, str)) or x is None:
        return repr(x)
    if isinstance(x, tuple):
        return "(" + "".join(to_literal(v) + ", " for v in x) + ")"
    if isinstance(x, list):
        return "[" + ", ".join(to_literal(v) for v in x) + "]"
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k!r}: {to_literal(v)}" for k, v in x.items()) + "}"
    raise TypeError(f"cannot write a {type(x).__name__} into a notebook")


# Every float written into a notebook is rounded to this many significant digits: a BLAS kernel changes
# a float64 result by a few units in its 16th digit, which rounding at the 10th almost never sees.
EMBED_DIGITS = 10
# check() accepts a relative error of at least this much on a question whose expected output holds floats:
# 20 times the rounding error (at most 5e-10 relative), so a correct answer passes on any machine.
CHECK_RTOL_FLOOR = 1e-8
# A committed notebook matches a fresh generation when every embedded float agrees within these (two
# roundings of nearly equal values differ by at most one unit in the 10th digit, 1e-9 relative).
SAME_RTOL, SAME_ATOL = 1e-8, 1e-12


def rounded(x, digits: int = EMBED_DIGITS):
    """``x`` with every float (in arrays, tuples, lists and dicts too) rounded to ``digits`` significant
    digits; dtypes, shapes, ints and everything else unchanged."""
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        flat = [float(f"{v:.{digits}g}") for v in x.ravel().tolist()]
        return np.array(flat, dtype=np.float64).astype(x.dtype).reshape(x.shape)
    if isinstance(x, np.floating):
        return type(x)(rounded(float(x), digits))
    if isinstance(x, float):
        return float(f"{x:.{digits}g}") if math.isfinite(x) else x
    if isinstance(x, tuple):
        return tuple(rounded(v, digits) for v in x)
    if isinstance(x, list):
        return [rounded(v, digits) for v in x]
    if isinstance(x, dict):
        return {k: rounded(v, digits) for k, v in x.items()}
    return x


def _has_float(x) -> bool:
    if isinstance(x, dict):
        return any(_has_float(v) for v in x.values())
    if isinstance(x, (tuple, list)):
        return any(_has_float(v) for v in x)
    return isinstance(x, (float, np.floating)) or (isinstance(x, np.ndarray) and x.dtype.kind == "f")


def public_data(exset: ExerciseSet) -> dict:
    """What check() needs: public cases with expected outputs; for value questions only type and range.
    Inputs are rounded first and the reference solution runs on the rounded inputs, so the embedded
    expected outputs belong to the embedded inputs; then the outputs are rounded too."""
    data = {}
    for q in exset.questions:
        if q.variable is not None:
            expected, _ = reference.expected_outputs(exset, q.id)
            data[q.id] = {"variable": q.variable, "range": rounded(q.answer_range),
                          "shape": tuple(np.shape(expected[0]))}
            continue
        cases = [Case(rounded(tuple(c.args)), rounded(dict(c.kwargs)), c.note) for c in q.public]
        expected = reference.outputs(exset, q, q.solution, cases, f"{q.id} solution (public cases as embedded)")
        for k, e in enumerate(expected):
            if isinstance(e, Exception):
                raise reference.ReferenceError_(f"{exset.id} {q.id} solution fails on public case {k + 1}: {e!r}")
        cmp = dataclasses.asdict(q.compare)
        if _has_float(expected):
            cmp["rtol"] = max(cmp["rtol"], CHECK_RTOL_FLOOR)
        data[q.id] = {"function": q.function, "hint": q.hint, "compare": cmp,
                      "cases": [(c.args, c.kwargs, c.note, rounded(e)) for c, e in zip(cases, expected)]}
    return data


def checker_source(exset: ExerciseSet) -> str:
    body = textwrap.indent(STUDENT_PY.read_text(encoding="utf-8"), "    ")
    return (f"# Run this cell first. It defines check(\"q1\"), check(\"q2\"), ...: the public checks of {exset.id}.\n"
            "# Generated by `lstm-grade release`; the grader does not use it, so editing it changes nothing.\n"
            "import numpy as np\n\n\ndef _lstm_book_checker():\n" + body + "    return make_check\n\n\n"
            f"check = _lstm_book_checker()({exset.id!r}, {to_literal(public_data(exset))})\n"
            "del _lstm_book_checker\n")


def _cell(kind: str, source: str, cell_id: str, tags: list[str], **metadata) -> dict:
    cell = {"cell_type": kind, "id": cell_id, "metadata": {"tags": tags, **metadata}, "source": source.strip("\n")}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def hint_toggle(hint: str) -> str:
    """The hint behind a closed HTML ``<details>`` toggle (JupyterLab, Colab and the book all render it
    closed), so it is never on the page before the student asks for it; check() also prints it after a
    failed attempt. Blank lines around the text make it a paragraph of its own inside the HTML block."""
    if not hint.strip():
        return ""
    # A hint is plain text (check() prints it as is): escape what Markdown would read as markup, so that
    # "f**2" or "a_b" are shown as written, not as bold or italics (CommonMark's backslash escapes).
    text = "".join("\\" + ch if ch in _MARKUP else ch for ch in hint.strip())
    return ("\n\n<details>\n<summary>Hint (open it once you have tried)</summary>\n\n"
            f"{text}\n\n</details>")


_MARKUP = set("\\`*_[]<>$~|#")


def build_notebook(exset: ExerciseSet, solved: bool = False) -> dict:
    """The student notebook (or, with ``solved``, the same with reference solutions in place of starters)."""
    cells = [
        _cell("markdown", f"# {exset.title}\n\n{exset.intro.strip()}", f"{exset.id}-intro", ["lstm-intro"]),
        _cell("code", checker_source(exset), f"{exset.id}-check-setup", [TAG_CHECK_SETUP, "hide-input"],
              jupyter={"source_hidden": True}),
        _cell("code", exset.setup_code, f"{exset.id}-setup", [TAG_SETUP]),
    ]
    for q in exset.questions:
        pts = f"{q.points:g} point" + ("s" if q.points != 1 else "")
        cells += [
            _cell("markdown", f"## {q.id}. {q.title} ({pts})\n\n{q.prompt.strip()}{hint_toggle(q.hint)}",
                  f"{exset.id}-{q.id}-prompt", [q.id, "prompt"]),
            _cell("code", q.solution if solved else q.starter, f"{exset.id}-{q.id}-answer",
                  [q.id, "solution" if solved else "starter"]),
            _cell("code", f'check("{q.id}")', f"{exset.id}-{q.id}-check", [q.id, TAG_CHECK]),
        ]
    meta = {"set": exset.id, "questions": [q.id for q in exset.questions], "solved": solved,
            "generated_by": "lstm-grade release (never edit by hand)"}
    return {"cells": cells, "metadata": {"kernelspec": KERNELSPEC, "language_info": {"name": "python"},
                                         META_KEY: meta}, "nbformat": 4, "nbformat_minor": 5}


def dumps(nb: dict) -> str:
    """The same bytes nbformat.write gives (indent 1, sorted keys, trailing newline)."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _tokens(source: str) -> list:
    """Python tokens of ``source``, floats as float values (compared with a tolerance), the rest as text."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.NUMBER and not tok.string.isdigit() and not tok.string.startswith("0x"):
            out.append(float(tok.string))
        elif tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                              tokenize.ENDMARKER):
            out.append(tok.string)
    return out


def differences(committed: str, fresh: str, rtol: float = SAME_RTOL, atol: float = SAME_ATOL) -> list[str]:
    """How a committed notebook differs from a fresh generation (empty: the same). Everything is compared
    exactly except floats inside code cells, which must agree within ``atol + rtol * |fresh|``."""
    a, b = json.loads(committed), json.loads(fresh)
    ca, cb = a.pop("cells", []), b.pop("cells", [])
    found = [] if a == b else ["the notebook metadata differs"]
    if len(ca) != len(cb):
        return found + [f"{len(ca)} cells committed, {len(cb)} generated"]
    for x, y in zip(ca, cb):
        label = y.get("id", "?")
        if {k: v for k, v in x.items() if k != "source"} != {k: v for k, v in y.items() if k != "source"}:
            found.append(f"cell {label}: its metadata, id or outputs differ")
        if x.get("source") == y.get("source"):
            continue
        if x.get("cell_type") != "code":
            found.append(f"cell {label}: the text differs")
            continue
        try:
            tx, ty = _tokens(x["source"]), _tokens(y["source"])
        except (tokenize.TokenError, SyntaxError) as exc:
            found.append(f"cell {label}: cannot be read as Python ({exc})")
            continue
        if len(tx) != len(ty):
            found.append(f"cell {label}: the code differs ({len(tx)} tokens committed, {len(ty)} generated)")
            continue
        for i, (u, v) in enumerate(zip(tx, ty)):
            same = (abs(u - v) <= atol + rtol * abs(v) or u == v) if isinstance(u, float) and \
                isinstance(v, float) else u == v
            if not same:
                found.append(f"cell {label}: token {i} is {u!r} committed, {v!r} generated")
                break
    return found


def notebook_name(exset: ExerciseSet) -> str:
    """setNN_name.ipynb, after the source module setNN_name.py."""
    return Path(getattr(exset, "source", exset.id)).stem + ".ipynb"


def write_notebooks(sets: list[ExerciseSet], out_dir: Path, solved: bool = False) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for exset in sets:
        path = out_dir / notebook_name(exset)
        path.write_text(dumps(build_notebook(exset, solved)), encoding="utf-8")
        paths.append(path)
    return paths


# ---- reading submissions -------------------------------------------------------------------------------

class SubmissionError(ValueError):
    """The file cannot be graded at all (not JSON, not a notebook...): every question scores 0."""


@dataclasses.dataclass
class Submission:
    set_id: str | None            # from the notebook metadata; None when a student removed it
    cells: list[str]              # code cells the grader runs, in order
    names: list[str]              # "code cell 5": its place among the notebook's code cells
    labels: list[str]             # the name plus its first line, for feedback


def read_submission(path: Path) -> Submission:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_NOTEBOOK_MB << 20:
            raise SubmissionError(f"the file is larger than {MAX_NOTEBOOK_MB} MB: clear the outputs and save again")
        raw = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"cannot read the file: {exc.strerror}") from exc
    try:
        nb = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SubmissionError(f"not a Jupyter notebook: the file is not JSON ({str(exc)[:80]})") from exc
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        if isinstance(nb, dict) and "worksheets" in nb:
            raise SubmissionError("notebook format 3 is too old: open it in Jupyter and save it again")
        raise SubmissionError("not a Jupyter notebook: the JSON has no list of cells")
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    ours = meta.get(META_KEY) if isinstance(meta.get(META_KEY), dict) else {}
    cells, names, labels = [], [], []
    n_code = 0
    for cell in nb["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        n_code += 1
        source = cell.get("source", "")
        source = "".join(s for s in source if isinstance(s, str)) if isinstance(source, list) else str(source)
        tags = (cell.get("metadata") or {}).get("tags") or [] if isinstance(cell.get("metadata"), dict) else []
        if TAG_CHECK_SETUP in tags or TAG_CHECK in tags:
            continue  # the generated check() cells: the grader never relies on them
        first = next((ln.strip() for ln in source.splitlines() if ln.strip()), "(empty)")
        cells.append(source)
        names.append(f"code cell {n_code}")
        labels.append(f"code cell {n_code} (`{first[:40]}`)")
    set_id = ours.get("set") if isinstance(ours.get("set"), str) else None
    return Submission(set_id, cells, names, labels)
