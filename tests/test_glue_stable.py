"""Every glued value that does not come from a timing is the same from build to build.

Two cold builds of the same commit on the same machine, under different load, gave identical values for
every non-timing glue name (issue 14); this keeps it so. Each Principles chapter's glue names are
classified: a name matching one of TIMING[chapter] is derived from a clock (and is checked only by the
chapter's claims test and by lstmlib.timing_words), every other name must equal the value recorded in
tests/glue_reference/<chapter>.json, floats to a relative 1e-6 (the seeded experiments are
deterministic on one machine; the tolerance absorbs last-bit differences between BLAS kernels, not a
changed result; values below 1e-12, the rounding-error checks, only need to stay below it). A glue name that is in neither list fails: a new number must be classified.

Re-record after an intended change, from a build (or executed notebooks) you have checked:

    python tests/test_glue_stable.py --record /path/to/folder/with/_build
"""
from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "glue_reference"

CHAPTERS = ["01_fleeting_memory", "02_notebook_and_gates", "03_programming_the_notebook",
            "04_constant_error_carousel", "05_gru", "06_transformer"]

#: Glue names derived from a clock, by chapter (regular expressions matched against the whole name).
TIMING = {
    "05_gru": [r"ratio_numpy_(small|large)", r"ratio_torch_(small|large)", r"us_.*", r".*_verdict",
               r"train_seconds"],
    "06_transformer": [r"us_.*", r"(no)?cache_growth_text", r"lstm_step_.*", r"lstm_block_.*",
                       r"lstm_slope_ns", r"lstm_within_budget", r"lstm_budget_clause",
                       r"lstm_tail_text", r"att_.*",
                       r"kv_megabytes", r"train_(ratio|us_att|us_lstm|verdict)_\d+", r"lag_seconds",
                       r"disruption_train_seconds"],
}


def is_timing(chapter: str, name: str) -> bool:
    return name.startswith("fig_") or any(re.fullmatch(p, name) for p in TIMING.get(chapter, []))


def differences(chapter: str, values: dict, reference: dict, rel: float = 1e-6) -> list[str]:
    """What differs between a build's glue values and the reference (empty: nothing)."""
    problems = []
    for name, value in sorted(values.items()):
        if is_timing(chapter, name):
            continue
        if name not in reference:
            problems.append(f"{name}: not in the reference and not classified as timing")
            continue
        want = reference[name]
        if isinstance(want, float) and isinstance(value, (int, float)) and not isinstance(value, bool):
            # abs: values at rounding level (agreement checks of 1e-16) differ between BLAS kernels.
            same = (math.isnan(want) and math.isnan(value)) or value == pytest.approx(want, rel=rel, abs=1e-12)
        else:
            same = value == want
        if not same:
            problems.append(f"{name}: {value!r} in this build, {want!r} recorded")
    for name in sorted(set(reference) - set(values)):
        problems.append(f"{name}: recorded but no longer glued")
    return problems


def _chapter_values(root: Path, chapter: str) -> dict:
    sys.path.insert(0, str(HERE))
    from notebook_outputs import glued

    return glued(root / "_build" / "jupyter_execute" / "chapters" / f"{chapter}.ipynb")


@pytest.mark.book
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_non_timing_glue_values_match_the_record(built_book, chapter):
    reference = json.loads((REFERENCE / f"{chapter}.json").read_text(encoding="utf-8"))
    values = _chapter_values(built_book.root, chapter)
    problems = differences(chapter, values, reference)
    assert not problems, "\n".join(problems)


def test_a_changed_value_is_caught():
    # Planted faults: a changed number, a new unclassified name, a dropped name; timings may change.
    ref = {"a": 0.5, "n": 3, "s": "a success"}
    assert differences("06_transformer", {"a": 0.5 * (1 + 1e-9), "n": 3, "s": "a success", "us_x": 9.0}, ref) == []
    assert differences("06_transformer", {"a": 0.51, "n": 3, "s": "a success"}, ref)
    assert differences("06_transformer", {"a": 0.5, "n": 3, "s": "a failure"}, ref)
    assert differences("06_transformer", {"a": 0.5, "n": 3, "s": "a success", "new": 1}, ref)
    assert differences("06_transformer", {"a": 0.5, "n": 3}, ref)
    assert differences("05_gru", {"a": 0.5, "n": 3, "s": "a success", "ratio_numpy_large": 0.1}, ref) == []
    tiny = {"gap": 5.6e-17}
    assert differences("01_fleeting_memory", {"gap": 1.1e-16}, tiny) == []     # both rounding error
    assert differences("01_fleeting_memory", {"gap": 1e-9}, tiny)


def record(root: Path) -> None:
    REFERENCE.mkdir(exist_ok=True)
    for chapter in CHAPTERS:
        values = {k: v for k, v in _chapter_values(root, chapter).items() if not is_timing(chapter, k)}
        (REFERENCE / f"{chapter}.json").write_text(json.dumps(values, indent=1, sort_keys=True) + "\n",
                                                   encoding="utf-8")
        print(f"recorded {len(values)} values of {chapter}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "--record":
        sys.exit(__doc__)
    record(Path(sys.argv[2]))
