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
    assert re.search(r'<img id="_anim_img\w+" alt="Curves f to the power t." data-frames="20" '
                     r'style="width: 346px; max-width: 100%; height: auto">', page)
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


def test_static_slider_renders_each_frame_once(monkeypatch):
    # matplotlib's own save loop draws every frame twice (once for a screen, once to save it); the
    # player needs one draw per frame. Planted fault: the stock FuncAnimation draws 2 per frame + 1.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    import lstmlib.interactive as interactive

    draws = []
    original = FigureCanvasAgg.draw
    monkeypatch.setattr(FigureCanvasAgg, "draw", lambda self: (draws.append(1), original(self))[1])
    static_slider(_draw, np.linspace(0.8, 1.0, 5), alt="Curves.")
    assert len(draws) == 5
    draws.clear()
    monkeypatch.setattr(interactive, "_OneDrawPerFrame", interactive.FuncAnimation)
    static_slider(_draw, np.linspace(0.8, 1.0, 5), alt="Curves.")
    assert len(draws) > 5


def test_static_slider_frames_share_one_layout():
    # Every frame keeps the layout of the first, so the axes do not jump when the slider moves.
    import matplotlib.pyplot as plt

    boxes = []

    def draw(ax, f):
        ax.plot([0, 1], [0, f])
        ax.set_ylim(0, 10 ** (3 * f))      # tick labels of different widths in each frame
        boxes.append(tuple(np.round(ax.get_position().bounds, 6)))

    with matplotlib.rc_context({"figure.constrained_layout.use": True}):      # as the book style sets
        static_slider(draw, [0.5, 1.0, 2.0], alt="Lines.")
    plt.close("all")
    assert len(set(boxes[2:])) == 1


def test_static_slider_frames_are_sharp_at_twice_the_pixel_density():
    # Frames have twice the pixels of the size they are shown at (planted fault: density=1).
    import base64
    import io

    from PIL import Image

    def shown_and_pixels(**kw):
        page = static_slider(_draw, [0.9, 1.0], alt="Curves.", figsize=(4.0, 2.5), **kw).data
        shown = int(re.search(r'style="width: (\d+)px; max-width: 100%', page).group(1))
        b64 = re.search(r'frames\[0\] = "data:image/png;base64,([^"]+)"', page).group(1).replace("\\\n", "")
        return shown, Image.open(io.BytesIO(base64.b64decode(b64))).size[0]

    shown, pixels = shown_and_pixels()
    assert shown == 288 and pixels == 2 * shown
    shown, pixels = shown_and_pixels(density=1)
    assert pixels == shown
