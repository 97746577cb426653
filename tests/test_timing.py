"""lstmlib.timing interleaves its contenders round by round and returns every round's time."""
import numpy as np
import pytest

from lstmlib.timing import medians, side_by_side


def test_contenders_take_turns_within_each_round():
    calls = []
    samples = side_by_side({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, rounds=3, warmup=1)
    assert calls == ["a", "b"] * 4            # one warm-up round, then three measured rounds
    assert {k: v.shape for k, v in samples.items()} == {"a": (3,), "b": (3,)}
    assert all((v >= 0).all() for v in samples.values())


def test_medians_of_the_samples():
    assert medians({"x": np.array([3.0, 1.0, 2.0])}) == {"x": 2.0}


def test_rounds_must_be_positive():
    with pytest.raises(ValueError, match="rounds must be a positive integer, got 0"):
        side_by_side({"a": lambda: None}, rounds=0)
