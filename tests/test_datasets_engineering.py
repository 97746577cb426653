"""The engineering chapter's three series load as the catalogue describes them, from files whose
SHA-256 is checked, without importing the packages that ship them."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from lstmlib.datasets import electricity


def test_electricity_is_twelve_weeks_of_half_hours_in_megawatts():
    from lstmlib.datasets.electricity import PER_WEEK, load_electricity
    x = load_electricity()
    assert x.shape == (12 * PER_WEEK,) and x.dtype == np.float64
    assert x[:3].tolist() == [22262.0, 21756.0, 22247.0]         # pmdarima's own doctest values
    assert 15_000 < x.min() < x.max() < 45_000


def test_sunspots_are_monthly_from_1749_to_mid_2009():
    from lstmlib.datasets.sunspots import load_sunspots
    year, s = load_sunspots()
    assert s.shape == year.shape == (3126,)
    assert year[0] == 1749.0 and year[-1] == pytest.approx(2009 + 5 / 12)
    assert s[:3].tolist() == [58.0, 62.6, 70.0] and s.min() >= 0


def test_co2_is_weekly_with_its_gaps_as_nan():
    from lstmlib.datasets.co2 import load_co2
    date, c = load_co2()
    assert c.shape == date.shape == (2284,)
    assert date[0] == 19580329 and date[-1] == 20011229
    assert int(np.isnan(c).sum()) == 59
    assert 310 < np.nanmin(c) < np.nanmax(c) < 380


def test_loading_imports_neither_pmdarima_nor_statsmodels():
    code = ("import sys; from lstmlib.datasets.electricity import load_electricity; "
            "from lstmlib.datasets.sunspots import load_sunspots; from lstmlib.datasets.co2 import load_co2; "
            "load_electricity(); load_sunspots(); load_co2(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pmdarima', 'statsmodels', 'pandas', 'torch'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_list_reader_refuses_a_file_with_no_array_literal():
    # The planted fault: a taylor.py without its np.array([...]) is named, not misread.
    with pytest.raises(ValueError, match="expected one np.array"):
        electricity._list_literal("import numpy as np\nrslt = None\n")
    assert electricity._list_literal("x = np.array([1, 2.5])") == [1, 2.5]


def test_exercise_set_9_embeds_true_slices_of_the_real_series():
    # The set writes its slices out (a grading image has no dataset package): they must be the data.
    from lstmlib.datasets.co2 import load_co2
    from lstmlib.datasets.electricity import load_electricity
    from lstmlib.datasets.sunspots import load_sunspots
    from lstmlib.grading import spec

    mod = spec._load_module(spec.set_sources()["set10"], "set10_slices_check")
    demand, (_, spots), (_, co2) = load_electricity(), load_sunspots(), load_co2()
    expected = {"DEMAND_MON_TUE": demand[:60], "DEMAND_WEEKS": demand[1008:1392],
                "DEMAND_EVENING": demand[2000:2040], "SUNSPOTS_LATE": spots[-40:],
                "SUNSPOTS_EARLY": spots[:170], "CO2_CLEAN": co2[73:193]}
    for name, want in expected.items():
        got = getattr(mod, name)
        assert got.dtype == np.float64 and np.array_equal(got, want), name
    # The planted fault: one changed reading is caught.
    bad = mod.DEMAND_WEEKS.copy()
    bad[7] += 1
    assert not np.array_equal(bad, demand[1008:1392])
