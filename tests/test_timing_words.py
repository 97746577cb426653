"""lstmlib.timing_words: every sentence built from a timing stays true for adversarial timings.

Each builder is fed values a loaded machine can produce (noise wider than the effect, negative or zero
slopes, ratios on either side of 1, NaN), and each check states what the sentence may claim for those
values. The planted faults are the chapter 5 and 6 text builders as they were before (kept below):
the checks catch them.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from lstmlib.timing_words import (bend_text, crossing_fit_text, growth_text, paired_growth_text,
                                  ratio_quartiles, speed_verdict, theil_sen_slope)

QUARTILES = [q for q in itertools.product([0.3, 0.6, 0.74, 0.76, 0.9, 0.99, 1.0, 1.01, 1.3, 3.0], repeat=3)
             if q[0] <= q[1] <= q[2]]


def _claims(verdict: str) -> set[str]:
    words = set()
    if "is faster" in verdict:
        words.add("faster")
    if "is slower" in verdict:
        words.add("slower")
    if "within the noise" in verdict:
        words.add("noise")
    if "do not shrink in proportion" in verdict or "by less than" in verdict:
        words.add("less than predicted")
    if "even more than" in verdict:
        words.add("more than predicted")
    return words


def check_speed_verdict(builder):
    for q25, q50, q75 in QUARTILES:
        said = _claims(builder((q25, q50, q75)))
        assert ("faster" in said) == (q75 < 1), (q25, q50, q75, said)
        assert ("slower" in said) == (q25 > 1), (q25, q50, q75, said)
        assert ("noise" in said) == (q25 <= 1 <= q75), (q25, q50, q75, said)
        if "less than predicted" in said:      # slower than the 3/4 of the count, for the whole middle half
            assert q25 > 0.75
        if "more than predicted" in said:
            assert q75 < 0.75


def test_speed_verdict_is_true_for_any_quartiles():
    check_speed_verdict(lambda q: speed_verdict(q, predicted=0.75))


def test_speed_verdict_without_a_prediction():
    check_speed_verdict(lambda q: speed_verdict(q, predicted=None, faster="attention", slower_than="the LSTM"))
    assert "predicts" not in speed_verdict((0.2, 0.3, 0.4), predicted=None)


def test_speed_verdict_reports_a_failed_measurement():
    for bad in [(np.nan, 1.0, 1.2), (0.0, 0.5, 1.0), (-1.0, 0.5, 2.0)]:
        assert speed_verdict(bad).startswith("the measurement failed")


def old_chapter5_verdict(q):
    """Chapter 5 before: compared the median with 1 minus a noise level and always added the clause."""
    q25, q50, q75 = q
    noise = (q75 - q25) / q50
    if q50 < 1 - noise:
        return ("the GRU is faster by more than the timing noise, though the elementwise work and "
                "the overhead of each call do not shrink in proportion")
    return "the difference is within the noise of the measurement itself"


def test_the_old_chapter5_verdict_is_caught():
    with pytest.raises(AssertionError):
        check_speed_verdict(old_chapter5_verdict)


def test_ratio_quartiles_pairs_rounds():
    a = np.array([2.0, 4.0, 6.0, 8.0])
    b = np.array([4.0, 8.0, 12.0, 16.0])        # every round: exactly half, whatever the load did
    assert ratio_quartiles(a, b) == pytest.approx([0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match="same non-zero length"):
        ratio_quartiles(a, b[:3])


def test_theil_sen_ignores_a_few_delayed_points():
    x = np.arange(20.0)
    y = 3.0 * x + 5.0
    y[[3, 11]] += 1000.0                           # two blocks the operating system delayed
    assert theil_sen_slope(x, y) == pytest.approx(3.0)
    assert np.polyfit(x, y, 1)[0] != pytest.approx(3.0, rel=0.05)      # least squares is dragged off
    assert np.isnan(theil_sen_slope([1.0, 1.0], [2.0, 3.0]))
    assert theil_sen_slope([0, 1, 2, np.nan], [0, 2, 4, 100]) == pytest.approx(2.0)


SLOPES = [-300.0, -1.0, -1e-9, 0.0, 1e-9, 0.5, 1.0, 1.4, 1.6, 3.0, 300.0, np.nan]


def check_bend_text(builder):
    for early, late in itertools.product(SLOPES, repeat=2):
        text = builder(early, late, 12.0)
        quoted = "times as fast" in text
        if quoted:                                 # a ratio of slopes only when both are positive
            assert early > 0 and late > 0, (early, late, text)
            assert "-" not in text.split("times as fast")[0].split()[-1]
        if "rose" in text and "faster" not in text and "times as fast as in the first" in text:
            assert late > 1.5 * early > 0
        if "more slowly" in text:
            assert 0 < late < early
        if "same rate" in text:
            assert early > 0 and late > 0
        assert "nan" not in text and "inf" not in text


def test_bend_text_is_true_for_any_slopes():
    check_bend_text(bend_text)


def old_chapter6_bend(early, late, kv_mb):
    """Chapter 6 before: quoted the ratio whenever late > 1.5 * early, whatever the signs."""
    if late > 1.5 * early:
        return f"In the second half of its run the time rose {late / early:.1f} times as fast as in the first."
    return "Its time grew roughly in a straight line."


def test_the_old_chapter6_bend_is_caught():
    with pytest.raises(AssertionError):
        check_bend_text(old_chapter6_bend)


def test_growth_text_says_grew_only_when_it_grew():
    for first, last, slope in itertools.product([10.0, 50.0, np.nan], [5.0, 10.0, 80.0], [-40.0, 0.0, 25.0]):
        text = growth_text(first, last, 5000, slope)
        if not np.isfinite(first):
            assert "could not be measured" in text
            continue
        assert ("step grew" in text) == (last > first)
        assert ("more for every sample" in text) == (slope > 0)
        assert "-" not in text.split("nanoseconds more")[0][-6:]


def test_crossing_fit_text_extrapolates_only_a_rising_line():
    assert "no upward trend" in crossing_fit_text(-3.0, 100.0, 1000.0)
    assert "no upward trend" in crossing_fit_text(0.0, 100.0, 1000.0)
    assert "no upward trend" in crossing_fit_text(np.nan, 100.0, 1000.0)
    assert "from the start" in crossing_fit_text(0.1, 2000.0, 1000.0)
    text = crossing_fit_text(0.1, 100.0, 1000.0)
    assert "about 9,000 samples" in text and "9.0 seconds" in text


GROWTH_QUARTILES = [q for q in QUARTILES if q[0] < q[2]][::7] + [(0.8, 1.0, 1.2), (np.nan, 1.0, 1.1),
                                                                 (0.0, 0.5, 1.0)]


def check_paired_growth(builder):
    """What a sentence about a step time at two history lengths (paired ratios against a constant-work
    step timed at the same moment) may say, for quartiles on either side of each other and of 1."""
    for early, late in itertools.product(GROWTH_QUARTILES, repeat=2):
        text = builder(early, late)
        assert "nan" not in text and "inf" not in text, (early, late, text)
        finite = np.isfinite(early + late).all() and min(early[0], late[0]) > 0
        if not finite:
            assert "failed" in text, (early, late, text)
            continue
        grew, fell = late[0] > early[2], late[2] < early[0]
        claims_growth = "grew" in text or text.startswith("Even so")
        assert claims_growth == grew, (early, late, text)
        assert ("fell" in text) == fell, (early, late, text)
        assert ("too noisy" in text) == (not grew and not fell), (early, late, text)
        assert f"{early[1]:.2f} times as long" in text and f"{late[1]:.2f} times as long" in text


def test_paired_growth_text_is_true_for_any_quartiles():
    check_paired_growth(lambda e, l: paired_growth_text(e, l, 64, 4096))


def old_chapter6_growth(early, late):
    """Chapter 6 before: 'Even so, ... takes {ratio} times as long at S = 4096', whatever the ratio (a
    loaded build printed 0.8 times as long under 'Even so'); here with the paired medians."""
    return (f"Even so, the cached attention step takes {late[1] / early[1]:.1f} times as long at S = 4,096 "
            f"as at S = 64 ({early[1]:.2f} times as long as the LSTM step, then {late[1]:.2f} times as long)")


def test_the_old_chapter6_growth_sentence_is_caught():
    with pytest.raises(AssertionError):
        check_paired_growth(old_chapter6_growth)
