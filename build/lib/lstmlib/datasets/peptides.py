"""Antimicrobial peptides (APD3) against random UniProt peptides, 5,200 sequences, from PyPI
``modlamp==4.3.3``, file ``modlamp/data/AMPvsUniProt.csv``, read from the package folder (modlamp itself,
and its dependencies, are never imported or installed)."""
from __future__ import annotations

import numpy as np

from .catalogue import DataFile, Dataset, Install, register, verify

DATASET = register(Dataset(
    name="peptides",
    title="Antimicrobial peptides against UniProt peptides",
    field="biology",
    description=("5,200 peptide sequences over the 20 standard amino acids, lengths 7 to 174: "
                 "2,600 antimicrobial peptides (AMPs), the whole Antimicrobial Peptide Database "
                 "APD3 as extracted in January 2016, and 2,600 sequences drawn at random from "
                 "UniProt with the query 'length 10 TO 50', filtered for unnatural amino acids. "
                 "Labels: 1 AMP, 0 UniProt. The negatives are not known to be non-antimicrobial: "
                 "they are random proteins, many of them whole and starting with methionine."),
    source=("G. Wang, X. Li and Z. Wang, APD3: the antimicrobial peptide database (2016), and "
            "UniProt; assembled by A. T. Mueller and G. Gabernet for the PyPI package modlamp"),
    citation=("A. T. Mueller, G. Gabernet, J. A. Hiss and G. Schneider, modlAMP: Python for "
              "antimicrobial peptides, Bioinformatics 33(17), 2753-2755 (2017)"),
    licence=("BSD-3-Clause (modlamp); the APD3 source states no terms of its own, and UniProt's "
             "data are CC BY 4.0"),
    size="0.18 MB file (0.95 MB package)",
    install=Install("pip", "modlamp", "4.3.3", module="modlamp"),
    files=(DataFile("data/AMPvsUniProt.csv",
                    sha256="e1db3dd659179118dcfca63723385f2f0c95c49d27060a90f7a9d5848250eb48"),),
))

#: The 20 standard amino acids in alphabetical order of their one-letter codes.
AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"


def load_peptides() -> dict:
    """The peptides as plain Python and NumPy.

    Returns a dict: ``sequences``, a list of 5,200 strings over :data:`AMINO_ACIDS` (file order,
    duplicates kept); ``labels``, an int64 array (5200,), 1 for AMP and 0 for UniProt;
    ``classes``, the names of labels 0 and 1, ("UniProt", "AMP"), read from the file's header.
    """
    path = verify(DATASET) / DATASET.files[0].path
    lines = path.read_text(encoding="ascii").splitlines()
    # Header "5200,1,UniProt,AMP": count, number of features, then the names of labels 0 and 1.
    n, _, name0, name1 = (f.strip() for f in lines[0].split(","))
    sequences, labels = [], []
    for k, line in enumerate(lines[1:], start=2):
        seq, label = (f.strip() for f in line.split(","))
        if label not in ("0", "1") or not seq or set(seq) - set(AMINO_ACIDS):
            raise ValueError(f"{path}, line {k}: expected a sequence over {AMINO_ACIDS} and a "
                             f"label 0 or 1, got {line!r}")
        sequences.append(seq)
        labels.append(int(label))
    if len(sequences) != int(n):
        raise ValueError(f"{path}: the header announces {n} sequences, the file holds {len(sequences)}")
    return {"sequences": sequences, "labels": np.array(labels, dtype=np.int64),
            "classes": (name0, name1)}
