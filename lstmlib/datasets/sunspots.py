"""Monthly mean sunspot numbers, January 1749 to June 2009 (NOAA's National Geophysical Data Center),
read from the text file ``statsmodels/datasets/sunspots/src/sunspots_monthly.dat`` that the PyPI
``statsmodels==0.15.0`` wheel ships (statsmodels itself loads only the yearly series; it is never
imported here)."""
from __future__ import annotations

import numpy as np

from .catalogue import DataFile, Dataset, Install, register, verify

DATASET = register(Dataset(
    name="sunspots",
    title="Sunspot numbers, monthly means",
    field="engineering",
    description=("The monthly mean sunspot number from January 1749 to June 2009, 3,126 months; "
                 "February 1824 was not observed and is interpolated in the source."),
    source=("NOAA National Geophysical Data Center (solar data), file "
            "sunspots_monthly.dat in the statsmodels 0.15.0 wheel"),
    citation=("NOAA National Geophysical Data Center, monthly mean sunspot numbers "
              "(SIDC international sunspot number), as distributed with statsmodels"),
    licence="public domain (statsmodels: \"This data is public domain.\")",
    size="21 kB",
    install=Install("pip", "statsmodels", "0.15.0", module="statsmodels"),
    files=(DataFile("datasets/sunspots/src/sunspots_monthly.dat",
                    sha256="cc303d26340b6d599bc2878899f8c50c12323dc04b52a26ad047965ea2b9d2a3"),),
))


def load_sunspots() -> tuple[np.ndarray, np.ndarray]:
    """(year (T,) float64, e.g. 1749.0 for January 1749 and 1749 + 11/12 for December; sunspot
    number (T,) float64), T = 3126, one value a month in time order."""
    path = verify(DATASET) / DATASET.files[0].path   # the file the catalogue hashes
    years, values = [], []
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        # Data rows start with a four-digit year followed by up to 12 monthly values; the header,
        # rules and notes do not.
        if parts and len(parts[0]) == 4 and parts[0].isdigit():
            year = int(parts[0])
            for month, v in enumerate(parts[1:13]):
                years.append(year + month / 12)
                values.append(float(v))
    if len(values) != 3126:
        raise ValueError(f"expected 3126 monthly values in {path}, got {len(values)}")
    return np.array(years), np.array(values)
