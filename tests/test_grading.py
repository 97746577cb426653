"""The grader (issue 7): reference solutions score full marks, released notebooks score 0, and every wrong,
broken or adversarial submission in tests/grading_corpus/ scores what it deserves, in one parallel batch
that always completes. Also: generated notebooks are fresh and leak nothing, check() works, extra hidden
tests, the Gradescope export, and the transport codec."""
from __future__ import annotations

import csv
import json
import re
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from lstmlib.grading import cli, codec, grade, gradescope, leaks, notebooks, reference, spec

CORPUS = Path(__file__).parent / "grading_corpus"
PACKAGE_DIR = Path(grade.__file__).resolve().parents[1]   # lstmlib/: readable by the sandbox, never writable
ESCAPE_CANARY = PACKAGE_DIR / "zz_sandbox_escape_canary.txt"
STUDENT_DIR = spec.EXERCISES / "student"
SOURCES = CORPUS / "sources"           # set00: a frozen two-question set the corpus is written for
SET00 = spec.load_set("set00", SOURCES)
SET01 = spec.load_set("set01")
ALL_SETS = spec.load_all()
TIMEOUT = "5"  # seconds per child run (soft limit per cell or case: 1.25 s); generous for a loaded machine


# ---- building the corpus ----------------------------------------------------------------------------------

def parse_corpus(path: Path) -> dict:
    """Header lines (# base/expect/feedback) and cells (# %% q2 | top | end) of one corpus file."""
    info = {"base": "student", "expect": {}, "feedback": [], "cells": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# %%"):
            info["cells"].append([line[4:].strip(), []])
        elif info["cells"]:
            info["cells"][-1][1].append(line)
        elif line.startswith("# base:"):
            info["base"] = line.split(":", 1)[1].strip()
        elif line.startswith("# expect:"):
            info["expect"] = {k: float(v) for k, v in (kv.split("=") for kv in line.split(":", 1)[1].split())}
        elif line.startswith("# feedback:"):
            info["feedback"].append(line.split(":", 1)[1].strip())
    return info


def tokens(canary: Path) -> dict[str, str]:
    q2 = SET00.question("q2")
    expected, _ = reference.expected_outputs(SET00, "q2")
    public = [(c.args[0], e) for c, e in zip(q2.public, expected)]
    return {"{EXERCISES}": str(spec.EXERCISES), "{CANARY}": str(canary), "{PUBLIC_Q2}": notebooks.to_literal(public),
            "{PACKAGE_DIR}": str(PACKAGE_DIR)}


def build(info: dict, subs: dict[str, str]) -> dict:
    nb = notebooks.build_notebook(SET00, solved=info["base"] == "solved")
    cells = nb["cells"]
    top = next(i for i, c in enumerate(cells) if notebooks.TAG_SETUP in c["metadata"]["tags"]) + 1
    for n, (where, lines) in enumerate(info["cells"]):
        source = "\n".join(lines)
        for token, value in subs.items():
            source = source.replace(token, value)
        if where in ("top", "end"):
            cell = {"cell_type": "code", "id": f"corpus-{n}", "metadata": {}, "source": source,
                    "execution_count": None, "outputs": []}
            if where == "top":
                cells.insert(top, cell)
                top += 1
            else:
                cells.append(cell)
        else:
            next(c for c in cells if c["id"] == f"set00-{where}-answer")["source"] = source
    return nb


CORPUS_FILES = sorted(CORPUS.glob("*.py"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Build every corpus submission plus the released/solved/other-set notebooks; grade them in ONE batch."""
    root = tmp_path_factory.mktemp("grading")
    subs_dir, out = root / "submissions", root / "out"
    subs_dir.mkdir()
    canary = root / "grader_files" / "canary.txt"
    canary.parent.mkdir()
    canary.write_text("untouched")
    subs = tokens(canary)
    for path in CORPUS_FILES:
        (subs_dir / f"{path.stem}.ipynb").write_text(notebooks.dumps(build(parse_corpus(path), subs)))
    for path in CORPUS.glob("*.ipynb"):
        (subs_dir / path.name).write_bytes(path.read_bytes())
    (subs_dir / "released.ipynb").write_text(notebooks.dumps(notebooks.build_notebook(SET00)))
    solved = notebooks.build_notebook(SET00, solved=True)
    (subs_dir / "solved.ipynb").write_text(notebooks.dumps(solved))
    other = notebooks.build_notebook(SET00, solved=True)
    other["metadata"]["lstm_book"]["set"] = "set02"
    (subs_dir / "other_set.ipynb").write_text(notebooks.dumps(other))
    del solved["metadata"]["lstm_book"]
    (subs_dir / "no_metadata.ipynb").write_text(notebooks.dumps(solved))
    n = len(list(subs_dir.iterdir()))
    start = time.perf_counter()
    code = cli.main(["--exercises", str(SOURCES), "grade", str(subs_dir), "--out", str(out), "--gradescope", "--set", "set00",
                     "--timeout", TIMEOUT, "--jobs", "2"])
    seconds = time.perf_counter() - start
    with open(out / "grades.csv", newline="") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    return {"code": code, "rows": rows, "out": out, "n": n, "seconds": seconds, "canary": canary}


def feedback(batch, name: str) -> str:
    return (batch["out"] / "feedback" / f"{name}.md").read_text()


# ---- the corpus ------------------------------------------------------------------------------------------

def test_batch_completes_with_a_row_per_submission(batch):
    assert batch["code"] == 0
    assert len(batch["rows"]) == batch["n"]
    header = next(iter(batch["rows"].values())).keys()
    assert list(header) == ["student", "file", "q1 (1)", "q2 (2)", "total", "max_total", "problems"]
    assert all(r["max_total"] == "3" for r in batch["rows"].values())
    print(f"\n{batch['n']} submissions in {batch['seconds']:.1f} s ({batch['seconds'] / batch['n']:.2f} s each)")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])
def test_corpus_submission_scores_what_it_deserves(batch, path):
    info, row = parse_corpus(path), batch["rows"][path.stem]
    text = feedback(batch, path.stem)
    got = {q: float(row[f"{q} ({SET00.question(q).points:g})"]) for q in info["expect"]}
    assert got == info["expect"], text
    subs = tokens(batch["canary"])
    for needle in info["feedback"]:
        for token, value in subs.items():
            needle = needle.replace(token, value)
        assert needle in text, f"{needle!r} not in the feedback:\n{text}"
    if path.stem.startswith("cheat_"):
        assert float(row["total"]) <= 3 and (not info["expect"] or sum(info["expect"].values()) <= 3)


def test_reference_solution_full_and_released_notebook_zero(batch):
    assert batch["rows"]["solved"]["total"] == "3"
    assert batch["rows"]["released"]["total"] == "0"
    assert "not implemented yet" in feedback(batch, "released")
    assert batch["rows"]["no_metadata"]["total"] == "3"
    assert "no exercise-set metadata" in feedback(batch, "no_metadata")


@pytest.mark.parametrize("name, message", [
    ("not_json", "not JSON"), ("not_a_notebook", "no list of cells"), ("empty", "not JSON"),
    ("binary_garbage", "not JSON"), ("old_format", "format 3 is too old"), ("deep_json", "not JSON"),
    ("other_set", "this notebook is for exercise set set02, but set00 is being graded")])
def test_files_that_cannot_be_graded_score_zero_with_a_reason(batch, name, message):
    assert batch["rows"][name]["total"] == "0"
    assert message in feedback(batch, name)


def test_nothing_outside_the_sandbox_changed(batch):
    escaped = ESCAPE_CANARY.exists()
    ESCAPE_CANARY.unlink(missing_ok=True)
    assert not escaped, "a submission created a file inside lstmlib/ through a directory descriptor"
    assert batch["canary"].read_text() == "untouched"
    assert sorted(p.name for p in batch["canary"].parent.iterdir()) == ["canary.txt"]


def test_feedback_reveals_no_hidden_case_or_solution(batch):
    """No secret in any feedback or Gradescope file, unless the student wrote it (a cell label quotes the
    student's own first line)."""
    secrets = leaks.secrets_of(SET00)
    for path in [*(batch["out"] / "feedback").glob("*.md"), *(batch["out"] / "gradescope").glob("*.json")]:
        text = path.read_text()
        own = (batch["out"].parent / "submissions" / f"{path.stem}.ipynb").read_text(errors="replace")
        leaked = [what for needle, what in secrets.items() if needle in text and needle not in own]
        assert not leaked, f"{path.name}: {leaked}"
    hidden_lines = [ln for p in (batch["out"] / "feedback").glob("*.md") for ln in p.read_text().splitlines()
                    if "Hidden case" in ln or "Your value" in ln or "code cell" in ln]
    assert hidden_lines and not [ln for ln in hidden_lines if re.search(r"\d\.\d{5}", ln)]
    assert "Hidden case 1: raised ValueError" in feedback(batch, "cheat_exfiltrate_errors")


def test_gradescope_results_json(batch):
    res = json.loads((batch["out"] / "gradescope" / "solved.json").read_text())
    assert res["score"] == 3 and [t["max_score"] for t in res["tests"]] == [1, 2]
    assert {"name", "score", "max_score", "output", "visibility"} <= res["tests"][0].keys()
    bad = json.loads((batch["out"] / "gradescope" / "not_json.json").read_text())
    assert bad["score"] == 0 and "not JSON" in bad["output"]


def test_clean_submissions_in_parallel(batch):
    """Solved and released notebooks graded together in one parallel batch keep their own scores.
    (Speed is measured by benchmarks/run.py, not asserted here: timed tests on a shared machine flake.)"""
    paths = [batch["out"].parent / "submissions" / n for n in ("solved.ipynb", "released.ipynb")] * 4
    results = grade.grade_many(SET00, paths, jobs=2)
    assert [r.total for r in results] == [3, 0] * 4


def test_same_file_name_in_two_folders_gets_two_rows_and_two_feedback_files(tmp_path):
    for folder in ("section_a", "section_b"):
        (tmp_path / folder).mkdir()
        solved = notebooks.build_notebook(SET00, solved=folder == "section_a")
        (tmp_path / folder / "alex.ipynb").write_text(notebooks.dumps(solved))
    out = tmp_path / "out"
    assert cli.main(["--exercises", str(SOURCES), "grade", str(tmp_path / "section_a"), str(tmp_path / "section_b"),
                     "--out", str(out), "--set", "set00", "--jobs", "2"]) == 0
    with open(out / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["student"], r["total"]) for r in rows] == [("alex", "3"), ("alex_", "0")]
    assert sorted(p.stem for p in (out / "feedback").glob("*.md")) == ["alex", "alex_"]
    assert "Total: **0 / 3**" in (out / "feedback" / "alex_.md").read_text()


# ---- every exercise set: generation, leaks, reference scores ---------------------------------------------

@pytest.mark.parametrize("exset", ALL_SETS, ids=[s.id for s in ALL_SETS])
def test_committed_student_notebook_is_a_fresh_generation(exset):
    """Exactly the same, except embedded floats, which agree within notebooks.SAME_RTOL / SAME_ATOL:
    BLAS kernels differ in the last bits, so bytes would differ from one CPU to another."""
    path = STUDENT_DIR / notebooks.notebook_name(exset)
    found = notebooks.differences(path.read_text(encoding="utf-8"), notebooks.dumps(notebooks.build_notebook(exset)))
    assert not found, f"{path} is stale or was edited by hand: run `lstm-grade release {STUDENT_DIR}`: {found}"


def test_notebook_comparison_tolerates_last_bits_and_catches_real_changes():
    """The planted faults: a float changed in its 10th digit, a changed word, a changed int are caught;
    a float changed in its 15th digit is not."""
    fresh = notebooks.dumps(notebooks.build_notebook(SET00))
    nb = json.loads(fresh)
    src = nb["cells"][1]["source"]
    number = re.search(r"-?\d\.\d{6,}(?:e-?\d+)?", src.split("check = ", 1)[1]).group()
    value = float(number)

    def planted(new_src):
        nb["cells"][1]["source"] = new_src
        return notebooks.dumps(nb)

    assert notebooks.differences(fresh, fresh) == []
    assert notebooks.differences(planted(src.replace(number, repr(value * (1 + 3e-15)), 1)), fresh) == []
    assert notebooks.differences(planted(src.replace(number, repr(value * (1 + 1e-7)), 1)), fresh)
    assert notebooks.differences(planted(src.replace("'rnn_step'", "'rnn_stop'", 1)), fresh)
    assert notebooks.differences(planted(src.replace("'shape': True", "'shape': False", 1)), fresh)
    nb["cells"][1]["source"] = src
    nb["cells"][0]["source"] += " changed"
    assert notebooks.differences(notebooks.dumps(nb), fresh)


def test_embedded_floats_are_rounded_and_expected_values_belong_to_them():
    data = notebooks.public_data(SET00)
    cases = data["q2"]["cases"]
    leaves = [v for args, _, _, e in cases for v in (*args, e) if isinstance(v, np.ndarray)]
    assert leaves and all(np.array_equal(v, notebooks.rounded(v)) for v in leaves)
    assert data["q2"]["compare"]["rtol"] >= notebooks.CHECK_RTOL_FLOOR
    assert notebooks.rounded(np.float32(0.1)) == np.float32(0.1) and notebooks.rounded(7) == 7
    assert notebooks.rounded(1.2345678901234) == 1.234567890


def test_no_stale_student_notebooks():
    assert sorted(p.name for p in STUDENT_DIR.glob("*.ipynb")) == sorted(notebooks.notebook_name(s) for s in ALL_SETS)


def test_student_notebooks_leak_no_solution_or_hidden_case(tmp_path):
    assert leaks.find_leaks([STUDENT_DIR]) == []
    solved = notebooks.write_notebooks(ALL_SETS, tmp_path, solved=True)
    assert all(leaks.find_leaks([p]) for p in solved), "the leak check must notice a solved notebook"


@pytest.mark.parametrize("exset", ALL_SETS, ids=[s.id for s in ALL_SETS])
def test_every_set_solution_full_marks_release_zero(exset, tmp_path):
    student = notebooks.write_notebooks([exset], tmp_path / "student")[0]
    solved = notebooks.write_notebooks([exset], tmp_path / "solved", solved=True)[0]
    got = grade.grade_many(exset, [solved, student], jobs=2)
    assert got[0].total == exset.max_points, [q.notes + [c.message for c in q.cases] for q in got[0].questions]
    assert got[1].total == 0


@pytest.mark.parametrize("exset", ALL_SETS, ids=[s.id for s in ALL_SETS])
def test_check_in_the_student_notebook(exset, capsys):
    """Run the notebooks' cells as Jupyter would (one namespace): check() passes every public case of the
    solution and reports the starter as not done, never raising."""
    for solved in (False, True):
        ns: dict = {}
        for cell in notebooks.build_notebook(exset, solved=solved)["cells"]:
            if cell["cell_type"] == "code":
                exec(compile(cell["source"], cell["id"], "exec"), ns)
        out = capsys.readouterr().out
        for q in exset.questions:
            if q.function:
                n = len(q.public)
                assert (f"{q.id}: {n}/{n} public checks passed" in out) == solved, out
            else:
                assert ("plausible range" in out) == solved and ("is not set yet" in out) != solved


def test_check_reports_shape_errors_in_plain_words(capsys):
    ns: dict = {}
    for cell in notebooks.build_notebook(SET00)["cells"][1:3]:
        exec(cell["source"], ns)
    exec("def rnn_step(x, h, *w):\n    return np.zeros((h.shape[1], x.shape[0]))\ncheck('q2')\ncheck('q9')", ns)
    out = capsys.readouterr().out
    assert "q2: 0/2 public checks passed." in out and "expected shape (2, 4), got (4, 2)" in out
    assert "Hint:" in out and "has no question 'q9'" in out


# ---- instructors' extra hidden tests, the CLI, Gradescope --------------------------------------------------

def test_extra_hidden_tests_from_a_folder(tmp_path):
    extra = tmp_path / "private"
    extra.mkdir()
    (extra / "more.py").write_text(
        "import numpy as np\nfrom lstmlib.grading.spec import Case\nrng = np.random.default_rng(7)\n"
        "EXTRA_CASES = {'set00': {'q2': [Case(args=(rng.normal(size=(2, 3)), rng.normal(size=(2, 5)), "
        "rng.normal(size=(5, 3)), rng.normal(size=(5, 5)), rng.normal(size=5), rng.normal(size=5)))]}}\n")
    subs = tmp_path / "subs"
    (subs / "set00.ipynb").parent.mkdir()
    (subs / "set00.ipynb").write_text(notebooks.dumps(notebooks.build_notebook(SET00, solved=True)))
    out = tmp_path / "out"
    assert cli.main(["--exercises", str(SOURCES), "grade", str(subs), "--out", str(out), "--extra-tests", str(extra)]) == 0
    text = next((out / "feedback").glob("*.md")).read_text()
    assert "Hidden case 4: passed" in text and "Total: **3 / 3**" in text


def test_cli_release_solutions_and_bad_arguments(tmp_path, capsys):
    assert cli.main(["release", str(tmp_path / "r"), "--set", "set01"]) == 0
    assert cli.main(["solutions", str(tmp_path / "s")]) == 0
    assert len(list((tmp_path / "s").glob("*.ipynb"))) == len(ALL_SETS)
    assert cli.main(["grade", str(tmp_path / "empty_nonexistent"), "--out", str(tmp_path / "o")]) == 2
    assert cli.main(["grade", str(tmp_path / "r"), "--out", str(tmp_path / "o"), "--set", "set99"]) == 2
    assert "no exercise set 'set99'" in capsys.readouterr().err
    assert cli.main(["check-leaks", str(tmp_path / "r")]) == 0
    assert cli.main(["check-leaks", str(tmp_path / "s")]) == 1


def test_gradescope_zip_runs_the_autograder(tmp_path):
    z = tmp_path / "autograder.zip"
    assert cli.main(["gradescope-zip", "set01", str(z)]) == 0
    with zipfile.ZipFile(z) as f:
        names = f.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in f.infolist()}
        f.extractall(tmp_path / "source")
    assert {"setup.sh", "run_autograder", "exercises/set01_fleeting_memory.py", "lstmlib/grading/_child.py"} <= set(names)
    assert not [n for n in names if n.startswith("exercises/") and "set01" not in n]
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR
    sub = tmp_path / "submission"
    notebooks.write_notebooks([SET01], sub, solved=True)
    results = tmp_path / "results" / "results.json"
    code = ("from lstmlib.grading.gradescope import run_autograder; "
            f"run_autograder('set01', None, {str(sub)!r}, {str(results)!r})")
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path / "source", check=True, timeout=60)
    assert json.loads(results.read_text())["score"] == SET01.max_points
    empty = gradescope.run_autograder("set01", None, str(tmp_path / "nothing"), str(tmp_path / "r2.json"))
    assert empty["score"] == 0 and "No .ipynb" in empty["output"]


# ---- the transport ---------------------------------------------------------------------------------------

def test_codec_round_trip_and_refusals():
    value = (np.arange(6.0).reshape(2, 3), {"w": np.float32(1.5), "n": [1, True, None, "s"]}, float("nan"))
    back = codec.loads(codec.dumps(value))
    assert isinstance(back, tuple) and np.array_equal(back[0], value[0]) and back[0].dtype == np.float64
    assert back[1]["w"].dtype == np.float32 and back[1]["n"] == [1, True, None, "s"] and np.isnan(back[2])
    assert isinstance(codec.loads(codec.dumps(np.array([object()]))), codec.Opaque)
    assert isinstance(codec.loads(codec.dumps(1j)), codec.Opaque)
    for bad in ('{"__nd__": ["object", [1], "AAAA"]}', '{"__nd__": ["float64", [2], "AAAA"]}',
                '{"__pickle__": "x"}', '{"a": 1, "b": 2}'):
        with pytest.raises(ValueError):
            codec.loads(bad)
