"""Plain HTML tables for the chapters' printed results (formatting only; the chapters fold no code for it).

Numbers go into ``<code>`` so that their digits line up; the book's CSS keeps each cell on one line and
lets a table wider than the column scroll inside its output.
"""
from __future__ import annotations

from html import escape


class HtmlTable(str):
    """The table's HTML; Jupyter shows it as a table (``_repr_html_``), without importing IPython here."""

    def _repr_html_(self) -> str:
        return str(self)


def html_table(header: list, rows: list) -> HtmlTable:
    """An HTML table with one ``<th scope="col">`` per header entry; an empty cell stays empty.

    header: N column titles; rows: lists of N cells (anything ``str()`` turns into text).
    """
    if not all(len(r) == len(header) for r in rows):
        widths = sorted({len(r) for r in rows})
        raise ValueError(f"html_table: every row needs {len(header)} cells (one per header entry), "
                         f"got rows of {widths} cells")
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td><code>{escape(str(c))}</code></td>" if str(c) else "<td></td>"
                                    for c in r) + "</tr>" for r in rows)
    return HtmlTable(f'<table class="table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
