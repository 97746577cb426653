"""The website tests' tools: the built site served on localhost, one headless Chromium for the session,
and one visit per page and color mode that records everything the tests look at.

Chromium is Debian's (``$CHROMIUM`` or ``chromium`` on the PATH), driven by Playwright for Python:
``playwright install`` cannot download browsers here. Each page is loaded once: the visit records console
errors, failed and outside requests, the state of the math, images and animations, and axe-core's report;
then the page is switched to dark mode in place and axe's color rules run again. The tests read those
records. Set ``LSTM_SITE_SCREENSHOTS=/some/folder`` to also save full-page screenshots of every page in
both modes there (never commit them).
"""
from __future__ import annotations

import collections
import dataclasses
import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import REPO, BookBuild, build_book
from test_book_build import toc_docnames

MODES = ("light", "dark")
AXE_COLOR_RULES = ["color-contrast", "link-in-text-block"]   # the axe rules whose outcome depends on colors
FIXTURE_PAGE = REPO / "tests" / "site_fixture" / "animation.md"

sys.path.insert(0, str(REPO / ".ci"))
import book_site  # noqa: E402  (the book's Sphinx extension: the external-link policy lives there)
from book_pdf import CHROMIUM_FLAGS  # noqa: E402  (the PDF edition starts Chromium the same way)
from jupyter_book_cli import command as jupyter_book  # noqa: E402


def chromium_executable() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("the website tests need Debian's Chromium: run `bash .ci/setup --browser`, "
                    "or set CHROMIUM=/path/to/chromium")
    return path


def book_config() -> dict:
    return yaml.safe_load((REPO / "_config.yml").read_text())


def external_link_prefixes() -> list[str]:
    """Where a page may link outside: the repository, the launch services, the listed references."""
    cfg = book_config()
    return book_site.allowed_link_prefixes(cfg.get("repository", {}).get("url", ""),
                                           cfg.get("launch_buttons", {}),
                                           cfg.get("sphinx", {}).get("config", {}).get("book_external_links", []))


def notebook_kind(doc: str, root: Path = REPO) -> str | None:
    """"md" for a MyST notebook (kernelspec in its front matter), "ipynb" for a notebook file, else None.
    Notebook pages get launch buttons; for "md" pages the book publishes an executed .ipynb (Colab cannot
    open a .md), an "ipynb" page's own file is what Colab and the download give."""
    if (root / f"{doc}.ipynb").is_file():
        return "ipynb"
    md = root / f"{doc}.md"
    if not md.is_file():
        return None
    front = re.match(r"---\n(.*?)\n---", md.read_text(encoding="utf-8"), re.S)
    return "md" if front and "kernelspec" in (yaml.safe_load(front.group(1)) or {}) else None


def is_notebook_source(doc: str, root: Path = REPO) -> bool:
    return notebook_kind(doc, root) is not None


class Site:
    """A built site (a folder of HTML) served on http://127.0.0.1:<port>/ until ``close()``."""

    def __init__(self, build: BookBuild, docs: list[str], source: Path = REPO):
        self.build, self.html, self.docs, self.source = build, build.html, docs, source
        handler = functools.partial(_QuietHandler, directory=str(self.html))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, doc: str) -> str:
        return self.base + doc + ".html"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@dataclasses.dataclass
class Visit:
    """What one page load in one color mode showed."""

    doc: str
    mode: str
    console_errors: list = dataclasses.field(default_factory=list)
    failed_requests: list = dataclasses.field(default_factory=list)
    outside_requests: list = dataclasses.field(default_factory=list)
    theme: str = ""
    math: dict = dataclasses.field(default_factory=dict)
    images_without_alt: list = dataclasses.field(default_factory=list)
    broken_images: list = dataclasses.field(default_factory=list)
    animations: int = 0
    axe: list = dataclasses.field(default_factory=list)   # (impact, rule id, node count, help)
    # by viewport width (WIDTHS): each display equation, table or cell output the reader cannot see whole
    cut: dict = dataclasses.field(default_factory=dict)

    def serious_axe(self) -> list:
        return [v for v in self.axe if v[0] in ("serious", "critical")]


# Read in the page after MathJax finished: raw TeX left in the text, math elements without typeset
# output, images without alt text or that failed to load.
_INSPECT_JS = """() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const clone = article.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, textarea, mjx-container').forEach(e => e.remove());
  const text = clone.textContent;
  const rawTex = ['\\\\(', '\\\\)', '\\\\[', '\\\\]', '$$', '\\\\begin{'].filter(t => text.includes(t));
  const math = [...article.querySelectorAll('.math')];
  return {
    theme: document.documentElement.dataset.theme || '',
    math: {elements: math.length,
           typeset: math.filter(m => m.querySelector('mjx-container')).length,
           containers: article.querySelectorAll('mjx-container').length,
           raw_tex: rawTex},
    images_without_alt: [...document.images].filter(i => !(i.getAttribute('alt') || '').trim())
                          .map(i => i.outerHTML.slice(0, 160)),
    broken_images: [...document.images].filter(i => i.complete && i.naturalWidth === 0 && i.getAttribute('src'))
                          .map(i => (i.getAttribute('src') || '').slice(0, 160)),
    animations: document.querySelectorAll('.animation input[type=range]').length,
  };
}"""


# Switch a loaded page to dark mode as the theme's switch does, and wait for any color transition to end.
_DARK_JS = """async () => {
  const html = document.documentElement;
  html.dataset.mode = 'dark';
  html.dataset.theme = 'dark';
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const settled = Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  await Promise.race([settled, new Promise(r => setTimeout(r, 2000))]);
  return html.dataset.theme;
}"""


WIDTHS = (1280, 390)   # desktop and phone viewports, CSS px

# Every display equation, table and cell output of the article that is wider than the column must sit in
# a box that scrolls sideways: overflow-x auto/scroll, a drawn scrollbar (the book styles
# ::-webkit-scrollbar; an overlay scrollbar stays invisible until one scrolls, so nobody knows the formula
# goes on), reachable from the keyboard (tabindex >= 0), and itself inside the column. Anything else is
# reported with what cuts it. Folded (display: none) content is skipped: the reader unfolds it first.
WIDE_JS = """() => {
  const article = document.querySelector('article.bd-article');
  if (!article) return [];
  const st = getComputedStyle(article), box = article.getBoundingClientRect();
  const colLeft = box.left + parseFloat(st.paddingLeft), colRight = box.right - parseFloat(st.paddingRight);
  const where = n => `<${n.tagName.toLowerCase()}${n.className ? ' class="' + n.className + '"' : ''}>`;
  const targets = [
    ...[...article.querySelectorAll('mjx-container[display="true"]')].map(e => ['equation', e]),
    ...[...article.querySelectorAll('table')].map(e => ['table', e]),
    // a text output's own scroller is its <pre>; other outputs (HTML, images) scroll in .output
    ...[...article.querySelectorAll('.cell_output pre, .cell_output > .output:not(:has(pre))')]
      .map(e => ['output', e])];
  const cut = [];
  for (const [kind, el] of targets) {
    if (!el.getClientRects().length) continue;
    let why = null;
    for (let n = el; n && n !== article; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.overflowX === 'visible' || n.scrollWidth <= n.clientWidth + 1) continue;
      const bar = parseFloat(getComputedStyle(n, '::-webkit-scrollbar').height) || 0;
      if (s.overflowX !== 'auto' && s.overflowX !== 'scroll') why = `cut by overflow-x: ${s.overflowX} on ${where(n)}`;
      else if (s.scrollbarWidth === 'none' || bar <= 0) why = `scrolls in ${where(n)}, but no scrollbar is drawn`;
      else if (n.tabIndex < 0 && !n.querySelector('a[href], [tabindex]:not([tabindex="-1"])'))
        why = `scrolls in ${where(n)}, which the keyboard cannot reach`;
      else if (n.getBoundingClientRect().right > colRight + 1) why = `its scroll box ${where(n)} is wider than the column`;
      else why = 'ok';
      break;
    }
    if (why === null) {
      const r = el.getBoundingClientRect();
      why = r.left + Math.max(r.width, el.scrollWidth) > colRight + 1 ? 'runs past the column' : 'ok';
    }
    if (why !== 'ok')
      cut.push({kind, why, width: Math.round(Math.max(el.scrollWidth, el.getBoundingClientRect().width)),
                column: Math.round(colRight - colLeft),
                text: (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60)});
  }
  return cut;
}"""


def wide_content(page, width: int) -> list:
    """What ``WIDE_JS`` finds cut on ``page`` at viewport ``width`` (the page keeps that width)."""
    page.set_viewport_size({"width": width, "height": 900})
    # two frames for the layout, and past the theme's 300 ms debounce that gives scrolling boxes a tabindex
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(450)
    return page.evaluate(WIDE_JS)


def _axe_list(report: dict) -> list:
    return [(x["impact"], x["id"], len(x["nodes"]), x["help"]) for x in report["violations"]]


class Browser:
    """One Chromium for the session, one context per color mode, visits cached by (doc, mode)."""

    def __init__(self, screenshots: Path | None = None):
        from playwright.sync_api import sync_playwright
        from axe_playwright_python.sync_playwright import Axe

        self._pw = sync_playwright().start()
        self.chromium = self._pw.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
        self.axe = Axe()   # axe.min.js ships inside the wheel: injected from disk, no network
        self.contexts = {}
        self.visits: dict = {}
        self.screenshots = screenshots

    def context(self, mode: str):
        if mode not in self.contexts:
            ctx = self.chromium.new_context(color_scheme=mode, viewport={"width": 1280, "height": 900})
            # The theme reads the reader's choice from localStorage before it paints.
            ctx.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
            # Nothing may leave localhost: abort it at once (no DNS wait) and let the visit record it.
            ctx.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])(https?|wss?)://"), lambda route: route.abort())
            self.contexts[mode] = ctx
        return self.contexts[mode]

    def open(self, url: str, mode: str = "light", visit: Visit | None = None):
        """Load ``url`` and wait until its scripts, fonts and math are done. Returns the page (close it)."""
        page = self.context(mode).new_page()
        if visit is not None:
            errors, failed, outside = visit.console_errors, visit.failed_requests, visit.outside_requests
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
            page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
            page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} ({r.status})"))
            page.on("request", lambda r: urlsplit(r.url).hostname not in (None, "127.0.0.1")
                    and urlsplit(r.url).scheme in ("http", "https", "ws", "wss") and outside.append(r.url))
        page.goto(url, wait_until="load")
        page.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise;"
                      " await document.fonts.ready; }")
        page.wait_for_load_state("networkidle")
        return page

    def visit(self, site: Site, doc: str, mode: str) -> Visit:
        """The visit of ``doc`` in ``mode``; the first call visits every page of ``site``, in both modes."""
        if (site.base, doc, mode) not in self.visits:
            self._visit_all(site, [d for d in dict.fromkeys([doc, *site.docs]) if (site.base, d, mode) not in self.visits])
        return self.visits[(site.base, doc, mode)]

    def _visit_all(self, site: Site, docs: list, parallel: int = 2):
        """Pages are loaded one at a time, but each page's axe run goes on in its own renderer process
        while the next page loads: on two cores this nearly halves the time. The pages share nothing
        but the light context's localStorage, which every page sets to the same value."""
        running = collections.deque()
        for doc in docs:
            running.append(self._start(site, doc))
            if len(running) >= parallel:
                self._finish(site, *running.popleft())
        while running:
            self._finish(site, *running.popleft())

    def _start(self, site: Site, doc: str):
        v = Visit(doc, "light")
        page = self.open(site.url(doc), "light", v)
        for field, value in page.evaluate(_INSPECT_JS).items():
            setattr(v, field, value)
        # Stop recording: axe's own stylesheet preloading resolves an @import against the site root
        # (GET /basic.css, a 404 the reader never sees).
        v.console_errors, v.failed_requests, v.outside_requests = (
            list(v.console_errors), list(v.failed_requests), list(v.outside_requests))
        page.evaluate(self.axe.axe_script)
        page.evaluate("() => { window.__axeReport = axe.run(document, {resultTypes: ['violations']}); }")
        return v, page

    def _finish(self, site: Site, light: Visit, page):
        light.axe = _axe_list(page.evaluate("() => window.__axeReport"))
        self._screenshot(page, light)
        # Dark mode, on the same page: the theme's switch sets these two attributes and its CSS follows
        # (test_dark_mode_loads_from_the_readers_choice loads pages in dark mode from scratch). The DOM is
        # unchanged, so only axe's color rules can change their verdict; they take most of axe's time.
        dark = dataclasses.replace(light, mode="dark", theme=page.evaluate(_DARK_JS))
        dark.axe = _axe_list(page.evaluate(
            "rules => axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'rule', values: rules}})",
            AXE_COLOR_RULES))
        self._screenshot(page, dark)
        for width in WIDTHS:   # the same dict in both visits: the layout does not depend on the colors
            light.cut[width] = wide_content(page, width)
        page.close()
        self.visits[(site.base, light.doc, "light")] = light
        self.visits[(site.base, dark.doc, "dark")] = dark

    def _screenshot(self, page, v: Visit):
        if self.screenshots:
            self.screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(self.screenshots / f"{v.doc.replace('/', '__')}.{v.mode}.png"), full_page=True)

    def close(self):
        for ctx in self.contexts.values():
            ctx.close()
        self.chromium.close()
        self._pw.stop()


# Registered by conftest.py only; a test module that imports one of these gets a second, separate instance.
SESSION_FIXTURES = ("site", "browser", "fixture_site", "notebook_site")


@pytest.fixture(scope="session")
def site(built_book: BookBuild):
    s = Site(built_book, toc_docnames())
    yield s
    s.close()


@pytest.fixture(scope="session")
def browser():
    shots = os.environ.get("LSTM_SITE_SCREENSHOTS")
    b = Browser(Path(shots) if shots else None)
    yield b
    b.close()


def build_fixture_book(out: Path, env: dict | None = None) -> BookBuild:
    """A one-page book with the real _config.yml and extension, whose page is the animation fixture;
    ``env``: the build's environment (default: this process's)."""
    src = out / "src"
    (src / "chapters").mkdir(parents=True)
    shutil.copy(REPO / "_config.yml", src / "_config.yml")
    shutil.copy(REPO / "references.bib", src / "references.bib")     # _config.yml's bibtex_bibfiles
    for folder in (".ci", "_static"):
        shutil.copytree(REPO / folder, src / folder)
    shutil.copy(FIXTURE_PAGE, src / "chapters" / "animation.md")
    (src / "_toc.yml").write_text("format: jb-book\nroot: chapters/animation\n")
    proc = subprocess.run(jupyter_book("build", "-W", "-n", "--keep-going", "--path-output", out, src),
                          capture_output=True, text=True, env=env)
    return BookBuild(out, proc.returncode, proc.stdout + proc.stderr, 0.0)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    """The one-page fixture book, served; built only when a test asks for it."""
    built = build_fixture_book(tmp_path_factory.mktemp("fixture_book"))
    assert built.returncode == 0, built.log[-4000:]
    s = Site(built, ["chapters/animation"], source=built.root / "src")
    yield s
    s.close()


@pytest.fixture(scope="session")
def notebook_site(site, request):
    """(site, its notebook pages): the book's, or the fixture book's while no chapter notebook is listed."""
    if any(re.match(r"chapters/\d\d_", d) and is_notebook_source(d) for d in site.docs):
        return site, [d for d in site.docs if is_notebook_source(d)]
    fixture = request.getfixturevalue("fixture_site")
    return fixture, fixture.docs
