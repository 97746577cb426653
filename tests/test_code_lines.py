"""Code the reader sees fits the column: no line of a chapter's code cell is longer than 85 characters
(issue 14, item 10). Longer lines scroll sideways on every screen; at 85 they fit the desktop column."""
from __future__ import annotations

import jupytext
import pytest

from conftest import REPO
from test_book_build import toc_docnames

LIMIT = 85
CHAPTERS = [d for d in toc_docnames() if d.startswith("chapters/") and (REPO / f"{d}.md").is_file()]


def long_lines(text: str, limit: int = LIMIT) -> list[str]:
    """'cell N line M (L chars): ...' for every code-cell line of a MyST notebook longer than ``limit``.
    Cell metadata (tags, captions, alt text in the cell's front matter) is not code and is not counted."""
    nb = jupytext.reads(text, fmt="md:myst")
    code = [c for c in nb.cells if c.cell_type == "code"]
    return [f"cell {i} line {j} ({len(line)} chars): {line.strip()[:70]}"
            for i, cell in enumerate(code, start=1)
            for j, line in enumerate(cell.source.splitlines(), start=1) if len(line) > limit]


@pytest.mark.parametrize("doc", CHAPTERS)
def test_no_code_line_over_85_characters(doc):
    text = (REPO / f"{doc}.md").read_text(encoding="utf-8")
    found = long_lines(text)
    assert not found, f"{doc}: {len(found)} code lines over {LIMIT} characters:\n" + "\n".join(found)


def test_a_long_line_is_caught():
    """A planted 86-character line is caught, an 85-character one and long metadata are not."""
    head = "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n"
    ok = "x = " + "1" * 81
    bad = "x = " + "1" * 82
    meta = "```{code-cell} ipython3\n---\nmystnb:\n  image:\n    alt: " + "a " * 60 + "\n---\nx = 1\n```\n"
    assert long_lines(head + f"```{{code-cell}} ipython3\n{ok}\n```\n" + meta) == []
    found = long_lines(head + f"```{{code-cell}} ipython3\nimport numpy\n{bad}\n```\n")
    assert len(found) == 1 and found[0].startswith("cell 1 line 2 (86 chars)"), found
