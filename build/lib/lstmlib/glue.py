"""``glue(name, value, display=True)``: myst-nb's glue, without needing myst-nb installed.

The chapters record every number their prose cites with ``glue``; the website's build (myst-nb) reads
the records from the executed notebook and pastes the values into the text. myst-nb's own ``glue``
needs only IPython, but importing it needs myst-nb, which pulls in Sphinx; a Colab runtime or a bare
Jupyter has neither. This function writes the same record myst-nb 1.x writes (the value's display
data under ``application/papermill.record/`` with ``scrapbook`` metadata, or shown as usual with
display=True), so a chapter runs anywhere and builds the same. tests/test_notebook_clients.py checks
that its records equal myst-nb's.
"""
from __future__ import annotations

from typing import Any

GLUE_PREFIX = "application/papermill.record/"   # myst_nb.ext.glue.GLUE_PREFIX


def glue(name: str, variable: Any, display: bool = True) -> None:
    """Record ``variable``'s display data under ``name`` for the book's build; show it if ``display``."""
    if not isinstance(name, str) or not name:
        raise TypeError(f"glue needs a non-empty str name, got {name!r}")
    from IPython.core.formatters import format_display_data
    from IPython.display import display as ipy_display

    mimebundle, metadata = format_display_data(variable)
    mime_prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = dict(name=name, mime_prefix=mime_prefix)
    ipy_display({mime_prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)
