"""Write what grading found: grades.csv (every set) and grades_<set>.csv (one per set, a column per
question), one feedback markdown per submission, and Gradescope's results.json.

Reports nobody can forge: every string that came from a submission (file names, messages, the first line
of a cell) passes through ``plain`` (control characters, line and paragraph separators, bidi controls and
lone surrogates become visible ``\\uXXXX`` escapes, so it stays on one line and cannot move a terminal's
cursor) and then, for Markdown and Gradescope, ``md`` (HTML special characters as entities, Markdown
punctuation backslash-escaped: no heading, link, image or tag can start inside it). CSV cells that start
with ``= + - @``, tab or CR get a leading apostrophe (OWASP's advice against formula injection). Each
submission's identifier is its file-safe name plus a hash of its path's bytes: stable, and unique whatever
the bytes or encoding of the name.
"""
from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import unicodedata
from pathlib import Path

from .grade import SubmissionResult
from .spec import ExerciseSet

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain(text) -> str:
    """One line of inert text: anything that is not a printable character becomes a visible escape."""
    text = str(text)
    if text.isascii() and text.isprintable():  # the usual case, and the same answer: printable ASCII is
        return text                            # letters, digits, punctuation, symbols and the space
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def md(text) -> str:
    """``plain`` text that Markdown and HTML show literally."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(plain(text), quote=True).replace("&#x27;", "&#39;"))


def csv_cell(value) -> str:
    text = plain(value) if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def display_path(path) -> str:
    """A path's bytes as text (undecodable bytes as \\xNN), for reports."""
    return plain(os.fsencode(str(path)).decode("utf-8", "backslashreplace"))


def submission_id(path, root=None) -> str:
    """A stable identifier unique to this file: a readable, file-safe part and 8 hex digits of the SHA-256
    of the path's bytes (relative to ``root`` when given, so it does not depend on where a folder sits)."""
    p = Path(path)
    rel = os.fsencode(str(p.relative_to(root) if root is not None else p))
    stem = os.fsencode(p.stem).decode("utf-8", "replace")
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in stem).strip("_-")[:40]
    return f"{safe or 'submission'}-{hashlib.sha256(rel).hexdigest()[:8]}"


def _write_rows(path: Path, rows: list[list]) -> Path:
    """Write a CSV atomically; if ``path`` is taken by something that is not a file, write beside it."""
    path = Path(path)
    target = path if not path.exists() or path.is_file() else path.with_name(f"{path.stem}.new{path.suffix}")
    tmp = target.with_name(f".{target.name}.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([[csv_cell(c) for c in row] for row in rows])
    os.replace(tmp, target)
    return target


def set_rows(exset: ExerciseSet, results: list[SubmissionResult], ids: list[str]) -> list[list]:
    rows = [["student", "file"] + [f"{q.id} ({q.points:g})" for q in exset.questions]
            + ["total", "max_total", "sandbox", "problems"]]
    for sid, r in zip(ids, results):
        rows.append([sid, display_path(r.path)] + [f"{q.score:g}" for q in r.questions]
                    + [f"{r.total:g}", f"{r.max_total:g}", r.sandbox, len(r.problems)])
    return rows


def combined_rows(results: list[SubmissionResult], ids: list[str]) -> list[list]:
    rows = [["student", "file", "set", "total", "max_total", "sandbox", "problems"]]
    for sid, r in zip(ids, results):
        rows.append([sid, display_path(r.path), r.set_id, f"{r.total:g}", f"{r.max_total:g}", r.sandbox,
                     len(r.problems)])
    return rows


def question_text(q) -> str:
    lines = [f"Score: {q.score:g} / {q.points:g}"]
    lines += [f"- {md(n)}" for n in q.notes]
    lines += [f"- {md(c.label)}: {'passed' if c.passed else md(c.message)}" for c in q.cases]
    return "\n".join(lines)


def feedback_markdown(exset: ExerciseSet, r: SubmissionResult, sid: str = "") -> str:
    out = [f"# {md(exset.title)}", "", f"Submission: {md(Path(display_path(r.path)).name)}  ",
           f"Identifier: {md(sid)}  " if sid else "", f"Total: **{r.total:g} / {r.max_total:g}**", ""]
    if r.problems:
        out += ["## Problems with the notebook", ""] + [f"- {md(p)}" for p in r.problems] + [""]
    for q in r.questions:
        out += [f"## {md(q.qid)}. {md(q.title)}", "", question_text(q), ""]
    out += ["Hidden cases are reported without their inputs or expected values.", ""]
    return "\n".join(x for x in out if x is not None)


def gradescope_json(r: SubmissionResult) -> dict:
    tests = [{"name": f"{q.qid}: {q.title}", "name_format": "text", "score": q.score, "max_score": q.points,
              "output": question_text(q), "output_format": "md", "visibility": "visible"} for q in r.questions]
    out = {"score": r.total, "tests": tests, "visibility": "visible", "output_format": "md",
           "test_output_format": "md", "test_name_format": "text"}
    if r.problems:
        out["output"] = "Problems with the notebook:\n\n" + "\n".join(f"- {md(p)}" for p in r.problems)
    return out


def write_all(sets: dict[str, ExerciseSet] | ExerciseSet, results: list[SubmissionResult], out_dir: Path,
              gradescope: bool = False, ids: list[str] | None = None) -> list[Path]:
    """Write every report; returns the CSV files written. ``sets``: {set id: ExerciseSet} (or one set)."""
    if isinstance(sets, ExerciseSet):
        sets = {sets.id: sets}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ids = ids or [submission_id(r.path) for r in results]
    written = [_write_rows(out_dir / "grades.csv", combined_rows(results, ids))]
    for set_id, exset in sets.items():
        mine = [(i, r) for i, r in zip(ids, results) if r.set_id == set_id]
        if mine:
            written.append(_write_rows(out_dir / f"grades_{set_id}.csv",
                                       set_rows(exset, [r for _, r in mine], [i for i, _ in mine])))
    for folder in ("feedback", *(("gradescope",) if gradescope else ())):
        (out_dir / folder).mkdir(exist_ok=True)
    for sid, r in zip(ids, results):
        exset = sets.get(r.set_id)
        text = feedback_markdown(exset, r, sid) if exset else f"# {md(r.set_id)}\n\n" + "\n".join(
            f"- {md(p)}" for p in r.problems) + "\n"
        _write_text(out_dir / "feedback" / f"{sid}.md", text)
        if gradescope:
            _write_text(out_dir / "gradescope" / f"{sid}.json", json.dumps(gradescope_json(r), indent=1))
    return written


def _write_text(path: Path, text: str) -> None:
    try:
        if path.exists() and not path.is_file():
            path = path.with_name(path.stem + ".new" + path.suffix)
        path.write_text(text, encoding="utf-8", errors="backslashreplace")
    except OSError as exc:  # one file that cannot be written must not stop the others
        print(f"lstm-grade: could not write {display_path(path)}: {plain(exc)}")
