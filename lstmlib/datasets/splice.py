"""Primate splice-junction DNA (the Statlog version of the UCI "Molecular Biology (Splice-junction Gene
Sequences)" data): 3,186 windows of 60 nucleotides in three classes, from Debian's ``r-cran-mlbench``
(unpacked with ``dpkg -x``, no R needed), file ``data/DNA.rda``, read with PyPI ``rdata``."""
from __future__ import annotations

import warnings

import numpy as np

from .catalogue import DataFile, Dataset, Install, register, verify

DATASET = register(Dataset(
    name="splice",
    title="Primate splice-junction DNA, 60-nucleotide windows",
    field="biology",
    description=("3,186 windows of 60 nucleotides from primate genes (GenBank 64.1), each centred on "
                 "a candidate splice site: 767 exon-to-intron junctions (donor sites, class 'ei'), "
                 "765 intron-to-exon junctions (acceptor sites, 'ie') and 1,654 windows that hold "
                 "neither ('n'), taken from sequences known to hold no splice site. The junction lies "
                 "between positions 30 and 31. Statlog's version of the UCI data: the 4 of 3,190 "
                 "sequences with ambiguous bases removed, every nucleotide coded as three binary "
                 "indicators (A 100, C 010, G 001, T 000)."),
    source=("M. O. Noordewier, G. G. Towell and J. W. Shavlik, UCI Machine Learning Repository "
            "(1991), Statlog version; shipped as the data set DNA of the R package mlbench 2.1-3 "
            "(F. Leisch, E. Dimitriadou), Debian package r-cran-mlbench"),
    citation=("M. O. Noordewier, G. G. Towell and J. W. Shavlik, Training knowledge-based neural "
              "networks to recognize genes in DNA sequences, NIPS 3 (1991); D. Michie, "
              "D. J. Spiegelhalter and C. C. Taylor, Machine Learning, Neural and Statistical "
              "Classification (1994)"),
    licence="GPL-2 (mlbench, per Debian's copyright file)",
    size="81 kB file (1.0 MB package)",
    install=Install("apt", "r-cran-mlbench"),
    readers=("rdata==1.1.0",),     # the same pin as requirements.txt
    files=(DataFile("usr/lib/R/site-library/mlbench/data/DNA.rda",
                    sha256="df941ad89a49f705a29bf38e52c91dc34029539cedb13fa24f803f1224278c9e"),),
))

#: Class codes in the order of the file's factor levels, and what each one means.
CLASSES = ("ei", "ie", "n")
CLASS_NAMES = {"ei": "donor (exon to intron)", "ie": "acceptor (intron to exon)", "n": "neither"}
#: Statlog's three indicator bits per nucleotide.
_BITS = {(1, 0, 0): "A", (0, 1, 0): "C", (0, 0, 1): "G", (0, 0, 0): "T"}


def load_splice() -> dict:
    """The splice data as plain Python and NumPy.

    Returns a dict: ``sequences``, a list of 3,186 strings of 60 letters from "ACGT" (in the file's
    order, duplicates kept); ``labels``, an int64 array (3186,) indexing ``classes``;
    ``classes``, ("ei", "ie", "n"); ``class_names``, what each class means.
    """
    import rdata  # heavy (pandas, xarray): imported only when the data is loaded

    path = verify(DATASET) / DATASET.files[0].path
    with warnings.catch_warnings():
        # The file records no string encoding; its strings are ASCII level names ("0", "1", "ei").
        warnings.filterwarnings("ignore", message="Unknown encoding", category=UserWarning)
        frame = rdata.read_rda(path)["DNA"]
    columns = [str(c) for c in frame.columns]
    if len(columns) != 181 or columns[-1] != "Class":
        raise ValueError(f"{path}: expected 180 indicator columns V1..V180 and Class, "
                         f"got {len(columns)} columns ending in {columns[-1]!r}")

    def values(col) -> np.ndarray:      # a factor's values, whatever the order of its levels
        levels = np.asarray(frame[col].cat.categories, dtype=str)
        return levels[frame[col].cat.codes.to_numpy()]

    bits = np.stack([values(c).astype(np.int64) for c in columns[:180]], axis=1)
    triples = bits.reshape(len(frame), 60, 3)
    bad = np.argwhere(triples.sum(axis=2) > 1)
    if len(bad):
        row, pos = bad[0]
        raise ValueError(f"{path}: row {row + 1}, position {pos + 1} has indicators "
                         f"{tuple(int(b) for b in triples[row, pos])}, expected one of {sorted(_BITS)}")
    letters = np.array(list("ACGT"))[np.where(triples.sum(axis=2) == 0, 3, triples.argmax(axis=2))]
    sequences = ["".join(r) for r in letters]
    labels_text = values("Class")
    unknown = sorted(str(c) for c in set(labels_text) - set(CLASSES))
    if unknown:
        raise ValueError(f"{path}: class labels must be {CLASSES}, got also {unknown}")
    labels = np.array([CLASSES.index(c) for c in labels_text], dtype=np.int64)
    return {"sequences": sequences, "labels": labels, "classes": CLASSES,
            "class_names": dict(CLASS_NAMES)}
