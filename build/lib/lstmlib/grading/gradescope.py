"""Gradescope: export an autograder zip for one exercise set, and the entry point that zip runs.

Gradescope unpacks the zip to /autograder/source, runs setup.sh once when building the image, then
run_autograder per submission, which must write /autograder/results/results.json. The zip holds lstmlib
(this grader), the one exercise source (solutions and hidden cases stay on Gradescope's side, never in the
student's process) and the instructor's extra hidden cases, if any.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from .spec import ExerciseSet, set_sources

PACKAGE = Path(__file__).resolve().parents[1]   # lstmlib/

SETUP_SH = """#!/usr/bin/env bash
# Gradescope image setup. Choose the Ubuntu 24.04 base image (Python 3.12): lstmlib needs Python >= 3.11.
# A venv, because Ubuntu's system Python refuses pip installs (PEP 668). The grader needs only NumPy, and
# matplotlib because importing lstmlib imports its plotting style.
set -euo pipefail
apt-get update -qq && apt-get install -y -qq python3 python3-venv > /dev/null
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet "numpy=={numpy}" "matplotlib=={matplotlib}"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Grade the submitted notebook in a sandboxed child process; write /autograder/results/results.json.
cd /autograder/source
/autograder/venv/bin/python -c "from lstmlib.grading.gradescope import run_autograder; run_autograder('{set_id}', {extra})"
"""


def write_zip(exset: ExerciseSet, out: Path, exercises: Path, extra_tests: str | None = None) -> None:
    import matplotlib
    source = set_sources(exercises)[exset.id]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        def add(name: str, text: str, mode: int = 0o644):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            z.writestr(info, text)

        add("setup.sh", SETUP_SH.format(numpy=np.__version__, matplotlib=matplotlib.__version__), 0o755)
        add("run_autograder", RUN_AUTOGRADER.format(set_id=exset.id, extra="'extra_tests'" if extra_tests else "None"),
            0o755)
        for f in sorted(PACKAGE.rglob("*.py")):
            add(f"lstmlib/{f.relative_to(PACKAGE).as_posix()}", f.read_text(encoding="utf-8"))
        add(f"exercises/{source.name}", source.read_text(encoding="utf-8"))
        for f in sorted(Path(extra_tests).glob("*.py")) if extra_tests else []:
            add(f"extra_tests/{f.name}", f.read_text(encoding="utf-8"))


def run_autograder(set_id: str, extra_tests: str | None = None, submission_dir: str = "/autograder/submission",
                   results: str = "/autograder/results/results.json") -> dict:
    """Grade the notebook in ``submission_dir`` and write Gradescope's results.json."""
    from . import grade, report, spec
    exset = spec.load_set(set_id)
    extra_tests = str(Path(extra_tests).resolve()) if extra_tests else None  # the child resolves from its cwd
    extra = spec.load_extra_cases(Path(extra_tests) if extra_tests else None).get(set_id, {})
    paths = grade.collect([submission_dir])
    if not paths:
        out = {"score": 0.0, "output": "No .ipynb file was submitted: upload your exercise notebook.",
               "tests": []}
    else:
        ours = [p for p in paths if _set_of(p) == set_id]
        result = grade.grade_many(exset, (ours or paths)[:1], extra, jobs=1,
                                  deny_roots=(str(Path(results).parent), str(spec.EXERCISES),
                                              *([extra_tests] if extra_tests else [])))[0]
        out = report.gradescope_json(result)
        if len(paths) > 1:
            out["output"] = (out.get("output", "") + f"\nGraded {Path(result.path).name}; "
                             f"{len(paths) - 1} other notebook(s) ignored.").strip()
    Path(results).parent.mkdir(parents=True, exist_ok=True)
    Path(results).write_text(json.dumps(out, indent=1), encoding="utf-8")
    return out


def _set_of(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["metadata"]["lstm_book"]["set"]
    except Exception:
        return None

