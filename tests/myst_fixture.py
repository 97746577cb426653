"""Text the tests write as MyST notebooks: the front matter every fixture page starts with."""

#: The jupytext front matter of a MyST Markdown notebook on the default ``python3`` kernel (as the chapters
#: had before JupyterLab's own pins); a fixture page is this, a blank line and its Markdown.
FRONT_MATTER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""
