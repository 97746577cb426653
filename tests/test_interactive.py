"""lstmlib.interactive: the static player is small, works offline and is accessible; the live one wraps interact."""
import re

import matplotlib
import numpy as np
import pytest

from lstmlib.interactive import MAX_FRAMES, live_slider, static_slider

matplotlib.use("Agg")


def _draw(ax, f):
    t = np.arange(30)
    ax.plot(t, f ** t)
    ax.set_ylim(0, 1.05)


def test_static_slider_is_small_offline_and_labelled():
    page = static_slider(_draw, np.linspace(0.8, 1.0, 20), alt="Curves f to the power t.", title="f = {:.2f}",
                         label="forget gate").data
    assert len(page) < 1_000_000                       # about 0.3 MB for 20 frames; a page must stay < 5 MB
    assert page.count("data:image/png;base64") == 20
    assert "https://" not in page and 'class="fa' not in page     # nothing fetched from a CDN
    assert re.search(r'<img id="_anim_img\w+" alt="Curves f to the power t." data-frames="20">', page)
    assert 'aria-label="forget gate"' in page
    assert re.search(r'value="once" id="_anim_radio1_\w+"\s+checked', page)     # plays once, no endless loop


def test_static_slider_limits_frames_and_needs_alt_text():
    with pytest.raises(ValueError, match=f"values must hold 1 to {MAX_FRAMES} frames"):
        static_slider(_draw, range(MAX_FRAMES + 1), alt="x")
    with pytest.raises(ValueError, match="alt must be a sentence"):
        static_slider(_draw, [0.9], alt=" ")


def test_live_slider_wraps_interact():
    calls = []
    widget = live_slider(lambda f: calls.append(f), f=(0.5, 1.0, 0.1))
    assert calls and widget is not None
    assert live_slider(_draw, f=(0.5, 1.0, 0.1)) is not None
