"""Read what a chapter computed from its executed notebook, so tests check the claims the book makes.

myst-nb's ``glue(name, value)`` leaves an output tagged with ``metadata.scrapbook.name == name``; its
``text/plain`` is ``repr(value)``. Chapters glue plain Python numbers, so ``literal_eval`` reads them
back; NumPy scalars (``np.float64(0.5)``) are unwrapped too.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat

_NUMPY_SCALAR = re.compile(r"^np\.\w+\((.*)\)$", re.S)


def glued(ipynb: Path) -> dict[str, object]:
    """Every glued value of an executed notebook: name -> Python value (or its text when not a literal)."""
    nb = nbformat.read(ipynb, as_version=4)
    values: dict[str, object] = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is None:
                continue
            text = out.get("data", {}).get("text/plain", "")
            text = _NUMPY_SCALAR.sub(r"\1", text.strip().strip("'\""))
            try:
                values[name] = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                values[name] = text
    return values


def executed_notebook(built_book, docname: str) -> Path:
    """The executed notebook myst-nb wrote for ``docname`` (e.g. 'chapters/01_fleeting_memory')."""
    path = built_book.executed / f"{docname}.ipynb"
    if not path.is_file():
        raise FileNotFoundError(f"no executed notebook for {docname!r} at {path}")
    return path
