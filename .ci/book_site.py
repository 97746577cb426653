"""Sphinx extension for the published website: runnable notebooks, launch links, offline pages.

It lives in .ci/ beside the scripts that build and publish the book (the top-level layout is fixed and
chapters/ holds only chapters); _config.yml loads it with ``sphinx.local_extensions``.

What it does, page by page:

* Every notebook page offers its executed ``.ipynb`` for download (sphinx-book-theme copies it to
  ``_sources/``). We put a first cell into that copy that installs ``lstmlib`` when it is missing, so
  the download runs on a bare Jupyter or on Colab, and it does nothing where ``lstmlib`` is installed.
* That copy is made to read like the page (``learner_notebook``): every ``{glue:text}`` number becomes
  the value the page shows, ``{numref}`` becomes "Fig. 2.1", ``{doc}`` and other roles become plain
  words, and each figure's caption follows its figure as a Markdown cell. Numbers and references stay
  roles in the chapter sources, which the website needs; only the published notebook is rewritten.
* Colab and Binder cannot open a MyST ``.md`` notebook as a notebook. The Pages workflow publishes
  those same ``.ipynb`` files on the branch ``book_notebooks_branch``; the Colab and Binder buttons
  are rewritten to open them there.
* External links are listed in one place: ``book_external_links`` in _config.yml. Launch buttons and
  links into the book's own repository are allowed without listing. Any other outside link in a page
  is a build warning (an error under ``-W``).
* matplotlib's ``to_jshtml`` animations pull Font Awesome 4 from a CDN and leave their slider
  unlabeled. We drop the CDN stylesheet (the page must make no outside request), draw the buttons with
  the Font Awesome 6 that the theme bundles, and label the slider for screen readers.
* The single-page HTML (the PDF edition's source) gets myst-nb's folded-code visitor, which myst-nb
  registers for the "html" builder only.
* With ``BOOK_PDF=1`` (``bash .ci/book --pdf``) every page's download menu links the PDF edition,
  ``book.pdf`` at the site's root (made by .ci/book_pdf.py).
* The speed budgets, written once in ``benchmarks/budgets.py``, become MyST substitutions
  (``{{ budget_cold }}``, ...), so the Running times page states the figures the benchmark judges by.
* Sphinx 7.4 writes inline scripts added after the builder started twice (``const THEBE_JS_URL``
  is then declared twice and the page throws); we keep one copy of each.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

SETUP_CELL_TAG = "book-setup"


def allowed_link_prefixes(repository_url: str, launch_buttons: dict, listed: list[str]) -> list[str]:
    """Outside URLs a page may link to: the repository, the launch services, and the listed references."""
    prefixes = [repository_url.rstrip("/")] if repository_url else []
    for key in ("binderhub_url", "colab_url", "jupyterhub_url"):
        if launch_buttons.get(key):
            prefixes.append(launch_buttons[key].rstrip("/") + "/")
    return prefixes + list(listed)


def is_external(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


def link_allowed(url: str, prefixes: list[str]) -> bool:
    url = url.split("#", 1)[0]
    return any(url == p or url.startswith(p if p.endswith(("/", "?")) else p + "/") or url.startswith(p + "?")
               for p in prefixes)


_DATASET_IMPORT = re.compile(r"\blstmlib\.datasets\.(\w+)")
_NOT_DATASETS = {"catalogue", "install"}


def datasets_used(nb: dict) -> list[str]:
    """The catalogue datasets a notebook's code imports (``lstmlib.datasets.<name>``), in order."""
    found = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            for name in _DATASET_IMPORT.findall(_source_text(cell)):
                if name not in _NOT_DATASETS and name not in found:
                    found.append(name)
    return found


def setup_cell_source(repository_url: str, branch: str, datasets=()) -> str:
    """The first cell of every downloadable notebook: install lstmlib where it is missing, and the
    datasets the chapter reads (``python -m lstmlib.datasets.install``; present ones are left alone)."""
    source = (
        "# Setup: install the book's library, lstmlib, if this Jupyter does not have it (Colab, a bare\n"
        "# Jupyter). Where lstmlib is installed already (the book's .venv, Binder) this does nothing.\n"
        "import importlib, importlib.util, subprocess, sys\n"
        'if importlib.util.find_spec("lstmlib") is None:\n'
        "    subprocess.run([sys.executable, \"-m\", \"pip\", \"install\", \"--quiet\",\n"
        f'                    "lstmlib @ git+{repository_url.rstrip("/")}@{branch}"], check=True)\n'
        "    importlib.invalidate_caches()"
    )
    if datasets:
        source += ("\n# The data this chapter reads, each from its own package registry (once).\n"
                   "subprocess.run([sys.executable, \"-m\", \"lstmlib.datasets.install\", "
                   + ", ".join(f'"{d}"' for d in datasets) + "], check=True)")
    return source


def add_setup_cell(path: Path, source: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb.get("cells", [])
    if cells and SETUP_CELL_TAG in cells[0].get("metadata", {}).get("tags", []):
        return
    cell = {"cell_type": "code", "execution_count": None, "id": "book-setup",
            "metadata": {"tags": [SETUP_CELL_TAG]}, "outputs": [], "source": source}
    nb["cells"] = [cell] + cells
    nb["nbformat"], nb["nbformat_minor"] = 4, max(5, nb.get("nbformat_minor", 5))  # 4.5: cell ids
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


CAPTION_TAG = "book-caption"
# A MyST role: {name}`content`. Content never holds a backtick in this book.
_ROLE = re.compile(r"\{(?P<role>[A-Za-z][\w:.+-]*)\}`(?P<content>[^`]*)`")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


def _source_text(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def plain_roles(text: str, glue_text, numref, title) -> str:
    """Markdown with every MyST role replaced by the plain words the website shows in its place.

    glue_text(key, fmt) -> str: a glued value formatted as {glue:text} formats it; numref(target, text)
    -> "Fig. 1.2" (text is the explicit "Figure %s" form, or None); title(docname) -> a page's title.
    Roles this function does not know read as their content (explicit targets dropped)."""
    def replace(m):
        role, content = m["role"], m["content"]
        explicit = _EXPLICIT.match(content)
        text_part, target = (explicit["text"], explicit["target"]) if explicit else (None, content)
        if role in ("glue:text", "glue", "glue:", "glue:any"):
            key, _, fmt = content.rpartition(":") if role == "glue:text" and ":" in content else (content, "", "")
            return glue_text(key, fmt)
        if role == "numref":
            return numref(target, text_part)
        if role == "doc":
            return text_part if text_part else title(target)
        if role == "math":
            return f"${content}$"
        return text_part if text_part else content
    return _ROLE.sub(replace, text)



def merge_cached_outputs(app, path: Path) -> None:
    """Put the cached outputs into a published notebook that lacks them.

    myst-nb writes the notebook of a page it took from the execution cache without the cached outputs: its
    parser writes the notebook it read, not the one its cache client merged the outputs into
    (myst_nb/sphinx_.py, ``nbformat.writes(notebook)``). Every page comes from the cache here
    (.ci/book_execute.py runs the notebooks first), so without this the downloads, Colab and Binder would
    open notebooks with no figures and no printed results. A notebook the cache does not match (already
    merged and rewritten by an earlier call, or never executed) is left as it is."""
    import nbformat
    from jupyter_cache import get_cache

    nb_config = getattr(app.env, "mystnb_config", None)
    if nb_config is None or nb_config.execution_mode != "cache" or not path.is_file():
        return
    nb = nbformat.read(path, as_version=4)
    if any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"):
        return
    try:
        _, merged = get_cache(nb_config.execution_cache_path).merge_match_into_notebook(nb)
    except KeyError:
        return
    nbformat.write(merged, path)

def learner_notebook(path: Path, glue_text, numref, title) -> None:
    """Rewrite a published notebook so that it reads like its page (see the module docstring)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for k, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "markdown" and CAPTION_TAG in cell.get("metadata", {}).get("tags", []):
            continue                                           # made by an earlier run: made again below
        if cell.get("cell_type") == "markdown":
            cell["source"] = plain_roles(_source_text(cell), glue_text, numref, title)
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", []) if "scrapbook" not in o.get("metadata", {})]
            if "hide-input" in cell.get("metadata", {}).get("tags", []):
                # Folded as on the page: JupyterLab shows a collapsed input, one click opens it.
                cell["metadata"].setdefault("jupyter", {})["source_hidden"] = True
        cells.append(cell)
        figure = cell.get("metadata", {}).get("mystnb", {}).get("figure") if cell.get("cell_type") == "code" else None
        if figure and figure.get("caption"):
            label = numref(figure["name"], None) if figure.get("name") else "Figure"
            caption = plain_roles(str(figure["caption"]), glue_text, numref, title)
            cells.append({"cell_type": "markdown", "id": f"caption-{k}", "metadata": {"tags": [CAPTION_TAG]},
                          "source": f"**{label}.** {caption}"})
    nb["cells"] = cells
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _resolvers(app, docname: str):
    """glue_text, numref and title for ``docname``, from what the build recorded."""
    from myst_nb.core.variables import format_plain_text

    env = app.env
    glue_file = Path(env.mystnb_config.output_folder, *docname.split("/")).with_suffix(".glue.json")
    glue_data = json.loads(glue_file.read_text(encoding="utf-8")) if glue_file.is_file() else {}

    def glue_text(key, fmt):
        entry = glue_data.get(key)
        text = (entry or {}).get("data", {}).get("text/plain")
        if text is None:
            logger.warning(f"published notebook {docname}: no glued value {key!r}", type="book_site",
                           subtype="learner_notebook")
            return key
        return format_plain_text(text, fmt or "")

    labels = env.get_domain("std").labels

    def numref(target, text):
        doc, labelid, _ = labels.get(target.lower(), (None, None, None))
        numbers = env.toc_fignumbers.get(doc, {}).get("figure", {}).get(labelid) if doc else None
        if not numbers:
            return text.replace("%s", "").strip() if text else target
        number = ".".join(map(str, numbers))
        fmt = text if text and "%s" in text else app.config.numfig_format.get("figure", "Fig. %s")
        return fmt.replace("{number}", number).replace("%s", number)

    def title(target):
        from posixpath import join, normpath, dirname
        doc = normpath(join(dirname(docname), target)) if not target.startswith("/") else target.lstrip("/")
        node = env.titles.get(doc)
        return node.astext() if node is not None else target

    return glue_text, numref, title


def _theme_options(app) -> dict:
    return app.config.html_theme_options or {}


def on_page_context(app, pagename, templatename, context, doctree):
    """Runs after sphinx-book-theme built the header buttons (priority 501)."""
    # One copy of each script (see the module docstring).
    if "script_files" in context:
        seen, unique = set(), []
        for js in context["script_files"]:
            key = (getattr(js, "filename", js) or "", json.dumps(getattr(js, "attributes", {}), sort_keys=True))
            if key not in seen:
                seen.add(key)
                unique.append(js)
        context["script_files"] = unique

    if app.config.book_pdf:   # the PDF edition (.ci/book_pdf.py puts it at the site's root)
        for group in context.get("header_buttons", []):
            if group.get("label") == "download-buttons":
                group["buttons"].append({"type": "link", "url": context["pathto"]("book.pdf", 1),
                                         "text": "Book (PDF)", "tooltip": "Download the whole book as one PDF",
                                         "icon": "fas fa-book", "label": "download-book-pdf-button"})

    # sphinxcontrib-bibtex marks the bibliography role="list" around entries whose role is not listitem:
    # axe's critical aria-required-children. Without the role it is a plain group of citations.
    if isinstance(context.get("body"), str):
        context["body"] = context["body"].replace('<div role="list" class="citation-list">',
                                                  '<div class="citation-list">')
    ipynb = context.get("ipynb_source")
    if not ipynb:
        return
    opts = _theme_options(app)
    repo = opts.get("repository_url", "")
    branch = app.config.book_notebooks_branch
    published = Path(app.outdir, "_sources", ipynb)
    merge_cached_outputs(app, published)
    used = datasets_used(json.loads(published.read_text(encoding="utf-8")))
    add_setup_cell(published, setup_cell_source(repo, branch, used))
    learner_notebook(published, *_resolvers(app, pagename))

    # Colab and Binder open the published .ipynb (same file as the download) on the notebooks branch.
    launch = opts.get("launch_buttons", {})
    slug = "/".join(repo.rstrip("/").split("/")[-2:])
    targets = {
        "Colab": f'{launch.get("colab_url", "").rstrip("/")}/github/{slug}/blob/{branch}/{ipynb}',
        "Binder": f'{launch.get("binderhub_url", "").rstrip("/")}/v2/gh/{slug}/{branch}'
                  f'?urlpath=lab/tree/{ipynb}',
    }
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") in targets:
                button["url"] = targets[button["text"]]


_FA_CDN = re.compile(r'<link[^>]*href="https?://[^"]*font-awesome[^"]*"[^>]*>\s*', re.I)
_SLIDER = re.compile(r'(<input id="_anim_slider[^"]*" type="range")(?![^>]*aria-label)')
# The player's buttons, by matplotlib's aria-label, drawn with the theme's own Font Awesome 6 (bundled
# in _static, so offline too). Characters such as U+23EE-23F8 have no glyph in common Linux fonts.
_BUTTON = re.compile(r'(<button title="[^"]*" aria-label="([^"]*)" onclick="anim\w+\.\w+\(\)">)(.*?)(</button>)', re.S)
_ICONS = {"Decrease speed": "fa-minus", "First frame": "fa-backward-fast", "Previous frame": "fa-backward-step",
          "Play backwards": "fa-play fa-flip-horizontal", "Pause": "fa-pause", "Play": "fa-play",
          "Next frame": "fa-forward-step", "Last frame": "fa-forward-fast", "Increase speed": "fa-plus"}


def fix_animation_player(text: str) -> str:
    """matplotlib's to_jshtml player, made to work offline: no CDN stylesheet, a labeled slider, local icons."""
    text = _SLIDER.sub(r'\1 aria-label="Animation frame"', _FA_CDN.sub("", text))

    def icon(m):
        name = _ICONS.get(m.group(2))
        return m.group(0) if name is None else f'{m.group(1)}<i class="fa-solid {name}" aria-hidden="true"></i>{m.group(4)}'

    return _BUTTON.sub(icon, text)


def on_doctree_resolved(app, doctree, docname):
    # to_jshtml animations: no CDN stylesheet, a labeled slider.
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "_anim_slider" not in text:
            continue
        fixed = fix_animation_player(text)
        if fixed != text:
            raw.replace_self(nodes.raw(fixed, fixed, format=raw.get("format", "html")))

    # Outside links must be listed in _config.yml (book_external_links).
    opts = _theme_options(app)
    prefixes = allowed_link_prefixes(opts.get("repository_url", ""), opts.get("launch_buttons", {}),
                                     app.config.book_external_links)
    for ref in doctree.findall(nodes.reference):
        url = ref.get("refuri", "")
        if is_external(url) and not link_allowed(url, prefixes):
            logger.warning(
                f"outside link {url} is not listed: add it to book_external_links under "
                "sphinx.config in _config.yml (the one list of the book's external links)",
                location=ref, type="book_site", subtype="external_link")


def add_singlehtml_visitors(app) -> None:
    """myst-nb gives its folded-code node (hide-input cells) a visitor for the "html" builder only. Sphinx
    looks visitors up by builder name first, and other extensions register some for "singlehtml", so the
    single-page HTML the PDF edition prints from fails on that node; we give it the same visitor there."""
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput, visit_HideCellInput

    visitors = (visit_HideCellInput, depart_HideCellInput)
    app.add_node(HideCodeCellNode, override=True, html=visitors, singlehtml=visitors)


def add_budget_substitutions(app, config) -> None:
    """benchmarks/budgets.py's words, as MyST substitutions (loaded by path: benchmarks/ is no package).
    A book without that file (the tests' small fixture books) gets none; a page of it that used one would
    then fail the -W build with myst-parser's warning for an undefined substitution."""
    import importlib.util

    path = Path(app.srcdir) / "benchmarks" / "budgets.py"
    if not path.is_file():
        return
    spec = importlib.util.spec_from_file_location("book_budgets", path)
    budgets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(budgets)
    config.myst_substitutions = {**(config.myst_substitutions or {}), **budgets.substitutions()}


def setup(app):
    add_singlehtml_visitors(app)
    app.connect("config-inited", add_budget_substitutions)
    app.add_config_value("book_external_links", [], "env", [list])
    app.add_config_value("book_notebooks_branch", "notebooks", "html", [str])
    # BOOK_PDF=1 (bash .ci/book --pdf): every page's download menu links the whole book's PDF
    app.add_config_value("book_pdf", os.environ.get("BOOK_PDF") == "1", "html", [bool])
    app.connect("html-page-context", on_page_context, priority=900)
    app.connect("doctree-resolved", on_doctree_resolved)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
