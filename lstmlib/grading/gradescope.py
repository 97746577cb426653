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

from .notebooks import notebook_name
from .spec import ExerciseSet, set_sources

PACKAGE = Path(__file__).resolve().parents[1]   # lstmlib/

# Version ranges, not this machine's pins: Gradescope's default image is Ubuntu 22.04 (Python 3.10, where
# numpy 2.2 is the newest that installs) and its newer one Ubuntu 24.04 (Python 3.12). IPython parses the
# magics inside the sandbox; tqdm and ipywidgets are there because student notebooks may import them.
REQUIREMENTS = ("numpy>=1.26,<3", "matplotlib>=3.8,<4", "ipython>=8.12,<10", "tqdm>=4.60,<5", "ipywidgets>=8,<9")

SETUP_SH = """#!/usr/bin/env bash
# Gradescope image setup (Ubuntu 22.04 or 24.04). A venv, because Ubuntu's system Python refuses pip
# installs (PEP 668); bubblewrap is the sandbox every submission runs in.
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv bubblewrap > /dev/null
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet {requirements}
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Grade the submitted notebook in the sandbox; write results/results.json. AUTOGRADER defaults to
# Gradescope's /autograder (the tests point it at a copy of that layout).
set -euo pipefail
AUTOGRADER="${{AUTOGRADER:-/autograder}}"
cd "$AUTOGRADER/source"
exec "$AUTOGRADER/venv/bin/python" -c "import sys; from lstmlib.grading.gradescope import run_autograder; \\
run_autograder('{set_id}', {extra}, sys.argv[1] + '/submission', sys.argv[1] + '/results/results.json')" "$AUTOGRADER"
"""


def write_zip(exset: ExerciseSet, out: Path, exercises: Path, extra_tests: str | None = None) -> None:
    source = set_sources(exercises)[exset.id]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        def add(name: str, text: str, mode: int = 0o644):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            z.writestr(info, text)

        add("setup.sh", SETUP_SH.format(requirements=" ".join(f'"{r}"' for r in REQUIREMENTS)), 0o755)
        add("run_autograder", RUN_AUTOGRADER.format(set_id=exset.id, extra="'extra_tests'" if extra_tests else "None"),
            0o755)
        for f in sorted(PACKAGE.rglob("*.py")):
            add(f"lstmlib/{f.relative_to(PACKAGE).as_posix()}", f.read_text(encoding="utf-8"))
        add(f"exercises/{source.name}", source.read_text(encoding="utf-8"))
        for f in sorted(Path(extra_tests).glob("*.py")) if extra_tests else []:
            add(f"extra_tests/{f.name}", f.read_text(encoding="utf-8"))


def choose(paths: list[Path], exset) -> tuple[Path | None, str]:
    """The notebook to grade among what was uploaded, and what to tell the student about the choice."""
    if not paths:
        return None, "No .ipynb file was submitted: upload your exercise notebook."
    if len(paths) == 1:
        return paths[0], ""
    from . import report
    ours = [p for p in paths if _set_of(p) == exset.id]
    named = [p for p in ours if p.name == notebook_name(exset)]
    pick = (named or ours or [p for p in paths if p.name == notebook_name(exset)] or [None])[0]
    listed = ", ".join(report.plain(p.name) for p in paths)
    if pick is None:
        return None, (f"You uploaded {len(paths)} notebooks ({listed}) and none of them is the notebook of "
                      f"{exset.id} ({notebook_name(exset)}): upload that one.")
    return pick, (f"You uploaded {len(paths)} notebooks ({listed}). Graded {report.plain(pick.name)}, the "
                  f"notebook of {exset.id}" + (" (several say so: the one with its file name, or the first)"
                                               if len(ours) > 1 else "") + "; the others were ignored.")


def run_autograder(set_id: str, extra_tests: str | None = None, submission_dir: str = "/autograder/submission",
                   results: str = "/autograder/results/results.json") -> dict:
    """Grade the notebook in ``submission_dir`` and write Gradescope's results.json."""
    from . import grade, report, sandbox, spec
    exset = spec.load_set(set_id)
    extra_tests = str(Path(extra_tests).resolve()) if extra_tests else None
    extra = spec.load_extra_cases(Path(extra_tests) if extra_tests else None).get(set_id, {})
    mode, why = sandbox.sandbox_mode("auto")
    print(f"lstm-grade: sandbox {sandbox.MODES[mode]}" + (f". WARNING: {why}" if why else ""), flush=True)
    pick, note = choose(grade.collect([submission_dir]), exset)
    if pick is None:
        out = {"score": 0.0, "output": report.md(note), "output_format": "md", "tests": []}
    else:
        hidden = (str(Path(results).parent), str(spec.EXERCISES), str(Path(submission_dir).resolve()),
                  *([extra_tests] if extra_tests else []))
        result = grade.grade_many(exset, [pick], extra, jobs=1, hidden_paths=hidden, mode=mode)[0]
        out = report.gradescope_json(result)
        if note:
            out["output"] = (report.md(note) + "\n\n" + out.get("output", "")).strip()
    out["extra_data"] = {"sandbox": mode}
    Path(results).parent.mkdir(parents=True, exist_ok=True)
    Path(results).write_text(json.dumps(out, indent=1), encoding="utf-8")
    return out


def _set_of(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["metadata"]["lstm_book"]["set"]
    except Exception:
        return None
