"""Write what grading found: OUT_DIR/grades.csv, one feedback markdown per submission, and Gradescope's
results.json. Feedback never contains a hidden case's inputs or expected values (grade.py keeps those out
of the messages)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from .grade import SubmissionResult
from .spec import ExerciseSet


def _safe_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "submission"


def unique_names(results: list[SubmissionResult]) -> list[str]:
    """One file-safe name per submission, suffixed with '_' where two files share a stem (in different
    folders), so grades.csv rows and feedback files match one to one."""
    used: set[str] = set()
    names = []
    for r in results:
        name = _safe_name(r.name)
        while name in used:
            name += "_"
        used.add(name)
        names.append(name)
    return names


def write_csv(exset: ExerciseSet, results: list[SubmissionResult], path: Path, names: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "file"] + [f"{q.id} ({q.points:g})" for q in exset.questions]
                   + ["total", "max_total", "problems"])
        for name, r in zip(names, results):
            w.writerow([name, r.path] + [f"{q.score:g}" for q in r.questions]
                       + [f"{r.total:g}", f"{r.max_total:g}", len(r.problems)])


def question_text(q) -> str:
    lines = [f"Score: {q.score:g} / {q.points:g}"]
    lines += [f"- {n}" for n in q.notes]
    lines += [f"- {c.label}: {'passed' if c.passed else c.message}" for c in q.cases]
    return "\n".join(lines)


def feedback_markdown(exset: ExerciseSet, r: SubmissionResult) -> str:
    out = [f"# {exset.title}", "", f"Submission: `{Path(r.path).name}`  ", f"Total: **{r.total:g} / {r.max_total:g}**", ""]
    if r.problems:
        out += ["## Problems with the notebook", ""] + [f"- {p}" for p in r.problems] + [""]
    for q in r.questions:
        out += [f"## {q.qid}. {q.title}", "", question_text(q), ""]
    out += ["Hidden cases are reported without their inputs or expected values.", ""]
    return "\n".join(out)


def gradescope_json(r: SubmissionResult) -> dict:
    tests = [{"name": f"{q.qid}: {q.title}", "score": q.score, "max_score": q.points,
              "output": question_text(q), "visibility": "visible"} for q in r.questions]
    out = {"score": r.total, "tests": tests, "visibility": "visible"}
    if r.problems:
        out["output"] = "Problems with the notebook:\n" + "\n".join(f"- {p}" for p in r.problems)
    return out


def write_all(exset: ExerciseSet, results: list[SubmissionResult], out_dir: Path, gradescope: bool = False) -> None:
    out_dir = Path(out_dir)
    (out_dir / "feedback").mkdir(parents=True, exist_ok=True)
    names = unique_names(results)
    write_csv(exset, results, out_dir / "grades.csv", names)
    for name, r in zip(names, results):
        (out_dir / "feedback" / f"{name}.md").write_text(feedback_markdown(exset, r), encoding="utf-8")
        if gradescope:
            (out_dir / "gradescope").mkdir(exist_ok=True)
            (out_dir / "gradescope" / f"{name}.json").write_text(json.dumps(gradescope_json(r), indent=1),
                                                                  encoding="utf-8")
