"""Chapter 9 (part-of-speech tagging on the Brown corpus) says what its executed notebook computed:
the split, the baseline, the two LSTM taggers overall and on unknown words, the confusions that remain,
and the words whose tag depends on the context. Seeded; the checks have margins."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.book
DOC = "chapters/09_tagging"


def test_the_corpus_and_the_subsample(v):
    assert v["n_sentences"] == 57_340 and v["n_tokens"] == 1_161_192
    assert v["n_train"] < v["n_train_all"] and v["n_test"] < v["n_test_all"]
    assert v["n_train_all"] + v["n_test_all"] == v["n_sentences"]


def test_the_baseline_calls_unknown_words_nouns(v):
    assert v["overall_tag"] == "NOUN"
    assert v["mft_unk_pct"] == pytest.approx(v["unk_noun_pct"])   # "exactly the unknown nouns"
    assert 0 < v["unknown_pct"] < 20


def test_the_bidirectional_tagger_beats_the_unidirectional_which_beats_the_baseline(v):
    assert v["BiLSTM_pct"] > v["LSTM_pct"] > v["mft_pct"]
    assert v["BiLSTM_unk_pct"] > v["mft_unk_pct"] and v["LSTM_unk_pct"] > v["mft_unk_pct"]
    # "the largest gain, word for word, is on unknown words"
    assert v["LSTM_unk_pct"] - v["mft_unk_pct"] > v["LSTM_known_pct"] - v["mft_known_pct"]


def test_unknown_words_by_tag(v):
    assert v["unk_ADJ_bi"] > v["unk_ADJ_uni"]                 # "only the right context says"
    assert v["unk_ADJ_uni"] < v["unk_VERB_uni"] and v["unk_ADJ_bi"] < v["unk_VERB_bi"]   # "the hard case"
    assert v["unk_NOUN_uni"] < 100 and v["unk_NOUN_bi"] < 100  # "give up a little"


def test_the_remaining_confusions_are_among_nouns_verbs_and_adjectives(v):
    for k in range(1, 5):
        gold, _, _, pred = v[f"conf{k}"].split()
        assert {gold, pred} <= {"NOUN", "VERB", "ADJ"}, v[f"conf{k}"]
    assert v["conf1_n"] >= v["conf2_n"] >= v["conf3_n"] >= v["conf4_n"]
    assert 0 < v["top4_share"] <= 100


def test_context_decides_ambiguous_words_and_to(v):
    assert v["amb_BiLSTM_pct"] > v["amb_LSTM_pct"] > v["amb_mft_pct"]
    assert v["to_BiLSTM_pct"] > v["to_LSTM_pct"] + 15        # the next word decides
    assert abs(v["to_LSTM_pct"] - v["to_mft_pct"]) < 15       # "hardly better than the baseline"
    assert 20 < v["to_prt_pct"] < 80
    assert 1 <= v["n_context_uni_wrong"] <= v["n_context_rows"]


def test_timings_are_only_sane(v):
    assert 0 < v["LSTM_seconds"] < 600 and 0 < v["BiLSTM_seconds"] < 600
