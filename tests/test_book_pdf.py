"""The PDF edition (.ci/book_pdf.py), read back with poppler's pdftotext, pdfinfo and pdfimages: every page of
the table of contents is in it with its title, the glued numbers and the numbered references as the website
shows them, the figures are embedded, each slider prints as a frame with a note, and no character fell back
to a missing-glyph box."""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO
from test_book_build import toc_docnames

sys.path.insert(0, str(REPO / ".ci"))
import book_pdf  # noqa: E402

pytestmark = [pytest.mark.book, pytest.mark.browser]

#: The PDF may weigh at most this much (the website's pages are held to 5 MB each, see test_site_static).
MAX_PDF_BYTES = 60_000_000


def poppler(tool: str, *args: str) -> str:
    exe = shutil.which(tool)
    if exe is None:
        pytest.fail(f"the PDF tests need poppler-utils ({tool}): run `bash .ci/setup --browser`")
    return subprocess.run([exe, *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
def pdf(built_book) -> Path:
    """The PDF of the session's build: made once, from its execution cache (nothing is executed again)."""
    path = built_book.root / "_build" / "pdf" / "book.pdf"
    if not (os.environ.get("LSTM_BOOK_BUILD") and path.is_file()):
        proc = subprocess.run([sys.executable, str(REPO / ".ci" / "book_pdf.py"), str(REPO),
                               "--path-output", str(built_book.root)], capture_output=True, text=True)
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[-6000:]
        assert "Executing notebook using" not in proc.stdout + proc.stderr, "the PDF build executed a notebook"
        assert not re.search(r"book_execute: executed", proc.stdout + proc.stderr), "the PDF build re-ran a notebook"
    return path


@pytest.fixture(scope="session")
def pdf_text(pdf) -> str:
    """The PDF's text without the running header (the book's title) and the page numbers ("7 / 112"), which
    would otherwise sit in the middle of a sentence that runs over a page break."""
    import yaml

    title = yaml.safe_load((REPO / "_config.yml").read_text())["title"]
    lines = poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-").splitlines()
    body = [ln for ln in lines if ln.strip().strip("\f") != title and not re.fullmatch(r"\f?\d+ / \d+", ln.strip())]
    return " ".join(" ".join(body).split())


HYPHENS = re.compile("[-\u00ad\u2010\u2011]")


def squash(text: str) -> str:
    """Text without whitespace or hyphens. A line break in the PDF may fall anywhere, and pdftotext drops the
    hyphen of a word broken at a line end as if it were hyphenation: "per-core" across a break reads "percore"."""
    return "".join(HYPHENS.sub("", text).split())


class _Collect(HTMLParser):
    """Text of the elements of interest in a built page: h1, glued text, numbered references, players."""

    def __init__(self):
        super().__init__()
        self.stack, self.found = [], {"h1": [], "glue": [], "numref": [], "players": 0, "figures": 0}

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class", "") or ""
        kind = ("h1" if tag == "h1" else "glue" if "pasted-text" in cls.split()
                else "numref" if "std-numref" in cls.split() else None)
        if tag == "div" and "animation" in cls.split():
            self.found["players"] += 1
        if tag == "img" and not dict(attrs).get("id", "").startswith("_anim_img"):
            self.found["figures"] += 1
        if tag not in ("img", "br", "input", "meta", "link", "hr"):
            self.stack.append([kind, ""])

    def handle_endtag(self, tag):
        if tag in ("img", "br", "input", "meta", "link", "hr") or not self.stack:
            return
        kind, text = self.stack.pop()
        if kind:
            self.found[kind].append(" ".join(text.replace("#", " ").split()))
        if self.stack:
            self.stack[-1][1] += text

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][1] += data


@functools.lru_cache(maxsize=None)
def page_facts(html_page: Path) -> dict:
    parser = _Collect()
    main = html_page.read_text(encoding="utf-8")
    main = main.split('<article class="bd-article"', 1)[-1].split("</article>", 1)[0]
    parser.feed('<article class="bd-article"' + main + "</article>")
    return parser.found


def test_pdf_has_pages_and_was_linked_from_the_site(built_book, pdf):
    info = poppler("pdfinfo", str(pdf))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    docs = toc_docnames()
    print(f"\n[pdf] {pages} pages, {pdf.stat().st_size / 1e6:.1f} MB, {len(docs)} pages of the table of contents")
    assert len(docs) <= pages <= 40 * len(docs), f"{pages} pages for {len(docs)} documents"
    assert pdf.stat().st_size <= MAX_PDF_BYTES, f"the PDF weighs {pdf.stat().st_size / 1e6:.1f} MB"
    assert (built_book.html / "book.pdf").is_file(), "the PDF was not copied to the website's root"
    for doc in docs:
        page = (built_book.html / f"{doc}.html").read_text(encoding="utf-8")
        depth = doc.count("/")
        assert f'href="{"../" * depth}book.pdf"' in page, f"{doc}: no link to the PDF in its download menu"


def test_every_page_title_is_in_the_pdf(built_book, pdf_text):
    missing = []
    for doc in toc_docnames():
        titles = page_facts(built_book.html / f"{doc}.html")["h1"]
        assert titles, f"{doc}: no title"
        if squash(titles[0]) not in squash(pdf_text):
            missing.append((doc, titles[0]))
    assert not missing, f"titles not in the PDF: {missing}"


def test_squash_forgives_a_broken_line_but_not_a_changed_number():
    pdf_line = "far more than the processor\u2019s per-\ncore cache"     # as pdftotext reads a hyphenated break
    assert squash("the processor\u2019s per-core cache") in squash(pdf_line.replace("-\n", ""))
    assert squash("took 12 MB") not in squash("took 13 MB")
    assert squash("rose 8.0 times") not in squash("rose 80 times")


def test_glued_numbers_and_numbered_references_are_in_the_pdf(built_book, pdf_text):
    missing, counts, text = [], {"glue": 0, "numref": 0}, squash(pdf_text)
    for doc in toc_docnames():
        facts = page_facts(built_book.html / f"{doc}.html")
        for kind in counts:
            for value in facts[kind]:
                counts[kind] += 1
                if squash(value) not in text:
                    missing.append((doc, kind, value))
    assert counts["glue"] > 0 and counts["numref"] > 0, counts
    assert not missing, f"{len(missing)} of {sum(counts.values())} not in the PDF: {missing[:20]}"


def test_figures_are_embedded_and_sliders_print_their_first_frame(built_book, pdf, pdf_text):
    figures = sum(page_facts(built_book.html / f"{d}.html")["figures"] for d in toc_docnames())
    players = sum(page_facts(built_book.html / f"{d}.html")["players"] for d in toc_docnames())
    listed = poppler("pdfimages", "-list", str(pdf)).splitlines()[2:]
    images = [line for line in listed if line.split()[2:3] == ["image"]]
    print(f"\n[pdf] {len(images)} images embedded; the site's pages hold {figures} figures and {players} sliders")
    assert len(images) >= figures + players, f"{len(images)} images in the PDF for {figures} + {players}"
    note = book_pdf.PLAYER_NOTE.split("{n}")[0].strip()
    assert pdf_text.count(note) == players, f"{pdf_text.count(note)} slider notes for {players} sliders"


def font_coverage() -> set[int]:
    """Every code point some installed font has a glyph for (fontconfig: what Chromium falls back on)."""
    out = subprocess.run(["fc-list", "--format", "%{charset}\n"], check=True, capture_output=True, text=True).stdout
    covered = set()
    for token in out.split():
        lo, _, hi = token.partition("-")
        covered.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return covered


def missing_glyphs(text: str, covered: set[int]) -> dict[str, int]:
    """Characters of ``text`` that no font can draw (they print as empty boxes), with their counts."""
    missing = {}
    for ch in text:
        if ord(ch) > 0x7e and ord(ch) not in covered and not ch.isspace():
            missing[f"U+{ord(ch):04X}"] = missing.get(f"U+{ord(ch):04X}", 0) + 1
    return missing


def test_no_character_prints_as_a_missing_glyph_box(pdf_text):
    covered = font_coverage()
    # the check catches a planted fault: a Private Use character no font draws, and U+FFFD from a bad decode
    assert missing_glyphs("ok \U0010fffd", covered) == {"U+10FFFD": 1}
    bad = missing_glyphs(pdf_text, covered)
    bad.update({k: v for k, v in {"U+FFFD": pdf_text.count("\ufffd")}.items() if v})
    assert not bad, f"characters no installed font can draw (they print as boxes): {bad}"
