"""lstmlib.diagrams: the cell diagram's highlight is validated and really fades the other parts, and no
wire or arrow of either diagram runs through a label (issue 14: Fig 2.1 had wires through its sigma and
tanh labels)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402
from matplotlib.path import Path  # noqa: E402

from lstmlib.diagrams import (CELL_FIGSIZE, CELL_PARTS, UNROLLED_FIGSIZE, check_highlight,  # noqa: E402
                              draw_lstm_cell, draw_unrolled_rnn)
from lstmlib.style import GATE_COLORS  # noqa: E402


@pytest.fixture
def ax():
    fig, ax = plt.subplots(figsize=CELL_FIGSIZE, dpi=144)
    yield ax
    plt.close(fig)


def gate_box_color(ax, name):
    """The face color of the gate box whose label is ``$name_t$``."""
    label = next(t for t in ax.texts if t.get_text() == f"${name}_t$")
    x, y = label.get_position()
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)
             and p.get_x() < x < p.get_x() + p.get_width() and p.get_y() < y < p.get_y() + p.get_height()]
    smallest = min(boxes, key=lambda p: p.get_width())      # not the cell's background box
    return smallest.get_facecolor()[:3]


def is_full_color(rgb, name):
    return rgb == pytest.approx(to_rgb(GATE_COLORS[name]), abs=1e-6)


@pytest.mark.parametrize("part, lit", [("forget", "f"), ("input", "ig"), ("output", "o"), ("update", "")])
def test_highlight_colors_its_gates_and_fades_the_rest(ax, part, lit):
    draw_lstm_cell(ax, highlight=part)
    for name in "ifgo":
        assert is_full_color(gate_box_color(ax, name), name) == (name in lit), (part, name)


def test_no_highlight_draws_every_gate_in_color(ax):
    draw_lstm_cell(ax)
    assert all(is_full_color(gate_box_color(ax, name), name) for name in "ifgo")


def test_highlight_takes_a_list_of_parts():
    assert check_highlight(["forget", "output"]) == {"forget", "output"}
    assert check_highlight(None) == set(CELL_PARTS)
    assert check_highlight("input") == {"input"}


@pytest.mark.parametrize("bad", ["forgett", "f", ["forget", "cell"], [], "Output"])
def test_bad_highlight_names_the_valid_parts(ax, bad):
    with pytest.raises(ValueError) as err:
        draw_lstm_cell(ax, highlight=bad)
    message = str(err.value)
    assert all(part in message for part in CELL_PARTS)
    assert repr(bad) in message


def test_highlight_of_the_wrong_type_is_a_clear_error(ax):
    with pytest.raises(TypeError, match="forget"):
        draw_lstm_cell(ax, highlight=3)


def test_unrolled_steps_are_checked():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="from 2 to 6.*got 9"):
        draw_unrolled_rnn(ax, T=9)
    plt.close(fig)


def crossings(ax):
    """(text, what crosses it) for every label that a line or an arrow of ``ax`` runs through."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    paths = [line.get_transform().transform_path(line.get_path()) for line in ax.lines]
    paths += [p.get_transform().transform_path(p.get_path()) for p in ax.patches
              if isinstance(p, FancyArrowPatch)]
    # to_polygons follows the path codes (an arrow's path closes its head with a CLOSEPOLY whose
    # vertex is a placeholder), giving plain polylines to test against each label's box.
    wires = [Path(poly) for path in paths for poly in path.to_polygons(closed_only=False)]
    found = []
    for text in ax.texts:
        if not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer).expanded(0.9, 0.8)   # the ink, not its padding
        for k, wire in enumerate(wires):
            if wire.intersects_bbox(box, filled=False):
                found.append((text.get_text(), k))
    return found


def test_no_wire_runs_through_a_label_of_the_cell(ax):
    for part in (None, *CELL_PARTS):
        ax.clear()
        draw_lstm_cell(ax, highlight=part)
        assert crossings(ax) == [], part


def test_no_arrow_runs_through_a_label_of_the_unrolled_rnn():
    fig, ax = plt.subplots(figsize=UNROLLED_FIGSIZE, dpi=144)
    for T in (2, 4, 6):
        ax.clear()
        draw_unrolled_rnn(ax, T=T)
        assert crossings(ax) == [], T
    plt.close(fig)


def test_the_crossing_check_catches_a_label_on_a_wire(ax):
    # Planted fault: the old Fig 2.1 put each gate's "sigma / forget" label under its box, where the
    # wire from the input line runs up into the gate.
    draw_lstm_cell(ax)
    ax.text(2.1, 1.88, "$\\sigma$\nforget", ha="center", va="top", fontsize=8)
    assert any(t == "$\\sigma$\nforget" for t, _ in crossings(ax))
