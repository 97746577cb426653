"""Read what a chapter computed from its executed notebook, so tests check the claims the book makes.

myst-nb's ``glue(name, value)`` leaves an output tagged with ``metadata.scrapbook.name == name``; its
``text/plain`` is ``repr(value)``. With ``display=False`` myst-nb 1.4 moves that output out of the
notebook into a sidecar ``<chapter>.glue.json`` beside it, so both places are read. Chapters glue plain
Python numbers, so ``literal_eval`` reads them back; NumPy scalars (``np.float64(0.5)``) are unwrapped too.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat

_NUMPY_SCALAR = re.compile(r"^np\.\w+\((.*)\)$", re.S)


def _value(text: str) -> object:
    text = _NUMPY_SCALAR.sub(r"\1", text.strip())
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def glued_outputs(outputs) -> dict[str, object]:
    """name -> value for the glue outputs among ``outputs`` (notebook output dicts)."""
    values = {}
    for out in outputs:
        record = out.get("metadata", {}).get("scrapbook", {})
        name = record.get("name")
        if name is not None:
            # A build's sidecar holds text/plain; a notebook run by a plain client (nbclient, JupyterLab)
            # keeps glue's own prefixed mime type, "application/papermill.record/text/plain".
            data = out.get("data", {})
            text = data.get("text/plain", data.get(record.get("mime_prefix", "") + "text/plain", ""))
            values[name] = _value(text)
    return values


def glued(ipynb: Path) -> dict[str, object]:
    """Every glued value of an executed notebook, from its cells and from its sidecar file."""
    nb = nbformat.read(ipynb, as_version=4)
    values = glued_outputs(out for cell in nb.cells for out in cell.get("outputs", []))
    sidecar = ipynb.with_name(ipynb.stem + ".glue.json")
    if sidecar.is_file():
        values.update(glued_outputs(json.loads(sidecar.read_text(encoding="utf-8")).values()))
    return values


def executed_notebook(built_book, docname: str) -> Path:
    """The executed notebook myst-nb wrote for ``docname`` (e.g. 'chapters/01_fleeting_memory')."""
    path = built_book.executed / f"{docname}.ipynb"
    if not path.is_file():
        raise FileNotFoundError(f"no executed notebook for {docname!r} at {path}")
    return path


def chapter_values(built_book, docname: str) -> dict[str, object]:
    """name -> value for every glued value of ``docname`` (e.g. 'chapters/05_gru')."""
    return glued(executed_notebook(built_book, docname))
