"""The "watch the cells" view (lstmlib.cellview): its features, its data, and the page in headless
Chromium. The browser tests load a standalone page holding one view of planted activations (no book
build needed): unit c[3] is exactly the bracket feature, so the search must rank it first."""
from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest

from lstmlib.cellview import cell_view_html, text_features
from sitekit import Visit

TEXT = ("Ham.\nTo be, or not to be: that is the question.\n\n[Enter Ophelia.]\n\n"
        "Oph.\nGood my lord, how does your honour?\n")


def test_features_name_what_they_say():
    f = text_features(TEXT)
    inside = "".join(ch for ch, b in zip(TEXT, f["inside [brackets]"]) if b)
    assert inside == "[Enter Ophelia.]"
    speakers = "".join(ch for ch, s in zip(TEXT, f["in a speaker's name"]) if s)
    assert speakers == "Ham.\nOph.\n"
    q = TEXT.index("To be")
    assert f["position in the line"][q] == 0 and f["position in the line"][q + 3] == pytest.approx(3 / 60)
    assert f["position in the word"][q + 1] == pytest.approx(2 / 8)   # "o" of "To": second letter


def _planted(T, H=6, seed=0):
    rng = np.random.default_rng(seed)
    h = np.tanh(rng.normal(size=(T, H)))
    c = 2 * rng.normal(size=(T, H))
    c[:, 3] = text_features(TEXT)["inside [brackets]"] * 3.0     # planted: c[3] tracks the brackets
    return h, c


def _payload(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="cv-test-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_the_page_carries_the_activations_to_within_quantization():
    h, c = _planted(len(TEXT))
    data = _payload(cell_view_html("cv-test", TEXT, h, c, text_features(TEXT)))
    assert data["text"] == TEXT and data["units"] == 6
    for key, a in (("h", h), ("c", c)):
        q = np.frombuffer(base64.b64decode(data[key]), dtype=np.int8).reshape(a.shape)
        back = q / 127 * data["scale"][key]
        assert np.max(np.abs(back - a)) <= data["scale"][key] / 254 + 1e-12


def test_bad_inputs_are_refused_with_what_was_expected():
    h, c = _planted(len(TEXT))
    with pytest.raises(ValueError, match=r"must both be \(T, H\) with T=\d+ characters"):
        cell_view_html("cv-x", TEXT, h[:-1], c, {})
    with pytest.raises(ValueError, match="view_id must be letters"):
        cell_view_html("1 bad", TEXT, h, c, {})
    with pytest.raises(ValueError, match="feature 'short' must have shape"):
        cell_view_html("cv-x", TEXT, h, c, {"short": np.zeros(3)})


def test_no_script_end_tag_can_escape_the_data():
    text = "</script><b>x</b>" + TEXT[17:]
    h, c = _planted(len(TEXT))
    html = cell_view_html("cv-test", text, h, c, {})
    data_block = html.split('id="cv-test-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data_block)["text"] == text


# In headless Chromium.

@pytest.fixture(scope="module")
def view_page(tmp_path_factory, browser):
    h, c = _planted(len(TEXT))
    path = tmp_path_factory.mktemp("cellview") / "view.html"
    path.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cells</title>'
                    '</head><body><main><h1>Cells</h1>'
                    + cell_view_html("cv-test", TEXT, h, c, text_features(TEXT)) + "</main></body></html>")
    v = Visit("cellview", "light")
    page = browser.open(path.as_uri(), "light", v)
    yield page, v
    page.close()


def _colors(page):
    return page.eval_on_selector_all(".cellview-text span", "s => s.map(e => e.style.backgroundColor)")


@pytest.mark.browser
def test_choosing_a_unit_changes_the_coloring(view_page):
    page, visit = view_page
    assert not visit.console_errors, visit.console_errors
    assert len(_colors(page)) == len(TEXT)
    before = _colors(page)
    page.focus("input[name=unit]")
    page.keyboard.press("ArrowRight")                      # unit 0 -> unit 1, as a reader would
    assert page.get_attribute("div.cellview", "data-shown") == "h1"
    after = _colors(page)
    assert after != before
    page.select_option("select[name=state]", "c")
    assert page.get_attribute("div.cellview", "data-shown") == "c1" and _colors(page) != after


@pytest.mark.browser
def test_search_finds_the_planted_bracket_unit_and_shows_it(view_page):
    page, _ = view_page
    page.select_option("select[name=feature]", "inside [brackets]")
    page.click("button[name=search]")
    first = page.locator(".cellview-results button").first
    assert first.text_content() == "cell 3 (r = 1.00)"
    first.click()
    assert page.get_attribute("div.cellview", "data-shown") == "c3"
    colors = _colors(page)
    inside = [col for col, b in zip(colors, text_features(TEXT)["inside [brackets]"]) if b]
    outside = {col for col, b in zip(colors, text_features(TEXT)["inside [brackets]"]) if not b}
    assert set(inside) == {"rgb(253, 174, 97)"} and outside == {"rgb(255, 255, 255)"}


@pytest.mark.browser
def test_axe_finds_no_serious_violation_in_the_view(view_page, browser):
    page, _ = view_page
    page.evaluate(browser.axe.axe_script)
    report = page.evaluate("() => axe.run(document.querySelector('div.cellview'), "
                           "{resultTypes: ['violations']})")
    serious = [(v["impact"], v["id"], v["help"]) for v in report["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious


@pytest.mark.book
@pytest.mark.browser
def test_the_chapter_page_view_works_on_the_built_site(browser, site):
    """Chapter 8's own view, on the static site: the script ran, and choosing a unit recolors."""
    page = browser.open(site.url("chapters/08_shakespeare"), "light", Visit("ch8-view", "light"))
    try:
        assert page.get_attribute("div.cellview", "data-ready") == "1"
        before = _colors(page)
        assert len(before) == 1500
        page.focus("input[name=unit]")
        page.keyboard.press("ArrowRight")
        assert page.get_attribute("div.cellview", "data-shown") == "h1" and _colors(page) != before
        page.select_option("select[name=feature]", "position in the line")
        page.click("button[name=search]")
        assert page.locator(".cellview-results button").count() == 5
    finally:
        page.close()
