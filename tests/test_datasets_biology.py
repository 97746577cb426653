"""The two biology datasets: what the loaders return from the real installed files, and the clear
errors they raise on a planted fault (a bad nucleotide code, a bad peptide line)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lstmlib.datasets import peptides, splice


@pytest.fixture(scope="module")
def dna():
    return splice.load_splice()


@pytest.fixture(scope="module")
def amp():
    return peptides.load_peptides()


def test_splice_has_3186_windows_of_60_nucleotides_in_three_classes(dna):
    seqs, y = dna["sequences"], dna["labels"]
    assert len(seqs) == 3186 and {len(s) for s in seqs} == {60}
    assert set("".join(seqs)) == set("ACGT")
    assert dna["classes"] == ("ei", "ie", "n")
    assert np.bincount(y).tolist() == [767, 765, 1654]
    assert y.dtype == np.int64


def test_splice_decoding_shows_the_known_consensus_at_the_junction(dna):
    # Donors: exon ...AG | GT intron (GT at positions 31-32); acceptors: intron ...AG | exon (AG at 29-30).
    # A wrong bit-to-letter map (say C and G swapped) breaks both.
    seqs, y = np.array([list(s) for s in dna["sequences"]]), dna["labels"]
    # (759 of 767 donors have GT, 4 have the rarer GC; 761 of 765 acceptors have AG.)
    assert (seqs[y == 0, 30:32] == ["G", "T"]).all(axis=1).sum() == 759
    assert (seqs[y == 1, 28:30] == ["A", "G"]).all(axis=1).sum() == 761
    assert (seqs[y == 2, 30:32] == ["G", "T"]).all(axis=1).mean() < 0.2


def _frame(bits, classes):
    cols = {f"V{k + 1}": pd.Categorical([str(b) for b in bits[:, k]], categories=["0", "1"])
            for k in range(bits.shape[1])}
    cols["Class"] = pd.Categorical(classes, categories=sorted(set(classes)))
    return pd.DataFrame(cols)


def test_splice_rejects_a_planted_bad_nucleotide_code(monkeypatch, tmp_path):
    import rdata
    bits = np.zeros((2, 180), dtype=int)
    bits[1, 3:6] = 1                                    # row 2, position 2: indicators 1, 1, 1
    monkeypatch.setattr(splice, "verify", lambda ds: tmp_path)
    monkeypatch.setattr(rdata, "read_rda", lambda path: {"DNA": _frame(bits, ["n", "ei"])})
    with pytest.raises(ValueError, match=r"row 2, position 2 has indicators \(1, 1, 1\), expected one of"):
        splice.load_splice()
    bits[1, 3:6] = 0                                    # all T now; a class the data does not have
    monkeypatch.setattr(rdata, "read_rda", lambda path: {"DNA": _frame(bits, ["n", "xx"])})
    with pytest.raises(ValueError, match=r"class labels must be .*got also \['xx'\]"):
        splice.load_splice()
    # The same frame with a known class decodes: all T, with the levels read, not assumed.
    monkeypatch.setattr(rdata, "read_rda", lambda path: {"DNA": _frame(bits, ["n", "ie"])})
    out = splice.load_splice()
    assert out["sequences"] == ["T" * 60] * 2 and out["labels"].tolist() == [2, 1]


def test_peptides_are_5200_balanced_sequences_of_standard_amino_acids(amp):
    seqs, y = amp["sequences"], amp["labels"]
    assert len(seqs) == 5200 and np.bincount(y).tolist() == [2600, 2600]
    assert amp["classes"] == ("UniProt", "AMP")
    assert set("".join(seqs)) == set(peptides.AMINO_ACIDS)
    lengths = np.array([len(s) for s in seqs])
    assert lengths.min() == 7 and lengths.max() == 174
    assert lengths[y == 0].max() == 50          # the UniProt query asked for length 10 to 50
    assert seqs[0] == "GLWSKIKEVGKEAAKAAAKAAGKAALGAVSEAV" and y[0] == 1


@pytest.mark.parametrize("line, what", [("GLWXK, 1", "GLWXK, 1"), ("GLWK, 2", "GLWK, 2")])
def test_peptides_reject_a_planted_bad_line(monkeypatch, tmp_path, line, what):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "AMPvsUniProt.csv").write_text(f"2,1,UniProt,AMP\nAAK, 0\n{line}\n")
    monkeypatch.setattr(peptides, "verify", lambda ds: tmp_path)
    with pytest.raises(ValueError, match=f"line 3: expected a sequence over .* got '{what}'"):
        peptides.load_peptides()


def test_peptides_reject_a_count_that_differs_from_the_header(monkeypatch, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "AMPvsUniProt.csv").write_text("3,1,UniProt,AMP\nAAK, 0\nKKL, 1\n")
    monkeypatch.setattr(peptides, "verify", lambda ds: tmp_path)
    with pytest.raises(ValueError, match="announces 3 sequences, the file holds 2"):
        peptides.load_peptides()


def test_the_package_code_is_never_imported(amp):
    import sys
    assert "modlamp" not in sys.modules


# The real-data slices written out in exercises/set11_biology.py are what its docstring says they are.

def _set11():
    from lstmlib.grading import spec
    return spec._load_module(spec.set_sources()["set11"], "_set11_data_check")


def _deduplicated(dna):
    labels_of = {}
    for s, c in zip(dna["sequences"], dna["labels"]):
        labels_of.setdefault(s, set()).add(int(c))
    seqs = [s for s in dict.fromkeys(dna["sequences"]) if len(labels_of[s]) == 1]
    return seqs, np.array([next(iter(labels_of[s])) for s in seqs])


def test_set11_windows_are_slices_of_real_windows_of_the_stated_class(dna):
    m = _set11()
    seqs, y = _deduplicated(dna)
    by_class = [{s for s, c in zip(seqs, y) if c == k} for k in range(3)]

    def sliced(k, a, b):
        return {s[a:b] for s in by_class[k]}

    checks = [(m._Q1_PUBLIC[0], 0, 25, 37), (m._Q1_PUBLIC[1], 1, 25, 37), (m._Q1_HIDDEN[0], 2, 20, 40),
              (m._Q1_HIDDEN[1], 0, 20, 40), (m._Q1_HIDDEN[2], 1, 0, 60), (m._Q4_DONORS, 0, 20, 40),
              (m._Q4_DONORS_HIDDEN, 0, 20, 40), (m._Q4_ACCEPTORS, 1, 20, 40)]
    for train, labels, test in (m._Q3_PUBLIC, m._Q3_HIDDEN1, m._Q3_HIDDEN2):
        checks += [([s], c, 20, 40) for s, c in zip(train, labels)]
        checks += [(test[2 * c : 2 * c + 2], c, 20, 40) for c in range(3)]
    for strings, k, a, b in checks:
        assert set(strings) <= sliced(k, a, b), (strings, k, a, b)
    # The check tells classes and places apart: the donors are not acceptor windows, nor shifted by one.
    assert not set(m._Q4_DONORS) <= sliced(1, 20, 40)
    assert not set(m._Q4_DONORS) <= sliced(0, 21, 41)


def test_set11_log_odds_are_the_data_s_log_odds(dna):
    m = _set11()
    seqs, y = _deduplicated(dna)
    X = np.eye(4)[np.array([["ACGT".index(ch) for ch in s] for s in seqs])]
    counts = np.stack([X[y == c].sum(axis=0) + 1 for c in range(3)])
    log_f = np.log(counts / counts.sum(axis=2, keepdims=True))
    for table, c in ((m._DONOR_LOG_ODDS, 0), (m._ACCEPTOR_LOG_ODDS, 1)):
        assert np.abs(table - (log_f[c] - log_f[2])[20:40]).max() <= 5e-4 + 1e-12


def test_apt_install_refreshes_empty_package_lists_once(monkeypatch, tmp_path):
    """A planted first failure of apt-get download (as on a machine with no package lists): the
    installer runs apt-get update and downloads again; a second failure is reported, not retried."""
    import dataclasses
    import os

    from lstmlib.datasets import catalogue
    from lstmlib.datasets import install as inst

    monkeypatch.setenv("LSTMLIB_DATA", str(tmp_path))
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    ds = dataclasses.replace(splice.DATASET, name="planted_apt")
    ran, failures = [], [1]

    def runner(cmd, cwd):
        ran.append(cmd[:2])
        if cmd[:2] == ["apt-get", "download"]:
            if failures:
                failures.pop()
                raise catalogue.DatasetError("command failed with exit status 100: apt-get download")
            (cwd / "r-cran-mlbench_2.1-3-1_amd64.deb").write_bytes(b"")
        if cmd[0] == "dpkg":                                   # what dpkg -x would unpack
            target = Path(cmd[-1]) / splice.DATASET.files[0].path
            target.parent.mkdir(parents=True)
            target.write_bytes(b"not the real file")

    with pytest.raises(catalogue.DataMismatchError):          # unpacked, then the digest is checked
        inst.install_one(ds, run=runner)
    assert ran == [["apt-get", "download"], ["apt-get", "update"], ["apt-get", "download"],
                   ["dpkg", "-x"]]
    ran.clear()
    failures[:] = [1, 1]
    with pytest.raises(catalogue.DatasetError, match="apt-get download"):
        inst.install_one(ds, run=runner)
    assert ran == [["apt-get", "download"], ["apt-get", "update"], ["apt-get", "download"]]
