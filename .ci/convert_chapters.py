"""Bring chapters into the notebook-friendly style, in place. Safe to run again: it is idempotent.

    .venv/bin/python .ci/convert_chapters.py                # every chapter in _toc.yml's chapters/
    .venv/bin/python .ci/convert_chapters.py chapters/07_x.md
    .venv/bin/python .ci/convert_chapters.py --check        # exit 1 and list files it would change

What it changes, so that a learner in JupyterLab, Colab or a downloaded notebook sees what the website
shows, and so that saving a chapter in JupyterLab leaves its file byte for byte the same:

1. Figures. A figure glued with ``glue("fig_x", fig, display=False); plt.close(fig)`` and pasted with a
   ``{glue:figure}`` directive becomes a figure shown in its own cell's output (``plt.show()``), with
   the directive's caption, name and alt text moved into that cell's myst-nb metadata
   (``mystnb: {figure: {caption, name}, image: {alt}}``). The site shows it in the same place, with the
   same number, caption and ``{numref}`` target; a notebook shows it too, since it is a real output.
2. ``from myst_nb import glue`` becomes ``from lstmlib.glue import glue``: the same records, written
   without needing myst_nb (Colab has none).
3. The front matter is pinned to what JupyterLab's Jupytext writes on save (format_version,
   jupytext_version, the ipykernel kernelspec), and the file is written the way Jupytext writes it
   (e.g. a blank line after a cell's ``:tags:``), so a save in JupyterLab changes nothing.

Numbers (``{glue:text}``) and cross-references (``{numref}``, ``{doc}``) stay as they are in the source:
the website needs them. The published notebooks show them as plain text: .ci/book_site.py rewrites them
there from the executed values.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import jupytext
import yaml

REPO = Path(__file__).resolve().parents[1]
FMT = "md:myst"
# What JupyterLab (with the .venv's jupytext and ipykernel) writes into the header on save.
JUPYTEXT_HEADER = {"extension": ".md", "format_name": "myst", "format_version": "0.13",
                   "jupytext_version": jupytext.__version__}
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

_DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{glue:figure\}[ \t]+(?P<key>\S+)[ \t]*\n"
                        r"(?P<body>.*?)^(?P=fence)[ \t]*(?:\n|\Z)", re.M | re.S)
_OPTION = re.compile(r"^:(?P<name>[\w-]+):[ \t]*(?P<value>.*)$")


class ConversionError(ValueError):
    pass


def _parse_directive(body: str) -> tuple[dict, str]:
    """Options (``:name: value`` lines at the top) and the caption (the rest) of a directive body."""
    lines = body.splitlines()
    options, k = {}, 0
    while k < len(lines) and (m := _OPTION.match(lines[k])):
        options[m["name"]] = m["value"].strip()
        k += 1
    # One line per paragraph: in Markdown a line break inside a paragraph is a space, and the caption
    # then reads well in the cell's YAML metadata.
    paragraphs = re.split(r"\n\s*\n", "\n".join(lines[k:]).strip())
    return options, "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _glue_call(key: str) -> re.Pattern:
    return re.compile(r"^glue\(\s*[\"']" + re.escape(key) + r"[\"']\s*,\s*(?P<var>\w+)\s*,\s*display\s*=\s*False\s*\)"
                      r"[ \t]*\n?", re.M)


def convert_figures(nb, path) -> int:
    """Move every {glue:figure} into the metadata of the cell that made the figure; returns how many."""
    moved = 0
    for index, cell in enumerate(list(nb.cells)):
        if cell.cell_type != "markdown":
            continue
        while (m := _DIRECTIVE.search(cell.source)):
            key = m["key"]
            options, caption = _parse_directive(m["body"])
            unknown = set(options) - {"alt", "name", "figwidth", "align", "width", "class", "classes"}
            if unknown:
                raise ConversionError(f"{path}: {{glue:figure}} {key} has options this tool cannot move: "
                                      f"{sorted(unknown)} (expected alt, name, width, align, classes)")
            pattern = _glue_call(key)
            owners = [c for c in nb.cells if c.cell_type == "code" and pattern.search(c.source)]
            if len(owners) != 1:
                raise ConversionError(f"{path}: {{glue:figure}} {key} needs exactly one cell with "
                                      f"glue({key!r}, fig, display=False); found {len(owners)}")
            code = owners[0]
            var = pattern.search(code.source)["var"]
            src = pattern.sub("", code.source)
            src = re.sub(r"^plt\.close\(\s*" + re.escape(var) + r"\s*\)[ \t]*\n?", "", src, flags=re.M)
            src = src.rstrip("\n")
            if not src.endswith("plt.show()"):
                src += "\nplt.show()"
            code.source = src
            figure = {"caption": caption, "name": options.get("name", key.replace("_", "-"))}
            if options.get("align"):
                figure["align"] = options["align"]
            if options.get("class") or options.get("classes"):
                figure["classes"] = options.get("classes") or options.get("class")
            image = {}
            if options.get("alt"):
                image["alt"] = options["alt"]
            if options.get("width") or options.get("figwidth"):
                image["width"] = options.get("width") or options.get("figwidth")
            mystnb = dict(code.metadata.get("mystnb", {}))
            mystnb["figure"] = figure
            if image:
                mystnb["image"] = image
            code.metadata["mystnb"] = mystnb
            cell.source = (cell.source[:m.start()] + cell.source[m.end():]).strip("\n")
            moved += 1
    nb.cells = [c for c in nb.cells if c.cell_type != "markdown" or c.source.strip()]
    return moved


def convert_imports(nb) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = re.sub(r"^from myst_nb import glue\b", "from lstmlib.glue import glue", cell.source,
                                 flags=re.M)


def convert_text(text: str, path="<text>") -> str:
    nb = jupytext.reads(text, fmt=FMT)
    convert_figures(nb, path)
    convert_imports(nb)
    nb.metadata.setdefault("jupytext", {})["text_representation"] = dict(JUPYTEXT_HEADER)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    return jupytext.writes(nb, fmt=FMT)


def is_notebook(path: Path) -> bool:
    """A MyST notebook: a .md whose front matter has a kernelspec (the Preface and prose pages have none)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return False
    header = yaml.safe_load(text.split("\n---", 1)[0][4:]) or {}
    return "kernelspec" in header


def chapter_files() -> list[Path]:
    return sorted(p for p in (REPO / "chapters").glob("*.md") if is_notebook(p))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", type=Path, help="chapters to convert (default: every chapter notebook)")
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    args = ap.parse_args(argv)
    files = args.files or chapter_files()
    stale, failed = [], []
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            new = convert_text(text, path)
        except ConversionError as err:          # one bad chapter never stops the others
            failed.append(str(err))
            continue
        except Exception as err:                # noqa: BLE001 - e.g. Jupytext cannot read the file
            failed.append(f"{path}: cannot be read as a MyST notebook: {type(err).__name__}: {err}")
            continue
        if new != text:
            stale.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for msg in failed:
        print(f"error: {msg}", file=sys.stderr)
    verb = "would change" if args.check else "converted"
    for path in stale:
        print(f"{verb}: {path}")
    return 1 if failed or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
