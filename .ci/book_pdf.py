"""The PDF edition: the whole book as one PDF, printed by Chromium from the site's single-page HTML.

    python .ci/book_pdf.py [SOURCE] [--path-output OUT]      (bash .ci/book --pdf runs it)

1. ``jupyter-book build --builder singlehtml`` of SOURCE into OUT/_build/singlehtml. The notebooks come from
   the execution cache the HTML build filled (OUT/_build/.jupyter_cache): nothing is executed again unless
   something changed since.
2. That page is served on 127.0.0.1 and printed by Debian's Chromium through Playwright (as the website tests
   drive it) once MathJax has typeset every equation: every chapter, the glued numbers, the figures, the
   math, the numbered references as Sphinx resolved them, and the bibliography where the book has one.
   Each slider (a matplotlib ``to_jshtml`` player) prints as its first frame, under a note that the website
   has the interactive version; the player's buttons, the page's navigation and the folded code are left
   out of the print.
3. The PDF goes to OUT/_build/pdf/book.pdf and is copied to OUT/_build/html/book.pdf, which every page of
   the website links from its download menu when the site was built with BOOK_PDF=1 (.ci/book --pdf does).

Why Chromium and not LaTeX: measured on this machine, Debian's TeX Live for a Sphinx LaTeX build (xetex,
latexmk, latex-extra, fonts-recommended, plain-generic, FreeFont) is 92 packages, 248 MB to download and
719 MB installed, while Chromium is installed already for the website tests; and LaTeX drops every output
that is HTML only (the sliders, HTML tables), which Chromium prints as the reader sees them.
"""
from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from jupyter_book_cli import command as jupyter_book   # beside this file, in .ci/

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]

#: The note printed above each slider's first frame.
PLAYER_NOTE = "Interactive on the website: a slider steps through {n} frames. The first frame is shown here."

# What the print leaves out and how it lays out a book. The theme's navigation, buttons and the folded
# code (hide-input cells: folded on the site too) are dropped; each chapter starts on a new page.
PRINT_CSS = """
@page { size: A4; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .header-article, .bd-header-article,
.prev-next-area, .bd-footer, .bd-footer-article, .bd-footer-content, footer, .search-button-field,
.headerlink, .toggle-details, .copybtn, .theme-switch-button, #pst-back-to-top, .skip-link,
details.hide.above-input, details.hide.below-input > summary, .anim-buttons, .anim-state,
.animation input[type=range], .cell_input.hide, .tag_hide-input > .cell_input { display: none !important; }
details.hide.below-input { display: block !important; }
details.hide.below-input > *:not(summary) { display: block !important; }
html, body { background: white !important; }
body, .bd-main, .bd-content, .bd-article-container, .bd-page-width, .bd-container, .bd-container__inner,
.bd-article { display: block !important; min-width: 0 !important; max-width: none !important;
  width: auto !important; margin: 0 !important; padding: 0 !important; }
img, table, .cell_output, .animation { max-width: 100% !important; }
.cell_output img, figure img { height: auto !important; }
body { font-size: 10.5pt; }
section > h1 { break-before: page; }
figure, .cell_output img, .animation, table, .math, mjx-container[display="true"] { break-inside: avoid; }
h1, h2, h3 { break-after: avoid; }
.book-pdf-note { font-size: 9pt; font-style: italic; margin: 0.2em 0; break-after: avoid; }
pre, .highlight { white-space: pre-wrap !important; word-break: break-word; }
"""

# After load: wait for MathJax, mark each player with its note (and its frame count), drop the CSS
# transitions, and report what the page holds, so the caller can fail loudly on a page that did not render.
PREPARE_JS = """
async (note) => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  if (window.MathJax && MathJax.typesetPromise) { await MathJax.typesetPromise(); }
  const players = [...document.querySelectorAll('.animation')];
  for (const anim of players) {
    const slider = anim.querySelector('input[type=range]');
    const n = slider ? Number(slider.max) + 1 : 1;
    const p = document.createElement('p');
    p.className = 'book-pdf-note';
    p.textContent = note.replace('{n}', String(n));
    anim.parentNode.insertBefore(p, anim);
  }
  await Promise.all([...document.images].map(img => img.complete ? null :
      new Promise(r => { img.onload = img.onerror = r; })));
  return {players: players.length, images: document.images.length,
          unset_frames: players.filter(a => !a.querySelector('img') || !a.querySelector('img').src).length,
          broken_images: [...document.images].filter(img => !img.naturalWidth).map(img => img.src).slice(0, 5),
          raw_tex: (document.body.innerText.match(/\\\\\\(/g) || []).length};
}
"""


def chromium_executable() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise SystemExit("the PDF edition needs Debian's Chromium: run `bash .ci/setup --browser`, "
                         "or set CHROMIUM=/path/to/chromium")
    return path


def build_singlehtml(source: Path, out: Path) -> Path:
    cmd = jupyter_book("build", "--builder", "singlehtml", "-W", "-n", "--keep-going",
                       "--path-output", out, source)
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "BOOK_PDF": "1"})
    if proc.returncode != 0:
        raise SystemExit("the single-page HTML did not build:\n" + (proc.stdout + proc.stderr)[-6000:])
    return out / "_build" / "singlehtml"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def print_pdf(folder: Path, page_name: str, pdf: Path, title: str) -> dict:
    """Print folder/page_name (the single page) to ``pdf`` with Chromium; returns what it held."""
    from playwright.sync_api import sync_playwright

    # Sphinx writes the single page's links relative to the site's root, but jupyter-book puts the page at
    # the root document's path (chapters/preface.html): served from the root, every image and script loads.
    shutil.copy(folder / page_name, folder / "book-print.html")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 1400})
                page.emulate_media(media="print", color_scheme="light")
                page.goto(f"http://127.0.0.1:{server.server_port}/book-print.html", wait_until="load", timeout=300_000)
                page.add_style_tag(content=PRINT_CSS)
                found = page.evaluate(PREPARE_JS, PLAYER_NOTE)
                if found["unset_frames"] or found["raw_tex"] or found["broken_images"]:
                    raise SystemExit(f"the page did not render fully before printing: {found}")
                pdf.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True,
                         margin={"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                         display_header_footer=True,
                         header_template=f'<div style="font-size:7pt;width:100%;text-align:center;color:#666">'
                                         f'{title}</div>',
                         footer_template='<div style="font-size:8pt;width:100%;text-align:center">'
                                         '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
            finally:
                browser.close()
    finally:
        server.shutdown()
    return found


def book_title(source: Path) -> str:
    import html

    import yaml

    return html.escape(str(yaml.safe_load((source / "_config.yml").read_text()).get("title", "")))


def root_page(source: Path) -> str:
    """The single page's file: the table of contents' root document (index.html only redirects to it)."""
    import re

    import yaml

    root = yaml.safe_load((source / "_toc.yml").read_text())["root"]
    return re.sub(r"\.(md|ipynb)$", "", root) + ".html"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", nargs="?", default=".", help="the book's folder (holding _config.yml)")
    ap.add_argument("--path-output", default=None, help="folder holding _build/ (default: the source)")
    args = ap.parse_args(argv)
    source = Path(args.source).resolve()
    out = Path(args.path_output).resolve() if args.path_output else source
    start = time.perf_counter()
    folder = build_singlehtml(source, out)
    html_s = time.perf_counter() - start
    pdf = out / "_build" / "pdf" / "book.pdf"
    found = print_pdf(folder, root_page(source), pdf, book_title(source))
    site = out / "_build" / "html"
    if site.is_dir():
        shutil.copy(pdf, site / "book.pdf")
    print(f"book_pdf: {pdf} ({pdf.stat().st_size / 1e6:.1f} MB; {found['players']} sliders as first frames, "
          f"{found['images']} images); single-page HTML {html_s:.0f} s, print "
          f"{time.perf_counter() - start - html_s:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
