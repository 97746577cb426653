"""Static figures are sharp at 2x pixel density with their displayed size unchanged (issue 14, item 9):
every PNG figure a page shows has at least 1.44 image pixels per CSS pixel it is laid out at (144 dpi for
a 100 dpi figure). ``lstmlib.use_book_style`` shows figures as retina PNGs, drawn at 2x with their 1x
width and height in the output's metadata, which myst-nb writes into the page's <img>. The players'
frames (data: URIs inside .animation) are checked in test_interactive.py."""
from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from test_book_build import toc_docnames

MIN_DENSITY = 1.44
_IMG = re.compile(r"<img\b[^>]*>", re.S)


def png_width(path: Path) -> int:
    raw = path.read_bytes()[:24]
    if raw[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG (starts {raw[:8]!r})")
    return struct.unpack(">I", raw[16:20])[0]


def blurry_figures(html: str, page: Path) -> list[str]:
    """'<file>: D image pixels per CSS pixel' for every PNG <img> of ``html`` below MIN_DENSITY. The
    CSS width is the tag's width attribute (or style width in px); without one, the image is laid out
    at its own pixel width, one image pixel per CSS pixel."""
    found = []
    for tag in _IMG.findall(html):
        src = re.search(r'\bsrc="([^"]+\.png)"', tag)
        if not src or "_images/" not in src.group(1):   # figures; not the theme's icons
            continue
        pixels = png_width((page.parent / src.group(1)).resolve())
        shown = re.search(r'\bwidth="(\d+(?:\.\d+)?)(?:px)?"', tag) or re.search(r"width:\s*(\d+(?:\.\d+)?)px", tag)
        density = pixels / float(shown.group(1)) if shown else 1.0
        if density < MIN_DENSITY:
            found.append(f"{Path(src.group(1)).name}: {density:.2f} image pixels per CSS pixel")
    return found


@pytest.mark.book
@pytest.mark.parametrize("doc", toc_docnames())
def test_static_figures_are_sharp_at_2x(built_book, doc):
    page = built_book.html / f"{doc}.html"
    bad = blurry_figures(page.read_text(encoding="utf-8"), page)
    assert not bad, f"{doc}: {len(bad)} figures below {MIN_DENSITY}x:\n" + "\n".join(bad)


def _png(path: Path, pixels: int) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", pixels, 10))


def test_a_1x_figure_is_caught(tmp_path):
    """A 100 dpi PNG without a size is caught, and so is one shown wider than half its pixels; a retina
    one (2x pixels, 1x width) passes."""
    (tmp_path / "_images").mkdir()
    _png(tmp_path / "_images" / "a.png", 640)
    _png(tmp_path / "_images" / "b.png", 1280)
    page = tmp_path / "page.html"
    html = ('<img alt="x" src="_images/a.png"/> <img src="_images/b.png" width="640" height="360"/>'
            ' <img alt="z" src="_images/b.png" style="width: 1000px"/> <img src="logo.png"/>')
    assert blurry_figures(html, page) == ["a.png: 1.00 image pixels per CSS pixel",
                                          "b.png: 1.28 image pixels per CSS pixel"]
