"""Glued values of an executed chapter, wherever myst-nb put them.

myst-nb 1.4 moves the outputs of ``glue(..., display=False)`` out of the executed notebook into a
sidecar file ``<chapter>.glue.json`` beside it (one output per name), so reading the notebook alone
misses them. This reads both, with the parsing of :func:`notebook_outputs.glued`.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import nbformat

from notebook_outputs import executed_notebook, glued


def chapter_values(built_book, docname: str) -> dict[str, object]:
    """name -> value for every glued value of ``docname`` (e.g. 'chapters/05_gru')."""
    ipynb = executed_notebook(built_book, docname)
    values = glued(ipynb)
    sidecar = ipynb.with_name(ipynb.stem + ".glue.json")
    if sidecar.is_file():
        outputs = [nbformat.from_dict(o) for o in json.loads(sidecar.read_text(encoding="utf-8")).values()]
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=outputs)])
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "sidecar.ipynb"
            nbformat.write(nb, path)
            values.update(glued(path))
    return values
