"""Weekly atmospheric CO2 at Mauna Loa, March 1958 to December 2001 (Scripps Institution of
Oceanography, Keeling and Whorf), read from ``statsmodels/datasets/co2/co2.csv`` in the PyPI
``statsmodels==0.15.0`` wheel, never importing statsmodels."""
from __future__ import annotations

import numpy as np

from .catalogue import DataFile, Dataset, Install, register, verify

DATASET = register(Dataset(
    name="co2",
    title="Atmospheric CO2 at Mauna Loa, weekly",
    field="engineering",
    description=("Weekly mean CO2 concentration in parts per million (ppm) in air sampled at "
                 "Mauna Loa Observatory, Hawaii, from 29 March 1958 to 29 December 2001: 2,284 "
                 "weeks, of which 59 have no value."),
    source=("C. D. Keeling and T. P. Whorf, Scripps Institution of Oceanography, via the Carbon "
            "Dioxide Information Analysis Center (CDIAC, Oak Ridge National Laboratory); file co2.csv "
            "in the statsmodels 0.15.0 wheel"),
    citation=("C. D. Keeling and T. P. Whorf (2004), Atmospheric CO2 concentrations derived from "
              "flask air samples at sites in the SIO network, in Trends: A Compendium of Data on "
              "Global Change, CDIAC, Oak Ridge National Laboratory"),
    licence="public domain (statsmodels: \"This is public domain.\")",
    size="34 kB",
    install=Install("pip", "statsmodels", "0.15.0", module="statsmodels"),
    files=(DataFile("datasets/co2/co2.csv",
                    sha256="16695fa2786e53414e5a6b54767a3fdf5de99cfbc68617f69d1362d92776a92f"),),
))


def load_co2() -> tuple[np.ndarray, np.ndarray]:
    """(date (T,) int64 as YYYYMMDD, the Saturday ending each week; CO2 (T,) float64 in ppm, NaN
    for the 59 weeks with no measurement), T = 2284, in time order, one row a week."""
    path = verify(DATASET) / DATASET.files[0].path   # the file the catalogue hashes
    lines = path.read_text(encoding="ascii").splitlines()
    if lines[0].strip() != "date,co2":
        raise ValueError(f"expected the header 'date,co2' in {path}, got {lines[0]!r}")
    dates, values = [], []
    for line in lines[1:]:
        date, value = line.split(",")
        dates.append(int(date))
        values.append(float(value) if value.strip() else np.nan)
    return np.array(dates, dtype=np.int64), np.array(values)
