"""``lstm-grade``: release notebooks, grade submissions, export a Gradescope autograder.

  lstm-grade release OUT_DIR [--set set01 ...]       student notebooks (what the book shows)
  lstm-grade solutions OUT_DIR [--set set01 ...]     solved notebooks (instructors only)
  lstm-grade grade SUBMISSION... --out OUT_DIR [--set set01] [--gradescope] [--jobs N] [--timeout S]
                   [--memory MB] [--extra-tests DIR]
  lstm-grade gradescope-zip SET OUT.zip [--extra-tests DIR]
  lstm-grade check-leaks PATH...                     exit 1 if a solution or hidden case is in PATH
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

from . import grade, leaks, notebooks, report, sandbox, spec


def _sets(args) -> list[spec.ExerciseSet]:
    folder = Path(args.exercises)
    return [spec.load_set(s, folder) for s in args.set] if args.set else spec.load_all(folder)


def _infer_set(paths: list[Path]) -> str | None:
    """The exercise set most submissions say they are (notebook metadata)."""
    found = collections.Counter()
    for p in paths:
        try:
            meta = json.loads(p.read_text(encoding="utf-8")).get("metadata", {})
            found[meta[notebooks.META_KEY]["set"]] += 1
        except Exception:  # unreadable files are reported by the grader itself
            continue
    return found.most_common(1)[0][0] if found else None


def cmd_release(args, solved=False):
    paths = notebooks.write_notebooks(_sets(args), Path(args.out_dir), solved=solved)
    print("\n".join(str(p) for p in paths))
    return 0


def cmd_grade(args):
    for missing in [p for p in args.submissions if not Path(p).exists()]:
        print(f"lstm-grade grade: {missing} does not exist; skipped", file=sys.stderr)
    paths = grade.collect(args.submissions)
    if not paths:
        print("lstm-grade grade: no .ipynb files found in " + " ".join(args.submissions), file=sys.stderr)
        return 2
    set_id = args.set[0] if args.set else _infer_set(paths)
    if set_id is None:
        print("lstm-grade grade: no submission says which exercise set it is: pass --set setNN", file=sys.stderr)
        return 2
    exset = spec.load_set(set_id, Path(args.exercises))
    extra = spec.load_extra_cases(Path(args.extra_tests) if args.extra_tests else None)
    limits = sandbox.Limits(timeout_s=args.timeout, memory_mb=args.memory)
    deny = tuple(str(p) for p in (Path(args.out).resolve(), Path(args.exercises).resolve(),
                                  *([Path(args.extra_tests).resolve()] if args.extra_tests else [])))
    start = time.perf_counter()
    results = grade.grade_many(exset, paths, extra.get(exset.id, {}), args.jobs, limits, deny)
    seconds = time.perf_counter() - start
    report.write_all(exset, results, Path(args.out), gradescope=args.gradescope)
    print(f"graded {len(results)} submission(s) of {exset.id} in {seconds:.1f} s "
          f"({seconds / len(results):.2f} s each): {Path(args.out) / 'grades.csv'}")
    return 0


def cmd_gradescope_zip(args):
    from . import gradescope
    exset = spec.load_set(args.set_id, Path(args.exercises))
    gradescope.write_zip(exset, Path(args.zip), Path(args.exercises), args.extra_tests)
    print(args.zip)
    return 0


def cmd_check_leaks(args):
    found = leaks.find_leaks(args.paths, spec.load_all(Path(args.exercises)))
    print("\n".join(found) if found else "no solution or hidden case found")
    return 1 if found else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lstm-grade", description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--exercises", default=str(spec.EXERCISES), help="folder of setNN_*.py sources")
    sub = p.add_subparsers(dest="command", required=True)
    for name, help_ in (("release", "write the student notebooks"), ("solutions", "write the solved notebooks")):
        s = sub.add_parser(name, help=help_)
        s.add_argument("out_dir")
        s.add_argument("--set", action="append", help="only this set (repeatable); default: all")
    g = sub.add_parser("grade", help="grade notebooks (or folders of them)")
    g.add_argument("submissions", nargs="+")
    g.add_argument("--out", required=True, help="writes grades.csv, feedback/, gradescope/")
    g.add_argument("--set", action="append", help="the exercise set (default: what the notebooks say)")
    g.add_argument("--gradescope", action="store_true", help="also write Gradescope results JSON per submission")
    g.add_argument("--jobs", type=int, default=None, help="parallel submissions (default: all cores)")
    g.add_argument("--timeout", type=float, default=sandbox.Limits.timeout_s, help="seconds per submission run")
    g.add_argument("--memory", type=int, default=sandbox.Limits.memory_mb, help="MB of memory per submission")
    g.add_argument("--extra-tests", help="folder of .py files defining EXTRA_CASES (private hidden cases)")
    z = sub.add_parser("gradescope-zip", help="write a Gradescope autograder zip for one set")
    z.add_argument("set_id")
    z.add_argument("zip")
    z.add_argument("--extra-tests", help="folder of .py files defining EXTRA_CASES, bundled into the zip")
    c = sub.add_parser("check-leaks", help="fail if a solution or hidden case appears in these files")
    c.add_argument("paths", nargs="+")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return {"release": cmd_release, "solutions": lambda a: cmd_release(a, solved=True), "grade": cmd_grade,
                "gradescope-zip": cmd_gradescope_zip, "check-leaks": cmd_check_leaks}[args.command](args)
    except (ValueError, OSError) as exc:  # bad arguments or sources: one clear line, no traceback
        print(f"lstm-grade {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
