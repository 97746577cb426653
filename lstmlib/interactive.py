"""Sliders for the chapters: one that works on the static website, one that runs live in Jupyter.

A saved ipywidgets slider does nothing on a static page: nothing is left to recompute. So every
interactive has two forms:

- static_slider: draws every frame at build time and returns an HTML player (matplotlib's
  FuncAnimation(...).to_jshtml()), whose slider and buttons work in any browser, offline too.
- live_slider: ipywidgets.interact, for readers running the notebook (Jupyter, Binder, Colab). Put it in
  a cell tagged ``remove-output`` so the dead widget never reaches the static page.

Both take the same drawing function, so a chapter writes it once:

    def draw(ax, f):                         # one frame: the value of the slider is f
        ax.plot(t, f ** t); ax.set_ylim(0, 1)
    static_slider(draw, np.linspace(0.5, 1, 11), alt="...", title="forget gate f = {:.2f}")
    live_slider(draw, f=(0.5, 1.0, 0.05))    # the widget spec of ipywidgets.interact
"""
from __future__ import annotations

import html as html_lib
import inspect
import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML
from matplotlib.animation import FuncAnimation

from .style import FIGSIZE_SMALL

#: The most frames a static slider may hold: each is a PNG in the page (about 10-25 KB at 72 dpi).
MAX_FRAMES = 25


class _OneDrawPerFrame(FuncAnimation):
    """A FuncAnimation whose save() renders each frame once.

    matplotlib's save loop draws the whole canvas after every frame (to refresh a window on screen) and
    then draws it again to save the frame; a player for a web page needs only the second. Skipping the
    first halves the time a slider takes to build (a 21-frame player: 10 s of CPU down to about 5 on
    the build machine; about 4.4 with the layout kept from the first frame). Two hooks are changed;
    blitting, which static_slider never uses, keeps matplotlib's behaviour.
    """

    def _post_draw(self, framedata, blit):
        if blit:
            super()._post_draw(framedata, blit)

    _frames_drawn = 0

    def _draw_frame(self, framedata):
        # Call 1 is save()'s initial draw and call 2 the first saved frame, laid out by the book style's
        # constrained layout when it is saved. From call 3 on the figure keeps that layout: the axes do not
        # jump between frames, and the layout is not solved again for every frame.
        if self._frames_drawn >= 2 and self._fig.get_layout_engine() is not None:
            self._fig.set_layout_engine("none")
        self._frames_drawn += 1
        super()._draw_frame(framedata)


# matplotlib's player draws its buttons with Font Awesome icons loaded from a CDN, which a reader
# offline never gets (empty buttons). Plain characters instead; each button keeps its aria-label.
# Only characters that common fonts carry (DejaVu has all of these; the media-control symbols
# U+23EE..U+23F8 show as empty boxes on many Linux machines).
_ICONS = {"fa-minus": "\u2212", "fa-fast-backward": "|\u25c0", "fa-step-backward": "\u25c1",
          "fa-play fa-flip-horizontal": "\u25c0", "fa-pause": "\u275a\u275a", "fa-play": "\u25b6",
          "fa-step-forward": "\u25b7", "fa-fast-forward": "\u25b6|", "fa-plus": "+"}


def _offline_player(page: str, alt: str, label: str, frames: int, width_px: int | None = None) -> str:
    """Drop the CDN stylesheet, put characters in the buttons, give the image alt text and the slider a name.
    The image also records how many frames were asked for (``data-frames``), so that a test can check the
    page holds them all. width_px: the width the image is shown at (its frames have more pixels, for
    screens of high pixel density); it still shrinks to fit a narrow column."""
    size = "" if width_px is None else f' style="width: {width_px}px; max-width: 100%; height: auto"'
    page = re.sub(r'<link rel="stylesheet"\s+href="https://[^"]*font-awesome[^"]*">', "", page)
    page = re.sub(r'<i class="fa ([^"]+)"></i>', lambda m: _ICONS.get(m.group(1), ""), page)
    page = re.sub(r'<img id="(_anim_img\w+)">',
                  lambda m: f'<img id="{m.group(1)}" alt="{html_lib.escape(alt)}" data-frames="{frames}"{size}>',
                  page)
    return page.replace('class="anim-slider"', f'class="anim-slider" aria-label="{html_lib.escape(label)}"')


_PLAYER = re.compile(r'var img_id = "(_anim_img\w+)";')
_FRAME = re.compile(r'frames\[\d+\] = "data:image/')


def player_frames(page: str) -> list[tuple[str, int | None, int]]:
    """(image id, frames asked for, frames embedded) for every to_jshtml player in an HTML text.

    "Asked for" is the ``data-frames`` that static_slider writes on the player's image (None for a player
    made another way); "embedded" counts the frames in the player's script."""
    starts = [(m.start(), m.group(1)) for m in _PLAYER.finditer(page)]
    found = []
    for k, (start, img_id) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(page)
        asked = re.search(rf'<img id="{img_id}"[^>]*\bdata-frames="(\d+)"', page)
        found.append((img_id, int(asked.group(1)) if asked else None, len(_FRAME.findall(page, start, end))))
    return found


def static_slider(draw, values, *, alt: str, title: str | None = None, label: str = "slider",
                  ncols: int = 1, figsize=FIGSIZE_SMALL, dpi: int = 72, interval: int = 400,
                  density: int = 2) -> HTML:
    """An HTML player with one frame per entry of ``values``, computed now (at build time).

    draw(ax, value) draws one frame on a cleared axis (an array of ``ncols`` axes if ncols > 1); it
    should fix the axis limits itself so frames line up. alt: what the figure shows, for screen
    readers (required). title: a format string for the value, shown above each frame, e.g.
    "f = {:.2f}". label: the slider's accessible name. At most MAX_FRAMES frames. The player starts on
    the first frame, paused, in "once" mode (no endless loop). dpi sets the size the player is shown at
    (figsize times dpi, in CSS pixels); density: the frames have that many image pixels per CSS pixel
    (2: sharp on high-density screens). A 20-frame player of the default size is about 0.5-1 MB of HTML.
    """
    values = list(values)
    if not 1 <= len(values) <= MAX_FRAMES:
        raise ValueError(f"values must hold 1 to {MAX_FRAMES} frames (each is an image in the page), "
                         f"got {len(values)}")
    if not (isinstance(alt, str) and alt.strip()):
        raise ValueError("alt must be a sentence describing the figure, got an empty value")
    fig, axes = plt.subplots(1, ncols, figsize=figsize, dpi=dpi, squeeze=False)
    axes = axes[0] if ncols > 1 else axes[0, 0]

    def frame(k):
        for ax in np.atleast_1d(axes):
            ax.clear()
        draw(axes, values[k])
        if title is not None:
            fig.suptitle(title.format(values[k]))

    anim = _OneDrawPerFrame(fig, frame, frames=len(values), interval=interval, repeat=False)
    # to_jshtml saves with rcParams["savefig.dpi"] (the book style sets 100): pin it to ``dpi``.
    with mpl.rc_context({"savefig.dpi": dpi * density}):
        page = anim.to_jshtml(default_mode="once")
    plt.close(fig)      # or the notebook would also show the last frame as a still image
    # matplotlib drops the frames past animation.embed_limit with only a logged warning: here it is an error.
    (_, _, embedded), = player_frames(page)
    if embedded != len(values):
        raise ValueError(f"the player holds {embedded} of the {len(values)} frames asked for: matplotlib dropped "
                         f"the frames past animation.embed_limit ({mpl.rcParams['animation.embed_limit']} MB). "
                         f"Use fewer frames, a smaller figsize or a lower dpi (dpi={dpi}, figsize={figsize})")
    return HTML(_offline_player(page, alt, label, len(values), width_px=round(figsize[0] * dpi)))


def live_slider(fn, **widget_specs):
    """ipywidgets.interact(fn, **widget_specs), for readers running the notebook.

    fn: a function of the widget values by keyword. A drawing function draw(ax, value) as used by
    static_slider works too when given exactly one widget: it gets a fresh figure each time.
    widget_specs: as for interact, e.g. f=(0.5, 1.0, 0.05) for a float slider. Tag the cell
    ``remove-output``: on the static page a saved widget would be a control that does nothing.
    """
    import ipywidgets   # imported here: only live readers need it

    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):     # some builtins have no signature: pass them through
        params = []
    if len(widget_specs) == 1 and len(params) == 2 and params[0] == "ax":
        (name, spec), = widget_specs.items()
        draw = fn

        def fn(**kw):
            fig, ax = plt.subplots(figsize=FIGSIZE_SMALL)
            draw(ax, kw[name])
            plt.show()

        return ipywidgets.interact(fn, **{name: spec})
    return ipywidgets.interact(fn, **widget_specs)
