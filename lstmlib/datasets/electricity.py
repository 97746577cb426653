"""Half-hourly electricity demand in England and Wales, 5 June to 27 August 2000 (Taylor 2003), read
from PyPI ``pmdarima==2.1.1``, which ships the 4,032 values as a list literal inside the source file
``pmdarima/datasets/taylor.py``. The list is parsed with :mod:`ast`, never executed: pmdarima is not
imported, so neither it nor its dependencies (pandas, statsmodels, scikit-learn) enter the book."""
from __future__ import annotations

import ast

import numpy as np

from .catalogue import DataFile, Dataset, Install, register, verify

DATASET = register(Dataset(
    name="electricity",
    title="Electricity demand, England and Wales, half-hourly",
    field="engineering",
    description=("Half-hourly electricity demand in England and Wales, in megawatts, from Monday "
                 "5 June to Sunday 27 August 2000: 4,032 readings, twelve full weeks, 48 a day."),
    source=("James W. Taylor (Said Business School, University of Oxford); the series R's forecast "
            "package calls taylor, copied into the PyPI package pmdarima 2.1.1 "
            "(pmdarima.datasets.load_taylor)"),
    citation=("J. W. Taylor (2003), Short-term electricity demand forecasting using double seasonal "
              "exponential smoothing, Journal of the Operational Research Society 54, 799-805"),
    licence=('no licence stated for the data: pmdarima and R\'s forecast say only that it was '
             '"kindly provided by James W Taylor"; it is distributed in R\'s forecast package '
             '(GPL-3) and in pmdarima (MIT)'),
    size="35 kB (the source file that holds the values)",
    install=Install("pip", "pmdarima", "2.1.1", module="pmdarima"),
    files=(DataFile("datasets/taylor.py",
                    sha256="3df2f44f654bfe4338ea39350912140c9710fa776270f50a2529b2f5c87a4e19"),),
))

#: Readings per day and per week (half-hourly).
PER_DAY, PER_WEEK = 48, 336


def _list_literal(source: str) -> list:
    """The one ``np.array([...])`` list literal of taylor.py, read with ast.literal_eval."""
    found = [node.args[0] for node in ast.walk(ast.parse(source))
             if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "array"
             and node.args and isinstance(node.args[0], ast.List)]
    if len(found) != 1:
        raise ValueError(f"expected one np.array([...]) literal in taylor.py, found {len(found)}")
    return ast.literal_eval(found[0])


def load_electricity() -> np.ndarray:
    """Demand in MW, float64 (4032,): reading k is the half-hour starting 00:00 + 30k minutes on
    Monday 5 June 2000 (k = 0 is midnight), so k % 48 is the half-hour of the day and
    k // 48 % 7 the day of the week (0 = Monday)."""
    path = verify(DATASET) / DATASET.files[0].path   # the file the catalogue hashes
    values = np.array(_list_literal(path.read_text(encoding="utf-8")), dtype=np.float64)
    if values.shape != (12 * PER_WEEK,):
        raise ValueError(f"expected {12 * PER_WEEK} readings in {path}, got {values.shape}")
    return values
