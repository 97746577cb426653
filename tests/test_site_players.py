"""Every slider on the website (a matplotlib to_jshtml player) holds all the frames its code asked for.

matplotlib drops the frames past ``animation.embed_limit`` with only a logged warning, and the page then
shows a shorter slider. static_slider records how many frames it was asked for (``data-frames``) and raises
when frames were dropped; this test reads the built pages, so a player made any other way is caught too.
The weight of each page is held to 5 MB in test_site_static.py.
"""
from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.animation import FuncAnimation  # noqa: E402

from lstmlib.interactive import player_frames, static_slider  # noqa: E402
from test_book_build import toc_docnames  # noqa: E402


def _draw(ax, v):
    ax.plot(np.linspace(0, 1, 50), np.linspace(0, 1, 50) ** v)
    ax.set_ylim(0, 1)


def incomplete_players(page: str) -> list[tuple[str, int | None, int]]:
    """The players of a page that do not say how many frames they were asked for, or hold fewer."""
    return [p for p in player_frames(page) if p[1] is None or p[2] != p[1]]


def test_the_check_catches_dropped_frames():
    """The planted fault: a raw to_jshtml player over a tiny embed_limit keeps 1 of 12 frames."""
    fig, ax = plt.subplots(figsize=(3, 2), dpi=60)
    anim = FuncAnimation(fig, lambda k: _draw(ax, 1 + k), frames=12)
    with mpl.rc_context({"animation.embed_limit": 0.01}):
        page = anim.to_jshtml()
    plt.close(fig)
    img_id = player_frames(page)[0][0]
    page = page.replace(f'<img id="{img_id}"', f'<img id="{img_id}" data-frames="12"', 1)  # as static_slider
    (found,) = incomplete_players(page)
    assert found[1] == 12 and found[2] < 12, found
    assert incomplete_players(page.replace(' data-frames="12"', "")), "a player without data-frames passes"


def test_static_slider_refuses_to_drop_frames():
    with mpl.rc_context({"animation.embed_limit": 0.02}):
        with pytest.raises(ValueError, match=r"holds \d+ of the 20 frames asked for"):
            static_slider(_draw, np.linspace(0.5, 3, 20), alt="Curves.", dpi=100)
    page = static_slider(_draw, np.linspace(0.5, 3, 7), alt="Curves.").data
    assert incomplete_players(page) == [] and player_frames(page)[0][1:] == (7, 7)


@pytest.mark.book
def test_every_player_on_the_site_holds_every_frame(built_book):
    counts, bad = {}, {}
    for doc in toc_docnames():
        page = (built_book.html / f"{doc}.html").read_text(encoding="utf-8")
        players = player_frames(page)
        if players:
            counts[doc] = [p[2] for p in players]
        if incomplete := incomplete_players(page):
            bad[doc] = incomplete
    print(f"\n[players] frames per player, by page: {counts}")
    assert not bad, f"players missing frames (image id, asked for, embedded): {bad}"
