"""Static figures are sharp at 2x pixel density with their displayed size unchanged (issue 14, item 9):
every PNG a chapter shows has at least 1.44 image pixels per CSS pixel (144 dpi for a 100 dpi figure).
``lstmlib.use_book_style`` shows figures as retina PNGs: drawn at 2x, with their 1x width and height in
the output's metadata, which myst-nb writes into the page's <img>. The sliders' frames are checked in
test_interactive.py."""
from __future__ import annotations

import base64
import struct

import nbformat
import pytest

from conftest import REPO
from notebook_outputs import executed_notebook
from test_book_build import toc_docnames

MIN_DENSITY = 1.44
CHAPTERS = [d for d in toc_docnames()
            if (REPO / f"{d}.md").is_file() and "use_book_style" in (REPO / f"{d}.md").read_text()]


def png_density(output: dict) -> float | None:
    """Image pixels per displayed CSS pixel of a display/execute_result PNG output (None: no PNG)."""
    data = output.get("data", {}).get("image/png")
    if data is None:
        return None
    raw = base64.b64decode(data)
    if raw[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"image/png output is not a PNG (starts {raw[:8]!r})")
    pixels = struct.unpack(">I", raw[16:20])[0]
    shown = output.get("metadata", {}).get("image/png", {}).get("width", pixels)
    return pixels / float(shown)


def blurry_figures(nb) -> list[str]:
    return [f"cell {i}: {d:.2f} image pixels per CSS pixel"
            for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", []) if (d := png_density(out)) is not None and d < MIN_DENSITY]


@pytest.mark.book
@pytest.mark.parametrize("doc", CHAPTERS)
def test_static_figures_are_sharp_at_2x(built_book, doc):
    nb = nbformat.read(executed_notebook(built_book, doc), as_version=4)
    pngs = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    bad = blurry_figures(nb)
    assert not bad, f"{doc}: {len(bad)} of {len(pngs)} figures below {MIN_DENSITY}x:\n" + "\n".join(bad)


def _png_output(pixels: int, shown: int | None) -> dict:
    header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", pixels, 10)
    out = {"output_type": "display_data", "data": {"image/png": base64.b64encode(header).decode()},
           "metadata": {}}
    if shown is not None:
        out["metadata"]["image/png"] = {"width": shown, "height": 5}
    return out


def test_a_1x_figure_is_caught():
    """A plain 100 dpi PNG (no size metadata) is caught; a retina one (2x pixels, 1x size) passes."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("fig")])
    nb.cells[0].outputs = [_png_output(640, None), _png_output(1280, 640)]
    assert blurry_figures(nb) == ["cell 0: 1.00 image pixels per CSS pixel"]
