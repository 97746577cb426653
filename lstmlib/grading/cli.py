"""``lstm-grade``: release notebooks, grade submissions, export a Gradescope autograder.

  lstm-grade release OUT_DIR [--set set01 ...]       student notebooks (what the book shows)
  lstm-grade solutions OUT_DIR [--set set01 ...]     solved notebooks (instructors only)
  lstm-grade grade SUBMISSION... --out OUT_DIR [--set set01] [--gradescope] [--jobs N] [--timeout S]
                   [--item-timeout S] [--memory MB] [--extra-tests DIR] [--sandbox MODE]
  lstm-grade gradescope-zip SET OUT.zip [--extra-tests DIR]
  lstm-grade check-leaks PATH...                     exit 1 if a solution or hidden case is in PATH
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import grade, leaks, notebooks, report, sandbox, spec


def _sets(args) -> list[spec.ExerciseSet]:
    folder = Path(args.exercises)
    return [spec.load_set(s, folder) for s in args.set] if args.set else spec.load_all(folder)


def _set_of(path: Path) -> str | None:
    """The exercise set a notebook says it is (its metadata), or None."""
    try:
        if path.stat().st_size > notebooks.MAX_NOTEBOOK_MB << 20:
            return None
        meta = json.loads(path.read_bytes().decode("utf-8")).get("metadata", {})
        found = meta[notebooks.META_KEY]["set"]
        return found if isinstance(found, str) else None
    except Exception:  # unreadable files are reported by the grader itself
        return None


def _roots(args_paths: list[str], paths: list[Path]) -> list[Path | None]:
    """For each submission, the folder its identifier is relative to: the parent of the argument it was
    found under (so ``section_a/alex.ipynb`` and ``section_b/alex.ipynb`` differ, wherever the folders are)."""
    tops = [Path(a) for a in args_paths if Path(a).exists()]
    out = []
    for p in paths:
        top = next((t for t in tops if t.is_dir() and (p == t or t in p.parents)), None)
        out.append(top.parent if top is not None else p.parent)
    return out


def cmd_release(args, solved=False):
    paths = notebooks.write_notebooks(_sets(args), Path(args.out_dir), solved=solved)
    print("\n".join(str(p) for p in paths))
    return 0


def cmd_grade(args):
    for missing in [p for p in args.submissions if not Path(p).exists()]:
        print(f"lstm-grade grade: {report.display_path(missing)} does not exist; skipped", file=sys.stderr)
    paths = grade.collect(args.submissions)
    if not paths:
        print("lstm-grade grade: no .ipynb files found in " + " ".join(map(report.display_path, args.submissions)),
              file=sys.stderr)
        return 2
    folder = Path(args.exercises)
    mode, why = sandbox.sandbox_mode(args.sandbox)
    print(f"lstm-grade grade: sandbox {sandbox.MODES[mode]}" + (f". WARNING: {why}" if why else ""),
          file=sys.stderr if why or mode == "none" else sys.stdout, flush=True)
    available = spec.set_sources(folder)
    if args.set:
        groups = {args.set[0]: paths}
    else:  # each notebook against the set it says it is; the rest in one group that scores 0, loudly
        groups = {}
        for p in paths:
            groups.setdefault(_set_of(p) or "", []).append(p)
        unknown = groups.pop("", []) + [p for s in [s for s in groups if s not in available] for p in groups.pop(s)]
        if unknown and not groups:
            print("lstm-grade grade: no submission says which exercise set it is: pass --set setNN",
                  file=sys.stderr)
            return 2
        if unknown:
            groups["?"] = unknown
    extra = spec.load_extra_cases(Path(args.extra_tests) if args.extra_tests else None)
    limits = sandbox.Limits(timeout_s=args.timeout, memory_mb=args.memory, item_s=args.item_timeout)
    hidden = tuple(str(p) for p in (Path(args.out).resolve(), folder.resolve(),
                                    *([Path(args.extra_tests).resolve()] if args.extra_tests else [])))
    start = time.perf_counter()
    sets, results = {}, {}
    for set_id, group in groups.items():
        if set_id == "?":
            for p in group:
                found = _set_of(p)
                why = (f"this notebook says it is exercise set {report.plain(found)}, which is not among "
                       f"{', '.join(sorted(available))}" if found else
                       "the notebook has no exercise-set metadata, so its set is unknown: grade it with --set setNN")
                results[p] = grade.SubmissionResult(os.fsdecode(p.stem), str(p), "?", [], [why], 0.0, mode)
            continue
        sets[set_id] = exset = spec.load_set(set_id, folder)
        for p, r in zip(group, grade.grade_many(exset, group, extra.get(set_id, {}), args.jobs, limits, hidden, mode)):
            results[p] = r
    ordered = [results[p] for p in paths]
    ids = [report.submission_id(p, root) for p, root in zip(paths, _roots(args.submissions, paths))]
    seconds = time.perf_counter() - start
    written = report.write_all(sets, ordered, Path(args.out), gradescope=args.gradescope, ids=ids)
    print(f"graded {len(ordered)} submission(s) of {', '.join(sorted(sets)) or 'no known set'} in {seconds:.1f} s "
          f"({seconds / len(ordered):.2f} s each): " + ", ".join(report.display_path(w) for w in written))
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
    g.add_argument("--timeout", type=float, default=sandbox.Limits.timeout_s,
                   help="seconds per submission, in total (default %(default)s)")
    g.add_argument("--item-timeout", type=float, default=None,
                   help="seconds for one cell or one question (default: half of --timeout)")
    g.add_argument("--sandbox", default="auto", choices=["auto", *sandbox.MODES],
                   help="auto (default): bubblewrap if it works here, else the best weaker mode; "
                        "'none' is insecure and only for tests")
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
    except (ValueError, OSError, RuntimeError) as exc:  # bad arguments or sources: one clear line
        print(f"lstm-grade {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
