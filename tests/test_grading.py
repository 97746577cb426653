"""The grader (issue 7): reference solutions score full marks, released notebooks score 0, and every wrong,
broken or adversarial submission in tests/grading_corpus/ scores what it deserves, in one parallel batch
that always completes. Also: generated notebooks are fresh and leak nothing, check() works, extra hidden
tests, the Gradescope export, and the transport codec."""
from __future__ import annotations

import base64
import csv
import html
import json
import os
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
TIMEOUT = "40"      # seconds per submission in total; generous for a loaded machine
ITEM_TIMEOUT = "12"  # seconds for one cell or one question (imports of matplotlib take 3 s under load)


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
        elif line.startswith("# problems:"):
            info["problems"] = line.split(":", 1)[1].strip()
    return info


def tokens(canary: Path, root: Path | None = None) -> dict[str, str]:
    q2 = SET00.question("q2")
    expected, _ = reference.expected_outputs(SET00, "q2")
    public = [(c.args[0], e) for c, e in zip(q2.public, expected)]
    root = root or canary.parent.parent
    return {"{EXERCISES}": str(spec.EXERCISES), "{CANARY}": str(canary), "{PUBLIC_Q2}": notebooks.to_literal(public),
            "{PACKAGE_DIR}": str(PACKAGE_DIR), "{SOURCES}": str(SOURCES.resolve()),
            "{SUBMISSIONS}": str(root / "submissions"), "{OUT}": str(root / "out"),
            "{U2028}": "\u2028", "{U0085}": "\u0085"}


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


def build_submissions(root: Path, files=None) -> tuple[Path, Path]:
    """Every corpus submission (or ``files``) plus released/solved/other-set notebooks, in root/submissions."""
    subs_dir = root / "submissions"
    subs_dir.mkdir()
    canary = root / "grader_files" / "canary.txt"
    canary.parent.mkdir()
    canary.write_text("untouched")
    subs = tokens(canary, root)
    for path in CORPUS_FILES if files is None else files:
        (subs_dir / f"{path.stem}.ipynb").write_text(notebooks.dumps(build(parse_corpus(path), subs)))
    for name in ("victim_solved", "classmate_solved"):  # what cheats overwrite and copy
        (subs_dir / f"{name}.ipynb").write_text(notebooks.dumps(notebooks.build_notebook(SET00, solved=True)))
    if files is not None:
        return subs_dir, canary
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
    return subs_dir, canary


def run_batch(root: Path, subs_dir: Path, sandbox_mode: str = "auto", runner=None) -> dict:
    out = root / "out"
    argv = ["--exercises", str(SOURCES), "grade", str(subs_dir), "--out", str(out), "--gradescope", "--set", "set00",
            "--timeout", TIMEOUT, "--item-timeout", ITEM_TIMEOUT, "--jobs", "2", "--sandbox", sandbox_mode]
    n = len(list(subs_dir.iterdir()))
    start = time.perf_counter()
    code = runner(argv) if runner else cli.main(argv)
    seconds = time.perf_counter() - start
    time.sleep(3)  # anything a submission left behind would act now: the rows are read after it
    rows = read_rows(out / "grades_set00.csv")
    return {"code": code, "rows": rows, "out": out, "n": n, "seconds": seconds, "root": root}


def read_rows(path: Path) -> dict:
    """{file stem: row} of a grades CSV."""
    with open(path, newline="", encoding="utf-8") as f:
        return {Path(r["file"]).stem: r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Build every corpus submission plus the released/solved/other-set notebooks; grade them in ONE batch."""
    root = tmp_path_factory.mktemp("grading")
    subs_dir, canary = build_submissions(root)
    digests = {p.name: p.read_bytes() for p in subs_dir.iterdir()}
    result = run_batch(root, subs_dir)
    result.update(canary=canary, digests=digests, grades_csv=(result["out"] / "grades.csv").read_bytes())
    return result


def feedback(batch, name: str) -> str:
    """The feedback of submission ``name`` (its file stem), with Markdown/HTML escapes undone for searching."""
    sid = batch["rows"][name]["student"].lstrip("'")
    text = (batch["out"] / "feedback" / f"{sid}.md").read_text()
    return html.unescape(re.sub(r"\\([\\`*_{}\[\]()#!|~])", r"\1", text))


# ---- the corpus ------------------------------------------------------------------------------------------

def test_batch_completes_with_a_row_per_submission(batch):
    assert batch["code"] == 0
    assert len(batch["rows"]) == batch["n"]
    header = next(iter(batch["rows"].values())).keys()
    assert list(header) == ["student", "file", "q1 (1)", "q2 (2)", "total", "max_total", "sandbox", "problems"]
    assert {r["sandbox"] for r in batch["rows"].values()} == {"bwrap"}
    assert all(r["max_total"] == "3" for r in batch["rows"].values())
    print(f"\n{batch['n']} submissions in {batch['seconds']:.1f} s ({batch['seconds'] / batch['n']:.2f} s each)")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])
def test_corpus_submission_scores_what_it_deserves(batch, path):
    info, row = parse_corpus(path), batch["rows"][path.stem]
    text = feedback(batch, path.stem)
    got = {q: float(row[f"{q} ({SET00.question(q).points:g})"]) for q in info["expect"]}
    assert got == info["expect"], text
    subs = tokens(batch["canary"], batch["root"])
    for needle in info["feedback"]:
        for token, value in subs.items():
            needle = needle.replace(token, value)
        assert needle in text, f"{needle!r} not in the feedback:\n{text}"
    if "problems" in info:
        assert row["problems"] == info["problems"], text
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
    subs = batch["root"] / "submissions"
    assert {p.name: p.read_bytes() for p in subs.iterdir()} == batch["digests"], "a submission was changed"
    assert batch["rows"]["victim_solved"]["total"] == "3"
    grades = (batch["out"] / "grades.csv").read_bytes()
    assert grades == batch["grades_csv"] and grades.startswith(b"student,file,set,"), "grades.csv was rewritten"


def test_reports_cannot_be_forged(batch):
    """One Total line and no heading, tag, link or terminal escape from a submission, in any report."""
    raw = (batch["out"] / "feedback" / f"{batch['rows']['forge_report']['student']}.md").read_text()
    assert [ln for ln in raw.splitlines() if ln.startswith("Total:")] == ["Total: **3 / 3**"]
    assert not [ln for ln in raw.splitlines() if ln.startswith("#") and "forged" in ln]
    assert "boom" in raw
    for path in [*(batch["out"] / "feedback").glob("*.md"), *(batch["out"] / "gradescope").glob("*.json")]:
        text = path.read_text()
        for live in ("<script", "<img", "\x1b", "\u202e", "](http"):
            assert live not in text, f"{path.name} holds {live!r}"
    res = json.loads((batch["out"] / "gradescope" / f"{batch['rows']['forge_report']['student']}.json").read_text())
    assert res["output_format"] == "md" and all(t["output_format"] == "md" for t in res["tests"])


def _encodings(arr: np.ndarray) -> list[str]:
    raw = np.ascontiguousarray(arr).tobytes()
    return [raw.hex()[:32], raw.hex().upper()[:32], base64.b64encode(raw).decode()[:24]]


def test_feedback_reveals_no_hidden_case_or_solution(batch):
    """No secret in any feedback or Gradescope file, unless the student wrote it (a cell label quotes the
    student's own first line)."""
    secrets = leaks.secrets_of(SET00)
    stems = {r["student"]: stem for stem, r in batch["rows"].items()}
    for path in [*(batch["out"] / "feedback").glob("*.md"), *(batch["out"] / "gradescope").glob("*.json")]:
        text = path.read_text()
        own = (batch["out"].parent / "submissions" / f"{stems[path.stem]}.ipynb").read_text(errors="replace")
        leaked = [what for needle, what in secrets.items() if needle in text and needle not in own]
        assert not leaked, f"{path.name}: {leaked}"
    hidden_lines = [ln for p in (batch["out"] / "feedback").glob("*.md") for ln in p.read_text().splitlines()
                    if "Hidden case" in ln or "Your value" in ln or "code cell" in ln]
    assert hidden_lines and not [ln for ln in hidden_lines if re.search(r"\d\.\d{5}", ln)]
    assert "Hidden case 1: raised ValueError" in feedback(batch, "cheat_exfiltrate_errors")
    hidden = [a for q in SET00.questions for vis, c in q.cases() if vis == "hidden" for a in c.args
              if isinstance(a, np.ndarray)]
    needles = [e for a in hidden for e in _encodings(a)]
    for path in [*(batch["out"] / "feedback").glob("*.md"), *(batch["out"] / "gradescope").glob("*.json")]:
        text = path.read_text()
        assert not [n for n in needles if n in text], f"{path.name}: a hidden input, hex or base64 encoded"


def test_gradescope_results_json(batch):
    ids = {stem: r["student"] for stem, r in batch["rows"].items()}
    res = json.loads((batch["out"] / "gradescope" / f"{ids['solved']}.json").read_text())
    assert res["score"] == 3 and [t["max_score"] for t in res["tests"]] == [1, 2]
    assert {"name", "score", "max_score", "output", "visibility"} <= res["tests"][0].keys()
    bad = json.loads((batch["out"] / "gradescope" / f"{ids['not_json']}.json").read_text())
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
    with open(out / "grades_set00.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["total"] for r in rows] == ["3", "0"] and len({r["student"] for r in rows}) == 2
    assert all(r["student"].startswith("alex-") for r in rows)
    assert sorted(p.stem for p in (out / "feedback").glob("*.md")) == sorted(r["student"] for r in rows)
    assert "Total: **0 / 3**" in (out / "feedback" / f"{rows[1]['student']}.md").read_text()


ODD_NAMES = [b"=HYPERLINK(\"x\").ipynb", b"+1.ipynb", b"-2.ipynb", b"@SUM(A1).ipynb", b"\tTab.ipynb",
             b"\rCR.ipynb", b"evil\nTotal: **3 of 3**\n## q1.ipynb", b"jos\xe9.ipynb", b"ada lovelace.ipynb",
             b"ada_lovelace.ipynb", b"<script>alert(1)<\\script>.ipynb", b"\x1b[2J.ipynb"]


def test_any_file_name_gets_a_stable_unique_safe_row(tmp_path):
    """Formula-looking, newline, Latin-1, HTML and ANSI file names; a lone surrogate in a cell; a folder named
    grades.csv in the output folder: the batch completes, every row is neutralised, ids are unique and the
    same in a second run."""
    subs = tmp_path / "subs"
    subs.mkdir()
    solved = notebooks.build_notebook(SET00, solved=True)
    for name in ODD_NAMES:
        with open(os.path.join(os.fsencode(subs), name), "w") as f:
            f.write(notebooks.dumps(solved))
    lone = notebooks.build_notebook(SET00, solved=True)
    lone["cells"].append({"cell_type": "code", "id": "x", "metadata": {}, "source": "s = '\ud800'",
                          "execution_count": None, "outputs": []})
    (subs / "surrogate.ipynb").write_text(json.dumps(lone))
    out = tmp_path / "out"
    (out / "grades.csv").mkdir(parents=True)  # in the way: the grader writes beside it and says so
    argv = ["--exercises", str(SOURCES), "grade", str(subs), "--out", str(out), "--set", "set00", "--gradescope"]
    assert cli.main(argv) == 0
    first = (out / "grades_set00.csv").read_bytes()
    rows = list(csv.reader(first.decode().splitlines()))[1:]
    assert len(rows) == len(ODD_NAMES) + 1 and all(r[4] == "3" for r in rows), rows
    assert len({r[0] for r in rows}) == len(rows)
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) and "\n" not in cell and "\x1b" not in cell
    assert (out / "grades.new.csv").is_file()
    for path in (out / "feedback").glob("*.md"):
        text = path.read_text()
        assert [ln for ln in text.splitlines() if ln.startswith("Total:")] == ["Total: **3 / 3**"], text
        assert "<script" not in text and "\x1b" not in text and not re.search(r"^## q1\.ipynb", text, re.M)
    assert cli.main(argv) == 0
    assert (out / "grades_set00.csv").read_bytes() == first, "identifiers changed between two runs"


def test_mixed_sets_in_one_folder(tmp_path):
    """Each notebook against its own set: one CSV per set and a combined one; a notebook without metadata
    is not guessed at."""
    subs = tmp_path / "subs"
    sets = [spec.load_set("set01"), spec.load_set("set05")]
    paths = [p for s in sets for p in notebooks.write_notebooks([s], subs, solved=True)]
    orphan = notebooks.build_notebook(sets[0], solved=True)
    del orphan["metadata"]["lstm_book"]
    (subs / "orphan.ipynb").write_text(notebooks.dumps(orphan))
    out = tmp_path / "out"
    assert cli.main(["grade", str(subs), "--out", str(out), "--jobs", "2"]) == 0
    combined = read_rows(out / "grades.csv")
    for s, p in zip(sets, paths):
        assert combined[p.stem]["set"] == s.id and combined[p.stem]["total"] == f"{s.max_points:g}"
        assert read_rows(out / f"grades_{s.id}.csv")[p.stem]["total"] == f"{s.max_points:g}"
    assert combined["orphan"]["total"] == "0" and combined["orphan"]["problems"] == "1"
    text = (out / "feedback" / f"{combined['orphan']['student']}.md").read_text()
    assert "no exercise" in text and "set" in text


# The attacks that, where nothing stops them, turn into full marks or a changed file. (Never run here with
# the sandbox off: fork bombs, memory floods, killing every visible process.)
ESCAPES = ["cheat_read_sources", "cheat_ctypes_open", "cheat_dirfd", "cheat_subinterpreter", "cheat_proc_walk",
           "cheat_read_classmate", "cheat_overwrite_classmate", "cheat_leave_process"]


def test_with_the_sandbox_off_the_attacks_get_through(tmp_path):
    """The corpus's attacks are real: with --sandbox none (insecure, tests only) they score full marks, change
    a classmate's notebook and rewrite grades.csv after the grader has finished."""
    subs_dir, _ = build_submissions(tmp_path, [CORPUS / f"{n}.py" for n in ESCAPES])
    result = run_batch(tmp_path, subs_dir, sandbox_mode="none")
    for name in ESCAPES[:6]:
        assert result["rows"][name]["total"] == "3", (name, feedback(result, name))
    assert result["rows"]["victim_solved"]["total"] == "0"
    assert (result["out"] / "grades.csv").read_text().startswith("student,total\nforged")


def test_the_corpus_as_an_unprivileged_user(tmp_path):
    """The same corpus graded by a grader that is not root: uid 1000 with no capabilities, in a user and PID
    namespace of its own (util-linux ``unshare``; a bwrap'd grader cannot start bwrap again, because bwrap
    covers parts of its /proc and the kernel then refuses a nested /proc): the sandbox's unprivileged
    profile holds too."""
    subs_dir, canary = build_submissions(tmp_path)

    def runner(argv):
        cmd = ["unshare", "--user", "--map-user=1000", "--map-group=1000", "--pid", "--fork", "--mount",
               "--mount-proc", "env", f"MPLCONFIGDIR={tmp_path / 'mpl'}",
               str(Path(sys.executable).with_name("lstm-grade")), *argv]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
        assert "sandbox bwrap" in done.stdout, done.stdout + done.stderr
        return done.returncode

    result = run_batch(tmp_path, subs_dir, runner=runner)
    assert result["code"] == 0
    for path in CORPUS_FILES:
        info, row = parse_corpus(path), result["rows"][path.stem]
        got = {q: float(row[f"{q} ({SET00.question(q).points:g})"]) for q in info["expect"]}
        assert got == info["expect"], (path.stem, feedback(result, path.stem))
    assert canary.read_text() == "untouched" and result["rows"]["victim_solved"]["total"] == "3"
    assert (result["out"] / "grades.csv").read_text().startswith("student,file,set,")


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


def gradescope_root(tmp_path: Path, zip_path: Path) -> Path:
    """Gradescope's documented layout in a folder: source/ (the zip), submission/, results/, venv/ (what
    setup.sh would make: here this environment)."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(zip_path) as f:
        f.extractall(root / "source")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    (root / "venv").symlink_to(Path(sys.prefix))
    return root


def test_gradescope_zip_runs_the_autograder(tmp_path):
    z = tmp_path / "autograder.zip"
    assert cli.main(["gradescope-zip", "set01", str(z)]) == 0
    with zipfile.ZipFile(z) as f:
        names = f.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in f.infolist()}
        setup = f.read("setup.sh").decode()
    assert {"setup.sh", "run_autograder", "exercises/set01_fleeting_memory.py", "lstmlib/grading/_child.py"} <= set(names)
    assert not [n for n in names if n.startswith("exercises/") and "set01" not in n]
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR
    assert "bubblewrap" in setup and "==" not in setup and '"numpy>=' in setup, setup
    root = gradescope_root(tmp_path, z)
    solved = notebooks.write_notebooks([SET01], root / "submission", solved=True)[0]
    nb = json.loads(solved.read_text())
    answer = next(c for c in nb["cells"] if "solution" in c["metadata"]["tags"] and "answer_q1" in c["source"])
    answer["source"] = "import os\n" + answer["source"] + "\nif os.getuid() == 0 or os.geteuid() == 0:\n" \
        "    answer_q1 = -1.0  # running as root: this submission loses the point\n"
    solved.write_text(notebooks.dumps(nb))
    (root / "submission" / "Untitled.ipynb").write_text(notebooks.dumps(notebooks.build_notebook(SET01)))
    env = {**os.environ, "AUTOGRADER": str(root)}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    res = json.loads((root / "results" / "results.json").read_text())
    assert res["score"] == SET01.max_points, res
    assert "You uploaded 2 notebooks" in res["output"] and "Untitled" in res["output"]
    assert res["output_format"] == "md" and all(t["output_format"] == "md" for t in res["tests"])
    assert res["extra_data"]["sandbox"] == "bwrap" and "sandbox bwrap" in done.stdout
    empty = gradescope.run_autograder("set01", None, str(tmp_path / "nothing"), str(tmp_path / "r2.json"))
    assert empty["score"] == 0 and "No .ipynb" in empty["output"] and empty["output_format"] == "md"


# ---- the transport ---------------------------------------------------------------------------------------

def test_codec_round_trip_and_refusals():
    value = (np.arange(6.0).reshape(2, 3), {"w": np.float32(1.5), "n": [1, True, None, "s"]}, float("nan"))
    back = codec.loads(codec.dumps(value))
    assert isinstance(back, tuple) and np.array_equal(back[0], value[0]) and back[0].dtype == np.float64
    assert back[1]["w"].dtype == np.float64 and back[1]["w"].shape == () and back[1]["n"] == [1, True, None, "s"]
    assert np.isnan(back[2])
    for x in (np.int64(7), np.array(3, dtype=np.int8), np.uint64(2**64 - 1), np.longdouble(0.1),
              np.array([1.5, -2.0], dtype=">f8"), np.array([[1, 2]], dtype=">i4"), np.float16(0.5), np.bool_(True)):
        got = codec.loads(codec.dumps(x))
        assert got.shape == np.shape(x) and got.dtype.byteorder in "=|" and got.dtype.kind in "bif"
        assert np.allclose(got.astype(np.float64), np.asarray(x).astype(np.float64))
    assert isinstance(codec.loads(codec.dumps(np.array([object()]))), codec.Opaque)
    assert isinstance(codec.loads(codec.dumps(1j)), codec.Opaque)
    for bad in ('{"nd": ["O", [1], "AAAA"]}', '{"nd": ["<f8", [2], "AAAA"]}', '{"nd": ["V8", [1], "AAAAAAAAAAA="]}',
                '{"pickle": "x"}', '{"a": 1, "b": 2}', '{"nd": ["<f8", [-1], ""]}'):
        with pytest.raises(ValueError):
            codec.loads(bad)


def test_frames_are_size_limited():
    reader = codec.FrameReader(max_frame=100, max_total=1000)
    reader.feed(codec.frame_bytes({"t": "begin", "item": "cell 0"}))
    assert reader.frames == [{"t": "begin", "item": "cell 0"}]
    with pytest.raises(codec.FrameError, match="larger than"):
        codec.FrameReader(100, 1000).feed(codec.frame_bytes({"t": "x" * 200}))
    with pytest.raises(codec.FrameError, match="not JSON"):
        codec.FrameReader(100, 1000).feed(codec.HEADER.pack(3) + b"{{{")


def test_without_bubblewrap_the_grader_says_so_and_names_the_weaker_mode(tmp_path, monkeypatch, capsys):
    """bwrap missing from PATH: one loud line at the start, and the sandbox column names the weaker mode."""
    from lstmlib.grading import sandbox
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    sandbox.sandbox_mode.cache_clear()
    try:
        mode, why = sandbox.sandbox_mode()
        assert mode in ("user", "process") and "not installed" in why
        subs = tmp_path / "subs"
        notebooks.write_notebooks([SET00], subs, solved=True)
        assert cli.main(["--exercises", str(SOURCES), "grade", str(subs), "--out", str(tmp_path / "out")]) == 0
        err = capsys.readouterr().err
        assert err.count("WARNING") == 1 and "bubblewrap (bwrap) is not installed" in err
        row = next(iter(read_rows(tmp_path / "out" / "grades.csv").values()))
        assert row["sandbox"] == mode and row["total"] == "3"
        with pytest.raises(RuntimeError, match="bwrap is not installed"):
            sandbox.sandbox_mode("bwrap")
    finally:
        sandbox.sandbox_mode.cache_clear()


WHO_AM_I = ("import os\nwho = [os.getuid(), os.geteuid(), os.getgid(), len(os.getgroups())]\n"
            "caps = [line.split()[1] for line in open('/proc/self/status') if line.startswith(('CapEff', 'CapPrm'))]\n"
            "uid_map = open('/proc/self/uid_map').read().split()\n")


def _who_in_the_sandbox() -> dict:
    from lstmlib.grading import sandbox
    run = sandbox.run_submission([WHO_AM_I], [(q, None, q, []) for q in ("who", "caps", "uid_map")], mode="bwrap")
    return {q: r.values.get(0) for q, r in run.questions.items()}


def test_a_failing_util_linux_drop_falls_back_to_the_python_one(monkeypatch):
    """As root, bwrap has no user namespace, and the sandbox drops to uid 65534 in one of its own with
    util-linux's setpriv and unshare. Where that stage fails (planted: an option unshare does not have), the
    probe sees it and _child.py's own drop takes over. Either way: uid and gid 65534, no groups, no
    capabilities, 65534 mapped to itself. (Not root: bwrap makes the user namespace, and no stage runs.)"""
    from lstmlib.grading import sandbox
    if os.geteuid() != 0:
        cmd = sandbox.bwrap_command(3)
        assert "--drop" not in cmd and "setpriv" not in cmd and "--unshare-user" in cmd
        return
    expected = {"who": [65534, 65534, 65534, 0], "caps": ["0000000000000000"] * 2, "uid_map": ["65534", "65534", "1"]}
    monkeypatch.setattr(sandbox, "_DROP_IN_PYTHON", False)
    sandbox.sandbox_mode.cache_clear()
    try:
        assert sandbox.sandbox_mode() == ("bwrap", None) and sandbox._util_linux_drop()
        assert "setpriv" in sandbox.bwrap_command(3) and "--drop" not in sandbox.bwrap_command(3)
        assert _who_in_the_sandbox() == expected
        monkeypatch.setattr(sandbox, "UTIL_LINUX_DROP", (*sandbox.UTIL_LINUX_DROP[:-1], "--no-such-option", "--"))
        sandbox.sandbox_mode.cache_clear()
        assert sandbox.sandbox_mode() == ("bwrap", None) and sandbox._DROP_IN_PYTHON
        assert "setpriv" not in sandbox.bwrap_command(3) and "--drop" in sandbox.bwrap_command(3)
        assert _who_in_the_sandbox() == expected
    finally:
        sandbox.sandbox_mode.cache_clear()


def _descendants(root: int) -> set[int]:
    """Live (not zombie) processes below ``root``."""
    parent, state = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state[int(pid)], parent[int(pid)] = fields[0], int(fields[1])
    found, frontier = set(), {root}
    while frontier:
        frontier = {p for p, pp in parent.items() if pp in frontier and p not in found}
        found |= frontier
    return {p for p in found if state.get(p) != "Z"}


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                alive.add(pid)
        except OSError:
            pass
    return alive


def test_the_sandbox_dies_with_the_grader(tmp_path):
    """SIGKILL to the grader while a submission (and a process it forked) sleeps: nothing of the sandbox is
    left (--die-with-parent, and the PID namespace goes with its init)."""
    subs = tmp_path / "subs"
    nb = notebooks.build_notebook(SET00, solved=True)
    nb["cells"].append({"cell_type": "code", "id": "sleep", "metadata": {}, "execution_count": None, "outputs": [],
                        "source": "import os, time\nif os.fork() == 0:\n    time.sleep(120)\ntime.sleep(120)"})
    subs.mkdir()
    (subs / "sleeper.ipynb").write_text(notebooks.dumps(nb))
    grader = subprocess.Popen([str(Path(sys.executable).with_name("lstm-grade")), "--exercises", str(SOURCES), "grade",
                               str(subs), "--out", str(tmp_path / "out"), "--set", "set00", "--timeout", "200"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, seen = time.monotonic() + 120, set()
    while time.monotonic() < deadline and len(seen) < 4:  # bwrap, its init, the child, the child's fork
        seen |= _descendants(grader.pid)
        time.sleep(0.2)
    assert len(seen) >= 4, f"the sandbox never started: {seen}"
    for _ in range(15):  # the fork happens once the cells run
        time.sleep(0.2)
        seen |= _descendants(grader.pid)
    grader.kill()
    grader.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(seen):
        time.sleep(0.2)
    assert not _alive(seen), "sandboxed processes outlived the grader"
