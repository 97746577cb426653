"""The published website in a real browser: headless Debian Chromium (Playwright) on the built site served
on 127.0.0.1. Every page of the table of contents is loaded once, checked in light mode and then switched
to dark mode; the tests below read what those visits recorded (see sitekit.py)."""
from __future__ import annotations

import json
import re

import nbformat
import pytest
from nbclient import NotebookClient

from kernels import execute_watched
from sitekit import MODES, WIDTHS, Visit, book_site, notebook_kind, wide_content
from test_book_build import toc_docnames

pytestmark = [pytest.mark.book, pytest.mark.browser]

DOCS = toc_docnames()


@pytest.mark.parametrize("doc", DOCS)
def test_page_loads_offline_without_errors(browser, site, doc):
    """No console error, no failed request, and no request to any host but localhost."""
    v = browser.visit(site, doc, "light")
    assert not v.console_errors, f"{doc}: console errors {v.console_errors}"
    assert not v.failed_requests, f"{doc}: failed requests {v.failed_requests}"
    assert not v.outside_requests, f"{doc}: requests that left localhost {v.outside_requests}"
    assert v.theme == "light", f"{doc}: asked for light mode, the page shows {v.theme!r}"


def test_dark_mode_loads_from_the_readers_choice(browser, site):
    """A reader who chose dark mode (localStorage, as the theme's switch saves it) gets dark pages from
    the first paint, cleanly. (The other tests switch each loaded page to dark mode in place.)"""
    chapters = [d for d in site.docs if re.match(r"chapters/\d\d_", d)]
    for doc in [site.docs[0], *chapters[:1]]:
        v = Visit(doc, "dark")
        page = browser.open(site.url(doc), "dark", v)
        try:
            v.theme = page.evaluate("document.documentElement.dataset.theme")
        finally:
            page.close()
        assert v.theme == "dark" and not (v.console_errors or v.failed_requests or v.outside_requests), v


@pytest.mark.parametrize("doc", DOCS)
def test_math_is_typeset(browser, site, doc):
    m = browser.visit(site, doc, "light").math
    assert not m["raw_tex"], f"{doc}: raw TeX left in the text: {m['raw_tex']}"
    assert m["typeset"] == m["elements"], f"{doc}: {m['elements'] - m['typeset']} math elements not typeset"


def test_math_renders_on_the_preface(browser, site):
    """The Preface's equations come out as MathJax output, from the bundled MathJax (issue 2)."""
    assert browser.visit(site, DOCS[0], "light").math["containers"] >= 5


@pytest.mark.parametrize("doc", DOCS)
def test_every_image_has_alt_text_and_loads(browser, site, doc):
    v = browser.visit(site, doc, "light")
    assert not v.images_without_alt, f"{doc}: images without alt text: {v.images_without_alt}"
    assert not v.broken_images, f"{doc}: images that did not load: {v.broken_images}"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("doc", DOCS)
def test_no_serious_accessibility_violation(browser, site, doc, mode):
    """axe-core (bundled with axe-playwright-python, injected from disk): no serious or critical violation."""
    v = browser.visit(site, doc, mode)
    assert not v.serious_axe(), f"{doc} ({mode}): {v.serious_axe()}"


@pytest.mark.parametrize("doc", DOCS)
def test_nothing_wide_is_cut(browser, site, doc):
    """At 1280 px and at 390 px, every display equation, table and cell output wider than the column
    scrolls sideways in a box with a drawn scrollbar that the keyboard reaches (issue 14, item 8)."""
    v = browser.visit(site, doc, "light")
    assert set(v.cut) == set(WIDTHS), f"{doc}: measured at {sorted(v.cut)} px"
    cut = [f"{w} px: {c['kind']} {c['width']} px in a {c['column']} px column, {c['why']}: {c['text']!r}"
           for w in WIDTHS for c in v.cut[w]]
    assert not cut, f"{doc}: hidden from the reader:\n" + "\n".join(cut)


CODE_LIMIT = 85        # characters per code line, as tests/test_code_lines.py holds the chapters to

CODE_FITS = """(limit) => [...document.querySelectorAll('.cell_input pre')].filter(pre =>
    Math.max(...pre.textContent.split('\\n').map(l => l.length)) <= limit
    && pre.scrollWidth > pre.clientWidth + 1).map(pre => pre.textContent.split('\\n')[0].slice(0, 60))"""


def test_code_lines_fit_the_desktop_column(browser, site):
    """At 1280 px a code cell whose lines are at most 85 characters does not scroll (issue 14, item 10);
    with the theme's own code size (planted) the same cells do."""
    chapters = [d for d in DOCS if re.match(r"chapters/\d\d_", d)]
    assert chapters
    page = browser.context("light").new_page()
    try:
        planted_caught = False
        for doc in chapters:
            page.goto(site.url(doc))
            scrolling = page.evaluate(CODE_FITS, CODE_LIMIT)
            assert not scrolling, f"{doc}: code cells that scroll at 1280 px: {scrolling}"
            style = page.add_style_tag(content=".bd-article .cell_input pre "
                                               "{ font-size: 14px !important; padding: 1rem !important; }")
            planted_caught |= bool(page.evaluate(CODE_FITS, CODE_LIMIT))
            style.evaluate("s => s.remove()")
        assert planted_caught, "the theme's 14 px code made no cell scroll: the check sees nothing"
    finally:
        page.close()


# Faults the check must catch, planted on the fixture page (which has one too-wide item of each kind).
PLANTED = {
    "equation": ".bd-article div.math mjx-container { overflow: hidden !important; }",
    "table": ".bd-article .pst-scrollable-table-container { overflow: visible !important; }",
    "output": ".bd-article .cell_output > .output, .bd-article .cell_output pre "
              "{ overflow: hidden !important; }",
    "scrollbar": ".bd-article div.math mjx-container::-webkit-scrollbar { height: 0 !important; }",
}


def test_wide_content_check_catches_planted_faults(browser, fixture_site):
    """On the fixture page, the book's CSS lets each too-wide item scroll (nothing reported); each planted
    fault is reported, at both widths, as what it is."""
    page = browser.open(fixture_site.url(fixture_site.docs[0]))
    try:
        for width in WIDTHS:
            assert wide_content(page, width) == [], width
        widths = page.evaluate("""() => ({
            equation: document.querySelector('mjx-container[display="true"]').scrollWidth,
            table: document.querySelector('article table').scrollWidth,
            output: document.querySelector('.cell_output pre').scrollWidth,
            column: document.querySelector('article.bd-article').clientWidth})""")
        assert all(widths[k] > widths["column"] for k in ("equation", "table", "output")), widths
        for fault, css in PLANTED.items():
            style = page.add_style_tag(content=css)
            for width in WIDTHS:
                found = wide_content(page, width)
                kind = "equation" if fault == "scrollbar" else fault
                assert found and {c["kind"] for c in found} == {kind}, (fault, width, found)
                if fault == "scrollbar":
                    assert "no scrollbar is drawn" in found[0]["why"], found
            style.evaluate("s => s.remove()")
    finally:
        page.close()


def test_search_finds_forget_gate(browser, site):
    """The search page works offline (its index ships with the site) and finds the book's pages."""
    v = Visit("search", "light")
    page = browser.open(site.base + "search.html?q=forget+gate", visit=v)
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=15000)
        hits = page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
    finally:
        page.close()
    assert not (v.console_errors or v.failed_requests or v.outside_requests), v
    pages = {site.url(d) for d in site.docs}
    assert any(h.split("?")[0].split("#")[0] in pages for h in hits), f"no page of the book among the hits: {hits}"


@pytest.fixture(scope="session")
def animated(site, request):
    """Pages with a to_jshtml animation: the book's own or, while no chapter has one yet, the fixture
    book built from tests/site_fixture/animation.md with the book's _config.yml and extension."""
    docs = [d for d in site.docs if "_anim_slider" in (site.html / f"{d}.html").read_text(encoding="utf-8")]
    if docs:
        return site, docs
    fixture = request.getfixturevalue("fixture_site")
    return fixture, fixture.docs


def test_animations_respond_to_their_slider(browser, animated):
    """Every to_jshtml slider, moved with the keyboard, changes the frame shown; its buttons have icons;
    the page stays clean."""
    where, docs = animated
    checked = 0
    for doc in docs:
        v = browser.visit(where, doc, "light")
        assert v.animations, doc
        assert not (v.console_errors or v.failed_requests or v.outside_requests), v
        assert not v.serious_axe() and not v.images_without_alt, v
        page = browser.open(where.url(doc))
        try:
            page.wait_for_function("document.querySelector('.animation img').getAttribute('src')")
            for anim in page.query_selector_all(".animation"):
                img, slider = anim.query_selector("img"), anim.query_selector("input[type=range]")
                # the buttons show the theme's Font Awesome icons (drawn as SVG by its bundled script)
                icons = anim.eval_on_selector_all(".anim-buttons button", "bs => bs.map(b => !!b.querySelector('svg'))")
                assert icons and all(icons), f"{doc}: player buttons without an icon: {icons}"
                before = img.get_attribute("src")
                slider.focus()
                page.keyboard.press("End")
                assert slider.input_value() == slider.get_attribute("max"), doc
                assert img.get_attribute("src") != before, f"{doc}: the slider did not change the frame"
                checked += 1
        finally:
            page.close()
    assert checked


# The controls as matplotlib styles them (_static/book.css undone): the planted fault of the next test.
MATPLOTLIB_CONTROLS = """
.animation { max-width: none !important; }
.animation input[type=range].anim-slider { width: 374px !important; max-width: none !important; }
.animation .anim-buttons { display: block !important; }
.animation .anim-buttons button { width: 36px !important; min-width: 36px !important; }
"""


def player_overflow(page) -> list[str]:
    """Every player whose controls (slider, buttons, repetition mode) reach past its output's box."""
    return page.evaluate("""() => [...document.querySelectorAll('.animation')].flatMap((anim, k) => {
        const box = (anim.closest('.cell_output') || anim.parentElement).getBoundingClientRect();
        return [...anim.querySelectorAll('.anim-slider, .anim-buttons button, .anim-state')].filter(el => {
            const r = el.getBoundingClientRect();
            return r.left < box.left - 1 || r.right > box.right + 1;
        }).map(el => `player ${k}: ${el.className || el.tagName} ends at ${Math.round(el.getBoundingClientRect().right)} px, its output at ${Math.round(box.right)} px`);
    })""")


def test_player_controls_fit_a_phone_column(browser, animated):
    """At 390 px every player's slider, buttons and repetition switches are inside its output (nothing to
    scroll to), and the slider stays wide enough to move; with matplotlib's own sizes (the planted fault)
    the slider runs past the output."""
    where, docs = animated
    page = browser.open(where.url(docs[0]))
    try:
        page.set_viewport_size({"width": min(WIDTHS), "height": 844})    # the phone
        checked = 0
        for doc in docs:
            page.goto(where.url(doc))
            page.wait_for_function("document.querySelector('.animation img').getAttribute('src')")
            assert not player_overflow(page), f"{doc}: {player_overflow(page)}"
            widths = page.eval_on_selector_all(".animation .anim-slider", "ss => ss.map(s => s.getBoundingClientRect().width)")
            assert widths and min(widths) >= 250, f"{doc}: slider widths {widths}"
            checked += len(widths)
        page.add_style_tag(content=MATPLOTLIB_CONTROLS)
        assert any("anim-slider" in problem for problem in player_overflow(page)), "the planted 374 px slider fit"
    finally:
        page.close()
    assert checked


def test_every_notebook_page_offers_a_runnable_ipynb(browser, notebook_site, fixture_site, tmp_path):
    """Each chapter's download menu has an .ipynb; it is a valid notebook whose first cell installs lstmlib
    where missing, and Colab/Binder open that same file. A download made the same way (the fixture book's
    page, built with the same _config.yml and extension) is executed in a temp dir: not a chapter, since the
    build has executed every chapter once already and no chapter is executed twice in one test run."""
    site, notebooks = notebook_site
    page = browser.context("light").new_page()
    try:
        for doc in notebooks:
            page.goto(site.url(doc))
            links = page.eval_on_selector_all(".dropdown-download-buttons a, .dropdown-launch-buttons a",
                                              "as => as.map(a => [a.textContent.trim(), a.href])")
            urls = dict(links)
            ipynb = urls.get(".ipynb")
            assert ipynb and ipynb.endswith(f"_sources/{doc}.ipynb"), f"{doc}: download links {links}"
            response = page.request.get(ipynb)
            assert response.ok, f"{doc}: {ipynb} -> {response.status}"
            nb = nbformat.reads(response.text(), as_version=4)
            nbformat.validate(nb)
            if notebook_kind(doc, site.source) == "md":
                # the executed chapter, with a first cell that installs lstmlib where it is missing
                assert book_site.SETUP_CELL_TAG in nb.cells[0].metadata.get("tags", []), doc
            for service in ("Colab", "Binder"):
                assert service in urls and f"{doc}.ipynb" in urls[service], f"{doc}: {service} -> {urls.get(service)}"
            (tmp_path / f"{doc.replace('/', '__')}.ipynb").write_text(response.text(), encoding="utf-8")
    finally:
        page.close()
    doc = fixture_site.docs[0]
    nb = nbformat.read(fixture_site.html / "_sources" / f"{doc}.ipynb", as_version=4)
    assert book_site.SETUP_CELL_TAG in nb.cells[0].metadata.get("tags", []), doc
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    # under the kernel watch, in a worker thread, as every notebook run of the suite (.ci/kernel_watch.py)
    execute_watched(lambda: NotebookClient(nb, timeout=180, kernel_name="python3",
                                           resources={"metadata": {"path": str(run_dir)}}))
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"{doc}: {json.dumps(errors)[:2000]}"

