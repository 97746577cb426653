"""Chapter 11 (DNA and peptides) says what its executed notebook computed: the data and its
duplicates, the baselines, the networks, calibration, and what the attributions show. Accuracies are
checked with margins that hold from build to build (the runs are seeded; only the last bits of the
BLAS may differ between machines); every sentence built from a comparison is checked against it."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.book
DOC = "chapters/11_biology"


def test_splice_data_and_duplicates(v):
    assert v["n_windows"] == 3186
    assert (v["n_ei_all"], v["n_ie_all"], v["n_n_all"]) == (767, 765, 1654)
    assert v["n_duplicates"] == 185 and v["n_conflicting"] == 1
    assert v["n_kept"] == v["n_windows"] - v["n_duplicates"] - v["n_conflicting"]
    assert v["n_ei_kept"] + v["n_ie_kept"] + v["n_n_kept"] == v["n_kept"]
    assert v["n_test"] == pytest.approx(v["n_kept"] / 4, abs=2)


def test_the_motifs_are_in_the_data(v):
    assert v["donor_motif"] == "CAG|GTAAGT"
    assert v["n_gc_donors"] == 4
    assert v["acceptor_motif"].endswith("CAG|G")
    assert v["gt_ei"] > 0.97 and v["ag_ie"] > 0.97
    assert v["gt_n"] < 0.1 and v["ag_n"] < 0.1


def test_splice_accuracies(v):
    assert v["splice_acc_majority"] == pytest.approx(v["n_n_kept"] / v["n_kept"], abs=0.01)
    assert v["splice_acc_kmer"] < 0.75 < v["splice_acc_rule"] < v["splice_acc_pwm"]
    assert v["splice_acc_pwm"] > 0.9 and v["splice_acc_lstm"] > 0.9
    gap_windows = round(abs(v["splice_acc_lstm"] - v["splice_acc_pwm"]) * v["n_test"])
    assert v["lstm_vs_pwm_windows"] == gap_windows
    if gap_windows <= 2:
        assert v["lstm_vs_pwm"] == "about as accurate as"
    else:
        better = v["splice_acc_lstm"] > v["splice_acc_pwm"]
        assert v["lstm_vs_pwm"] == ("more accurate than" if better else "less accurate than")
    more = round((v["splice_acc_lstm"] - v["splice_acc_pwm"]) * v["n_test"])
    assert v["combine_text"] == ("buys it nothing measurable over the table" if more <= 2 else
                                 f"buys it {more} more correct test windows than the table")
    assert v["lstm_errors"] == round((1 - v["splice_acc_lstm"]) * v["n_test"])
    assert v["pwm_errors"] == round((1 - v["splice_acc_pwm"]) * v["n_test"])


def test_calibration(v):
    assert v["splice_ece_majority"] == pytest.approx(
        abs(v["share_majority_train"] - v["splice_acc_majority"]), abs=1e-9)
    assert v["splice_ece_rule"] == pytest.approx(1 - v["splice_acc_rule"], abs=1e-9)
    eces = {"3-mer regression": v["splice_ece_kmer"], "PWM": v["splice_ece_pwm"],
            "BiLSTM": v["splice_ece_lstm"]}
    assert v["best_calibrated"] == min(eces, key=eces.get)
    for key in ("pwm", "lstm"):
        assert 0.5 < v[f"{key}_top_conf"] <= 1 and 0 <= v[f"{key}_top_acc"] <= 1
    # "the points at the left ... stand for a few windows each"
    assert v["lstm_low_conf_n"] <= 30 and v["pwm_low_conf_n"] <= 30
    assert v["pwm_overconfident_text"].startswith(
        "more confident" if v["pwm_top_conf"] > v["pwm_top_acc"] else "no more confident")


def test_integrated_gradients_add_up(v):
    assert v["ig_completeness"] < 1e-3


def test_the_network_leans_on_the_gt_and_the_ag(v):
    # The biology, checked in the chapter and held here: donors peak at the GT after the junction,
    # acceptors at the AG before it.
    assert v["donor_gt"] is True and v["donor_gt_check"] == "holds"
    assert v["acceptor_ag"] is True and v["acceptor_ag_check"] == "holds"
    assert v["donor_top"].startswith(("31 (G), 32 (T)", "32 (T), 31 (G)"))
    assert v["acceptor_top"].startswith(("29 (A), 30 (G)", "30 (G), 29 (A)"))
    assert set(v["pwm_donor_top"].split(", ")[:2]) == {"31", "32"}
    assert set(v["pwm_acceptor_top"].split(", ")[:2]) == {"29", "30"}
    assert v["rho_donor"] > 0.2 and v["rho_acceptor"] > 0.2
    for key in ("donor", "acceptor"):
        network = {p.split(" ")[0] for p in v[f"{key}_top"].split(", ")}
        assert v[f"top4_common_{key}"] == len(network & set(v[f"pwm_{key}_top"].split(", ")))
    # "the rank correlations are lower" than the agreement at the top
    assert v["rho_donor"] < 1 and v["rho_acceptor"] < 1
    assert 0 < v["acceptor_upstream_share"] < 1 and 0 < v["acceptor_upstream_info_share"] < 1


def test_peptide_data_and_shortcuts(v):
    assert v["n_peptides"] == 5200
    assert v["n_pep_conflicting"] == 22
    assert v["n_pep_kept"] == v["n_pep_distinct"] - v["n_pep_conflicting"]
    assert v["n_amp_kept"] + v["n_uniprot_kept"] == v["n_pep_kept"]
    assert v["max_len_uniprot"] == 50 and v["max_len_amp"] == 174
    assert v["max_len_uniprot"] <= v["max_len"]      # "shortens ... (all AMPs)"
    assert v["m_share_uniprot"] > 0.5 > 0.05 > v["m_share_amp"]
    assert v["pep_acc_m_rule"] > 0.7 and v["pep_acc_m_len_rule"] >= v["pep_acc_m_rule"]
    # "These two facts ... carry most of the accuracy": most of the way from majority to the network.
    gain_rules = v["pep_acc_m_len_rule"] - v["pep_acc_majority"]
    assert gain_rules > 0.5 * (v["pep_acc_lstm"] - v["pep_acc_majority"])


def test_peptide_models(v):
    assert 0.45 < v["pep_acc_majority"] < 0.6
    assert v["pep_acc_pair"] > 0.75 and v["pep_acc_lstm"] > 0.8
    gap = v["pep_acc_lstm"] - v["pep_acc_pair"]
    if abs(gap) * v["n_pep_test"] <= 5:
        assert v["pep_lstm_vs_pair"] == "about as accurate as"
    else:
        assert v["pep_lstm_vs_pair"] == ("more accurate than" if gap > 0 else "less accurate than")
    # The shortcut: UniProt peptides with a leading M are recognized far more often than the rest.
    assert v["uniprot_m_recall"] > v["uniprot_no_m_recall"] + 0.1
    assert v["attr_first_M"] < 0


def test_charge_sentence_follows_the_signs(v):
    holds = v["attr_K"] > 0 and v["attr_R"] > 0 and v["attr_D"] < 0 and v["attr_E"] < 0
    assert v["charge_check"] is holds
    assert v["charge_check_text"] == ("as predicted" if holds else "not all as predicted")
