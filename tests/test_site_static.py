"""The built website as files: what every page links to, no dead widget, and the weight of each page.
(The browser tests are in test_site_browser.py.)"""
from __future__ import annotations

import ast
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO
from sitekit import SESSION_FIXTURES, book_site, external_link_prefixes
from test_book_build import toc_docnames

pytestmark = pytest.mark.book

MAX_PAGE_BYTES = 5_000_000
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class _Refs(HTMLParser):
    """Every URL a page names in an attribute: (tag, attribute, url)."""

    ATTRS = {"href", "src", "action", "data", "poster", "srcset"}

    def __init__(self):
        super().__init__()
        self.refs = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in self.ATTRS and value:
                self.refs.append((tag, name, value.strip()))


def page_refs(path: Path) -> list[tuple[str, str, str]]:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.refs


def site_pages(html: Path) -> list[Path]:
    """Every HTML page Sphinx wrote (not the theme's own files under _static/, not _sources/)."""
    return sorted(p for p in html.rglob("*.html") if p.relative_to(html).parts[0] not in ("_static", "_sources"))


def modules_that_import_session_fixtures(folder: Path) -> dict[str, list[str]]:
    """Test modules (other than conftest.py) whose ``from sitekit import ...`` names a session fixture."""
    found = {}
    for path in sorted(folder.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and node.module == "sitekit" for alias in node.names if alias.name in SESSION_FIXTURES]
        if names:
            found[path.name] = names
    return found


def test_session_fixtures_are_registered_once(tmp_path):
    assert not modules_that_import_session_fixtures(REPO / "tests")
    # the mistake that cost a CI run, planted: a module importing the browser fixture for itself
    (tmp_path / "test_planted.py").write_text("from sitekit import Visit, browser  # noqa: F401\n")
    assert modules_that_import_session_fixtures(tmp_path) == {"test_planted.py": ["browser"]}


def playwright_starters(folder: Path) -> list[str]:
    """Test files other than sitekit.py that start a Playwright of their own (one per process is all that
    runs: a second beside the session's Chromium refuses to start, as the JupyterLab tests once did)."""
    def starts(path: Path) -> bool:
        return any(isinstance(node, ast.Call) and getattr(node.func, "id", None) == "sync_playwright"
                   for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))

    return sorted(p.name for p in folder.glob("*.py") if p.name != "sitekit.py" and starts(p))


def test_only_the_session_browser_starts_playwright(tmp_path):
    assert playwright_starters(REPO / "tests") == []
    (tmp_path / "labkit.py").write_text("with sync_playwright() as p:\n    pass\n")     # planted
    assert playwright_starters(tmp_path) == ["labkit.py"]


def test_outside_links_are_listed(built_book):
    """Pages load nothing from outside, and link outside only to the launch services, the repository and
    the references listed in _config.yml (book_external_links)."""
    prefixes = external_link_prefixes()
    bad = []
    for page in site_pages(built_book.html):
        for tag, attr, url in page_refs(page):
            if not book_site.is_external(url):
                continue
            if not (tag == "a" and attr == "href"):
                bad.append(f"{page.name}: <{tag} {attr}> loads {url} from outside")
            elif not book_site.link_allowed(url, prefixes):
                bad.append(f"{page.name}: links to {url}, not listed in book_external_links")
    assert not bad, "\n".join(bad)


def test_no_page_contains_a_saved_widget_view(built_book):
    """A saved ipywidgets view would be a control that does nothing on the static site: live widgets go
    in cells tagged remove-output, and the static counterpart is a to_jshtml animation."""
    dead = [p.relative_to(built_book.html).as_posix() for p in site_pages(built_book.html)
            if WIDGET_VIEW in p.read_text(encoding="utf-8")]
    assert not dead, f"pages with a saved ipywidgets view (tag the cell remove-output): {dead}"


def local_target(html: Path, page: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    return target if target.is_file() else None


def test_every_page_is_under_5_MB(built_book, capsys):
    """A page's weight: its HTML plus the images, scripts and stylesheets only it references. Files that
    several pages share (theme, MathJax, the search index) are downloaded once for the whole site and
    are counted once, apart."""
    html = built_book.html
    assets = {}
    for doc in toc_docnames():
        page = html / f"{doc}.html"
        assets[doc] = {t for tag, attr, url in page_refs(page)       # not links to pages (a, link rel=next)
                       if tag != "a" and (t := local_target(html, page, url)) is not None and t.suffix != ".html"}
    users = {}
    for doc, targets in assets.items():
        for t in targets:
            users.setdefault(t, set()).add(doc)
    shared = {t for t, docs in users.items() if len(docs) > 1 or t.is_relative_to(html / "_static")}
    weights = {doc: (html / f"{doc}.html").stat().st_size + sum(t.stat().st_size for t in targets - shared)
               for doc, targets in assets.items()}
    largest = max(weights, key=weights.get)
    with capsys.disabled():
        print(f"\n[page weight] largest page: {largest} {weights[largest] / 1e6:.2f} MB; "
              f"shared files referenced: {sum(p.stat().st_size for p in shared) / 1e6:.2f} MB "
              f"(counted once); pages (MB): " + ", ".join(f"{d} {w / 1e6:.2f}" for d, w in weights.items()))
    heavy = {d: round(w / 1e6, 2) for d, w in weights.items() if w > MAX_PAGE_BYTES}
    assert not heavy, f"pages over 5 MB (fewer animation frames, smaller figures, lower dpi): {heavy}"
