"""Sentences built from timings, written so that they read true for any timings a build measures.

Chapters 5 and 6 time code on a shared machine, where a timing can be off by a factor of two and a
trend fitted to a handful of points can come out with either sign. Every function here turns measured
numbers into a clause or a sentence, and chooses its words by conditions on those numbers, so that
the claim is a fact about the measurement whatever the measurement was:

- robust statistics: paired ratios from side-by-side rounds, summarized by their median and quartiles;
  trends by the Theil-Sen slope (the median of all pairwise slopes), which a few delayed steps do not
  drag around the way they drag a least-squares line;
- the uncertainty is stated: "within the noise" whenever the quartiles straddle the line compared with;
- no ratio of two slopes unless both are clearly positive.

tests/test_timing_words.py feeds every function adversarial values (noise, negative slopes, ratios on
either side of 1, NaN) and checks what each sentence may say.
"""
from __future__ import annotations

import numpy as np


def theil_sen_slope(x, y) -> float:
    """Median of the slopes between all pairs of points (x_i, y_i), x_i != x_j; NaN points are ignored.

    A robust trend: up to about 29% of the points can be arbitrarily wrong without moving it far.
    NumPy rather than scipy.stats.theilslopes because the book imports no scipy; the formula is one line.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    i, j = np.triu_indices(len(x), k=1)
    dx = x[j] - x[i]
    ok = dx != 0
    if not ok.any():
        return float("nan")
    return float(np.median((y[j] - y[i])[ok] / dx[ok]))


def ratio_quartiles(numerator, denominator) -> np.ndarray:
    """25th, 50th and 75th percentiles of the paired ratios numerator[k] / denominator[k].

    Pair the two timings of the same round of lstmlib.timing.side_by_side: both saw the same load.
    """
    a, b = np.asarray(numerator, float), np.asarray(denominator, float)
    if a.shape != b.shape or a.ndim != 1 or a.size == 0:
        raise ValueError(f"need two 1-D arrays of the same non-zero length, got shapes {a.shape} and {b.shape}")
    return np.percentile(a / b, [25, 50, 75])


def speed_verdict(quartiles, predicted: float | None = 0.75, faster: str = "the GRU",
                  slower_than: str = "the LSTM") -> str:
    """Words for a time ratio (quartiles of paired ratios, e.g. GRU time / LSTM time) against 1 and
    against the ratio that counting the arithmetic predicts (``predicted``; None: no prediction).

    The ratio is "below 1" only if even its 75th percentile is, "above" only if even its 25th is;
    otherwise the clause says the difference is within the noise and gives the spread.
    """
    q25, q50, q75 = (float(v) for v in quartiles)
    if not all(np.isfinite([q25, q50, q75])) or q25 <= 0:
        return "the measurement failed, so this build cannot compare the two"
    spread = f"the middle half of the paired ratios runs from {q25:.2f} to {q75:.2f}"
    if q75 < 1:
        head = f"{faster} is faster than {slower_than} by more than the timing noise ({spread})"
        if predicted is None:
            return head
        if q25 > predicted:
            return head + (f", though by less than the {predicted:g} that counting predicts: the "
                           "element-by-element work and the overhead of each call do not shrink in "
                           "proportion")
        if q75 < predicted:
            return head + f", by even more than the {predicted:g} that counting predicts"
        return head + f", in line with the {predicted:g} that counting predicts"
    if q25 > 1:
        return f"{faster} is slower than {slower_than} by more than the timing noise ({spread})"
    return (f"the difference is within the noise of the measurement ({spread}, on both sides of 1), "
            "so this build cannot tell the two apart")


def growth_text(first_us: float, last_us: float, steps: int, slope_ns: float) -> str:
    """How a step time changed over a run: first and last block medians (microseconds), the number
    of steps, and the robust slope in nanoseconds per step of history."""
    values = [first_us, last_us, slope_ns]
    if not all(np.isfinite(values)):
        return f"Its step time could not be measured over the {steps:,} steps it ran."
    change = "grew" if last_us > first_us else "did not grow" if last_us == first_us else "fell"
    text = (f"The attention layer's step {change} from {first_us:.1f} to {last_us:.1f} microseconds over "
            f"the {steps:,} steps it ran")
    if slope_ns > 0:
        return text + f", about {slope_ns:.0f} nanoseconds more for every sample of history (robust trend)"
    return text + (", with no upward trend that the block medians can show on this machine (their robust "
                   f"slope is {slope_ns:.1f} nanoseconds per sample)")


def bend_text(slope_early: float, slope_late: float, state_mb: float) -> str:
    """Whether a step time rose faster in the second half of a run than in the first.

    A ratio of slopes is quoted only when both slopes are positive; a negative or zero early slope
    (noise on a short run) gives a sentence that says the trend cannot be split in two.
    """
    memory = f"by its last step the cached keys and values took {state_mb:.0f} MB"
    if not (np.isfinite(slope_early) and np.isfinite(slope_late)):
        return f"Its block medians were too few to split the run in two; {memory}."
    if slope_early > 0 and slope_late > 0:
        r = slope_late / slope_early
        if r > 1.5:
            return (f"In the second half of its run the time rose {r:.1f} times as fast as in the first, "
                    "while the count of multiply-adds grows in a straight line. The count is exact; the "
                    f"time also depends on memory: {memory}, far more than the processor's per-core cache, "
                    "and on this shared machine other processes compete for the same memory.")
        if r < 1 / 1.5:
            return (f"In the second half of its run the time rose more slowly than in the first "
                    f"({r:.2f} times as fast), although the count of multiply-adds grows in a straight line: "
                    f"on a shared machine the load changes during a run; {memory}.")
        return (f"Its time grew at about the same rate in both halves of the run, as the count of "
                f"multiply-adds does; {memory}.")
    return ("In at least one half of its run the block medians show no rise at all, so the noise of this "
            f"machine hides how the trend bends; {memory}.")


def crossing_fit_text(slope: float, intercept: float, budget_us: float, rate_hz: float = 1000.0) -> str:
    """Where a straight line (a robust fit of step time against history) reaches a budget."""
    if not (np.isfinite(slope) and np.isfinite(intercept)) or slope <= 0:
        return "Its block medians show no upward trend to extrapolate from in this run."
    at = (budget_us - intercept) / slope
    if at <= 0:
        return "A straight line through its block medians is over the budget from the start."
    return (f"A straight line through its block medians reaches the budget at a history of about {at:,.0f} "
            f"samples, {at / rate_hz:,.1f} seconds of data at {rate_hz:,.0f} samples a second.")


def paired_growth_text(early, late, S_early: int, S_late: int, what: str = "the cached attention step",
                       against: str = "the LSTM step") -> str:
    """Whether a step time grew with the history, measured against another step timed at the same moment.

    early, late: quartiles (25th, 50th, 75th percentiles) of the paired ratios time(what) / time(against)
    over the steps just before history lengths S_early and S_late (lstmlib.timing_words.ratio_quartiles
    on steps taken side by side, so a change of load between the two lengths cancels). The clause says
    "grew" only if the late ratios' 25th percentile is above the early ones' 75th, "fell" only if the
    late 75th is below the early 25th, and otherwise that the noise hides any change.
    """
    e25, e50, e75 = (float(v) for v in early)
    l25, l50, l75 = (float(v) for v in late)
    if not all(np.isfinite([e25, e50, e75, l25, l50, l75])) or min(e25, l25) <= 0:
        return (f"the timings of {what} against {against} failed in this build, so they cannot show how "
                "its cost changed with the history")
    measured = (f"{what} took {e50:.2f} times as long as {against} at S = {S_early:,} (the middle half of "
                f"the paired ratios runs from {e25:.2f} to {e75:.2f}) and {l50:.2f} times as long at "
                f"S = {S_late:,} ({l25:.2f} to {l75:.2f})")
    if l25 > e75:
        return measured + (f": its cost relative to {against} grew with the history by more than the "
                           "timing noise, as the count says")
    if l75 < e25:
        return measured + (": its relative cost fell by more than the timing noise, the opposite of what "
                           "the count says, so this build's timings do not show the counted growth")
    return measured + (": the two ranges overlap, so this build's timings are too noisy to show the "
                       "growth that the count predicts")
