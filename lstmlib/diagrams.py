"""Wiring diagrams drawn with matplotlib: the LSTM cell (chapter 2) and the unrolled RNN with its
backward pass through time (chapter 1).

    fig, ax = plt.subplots(figsize=CELL_FIGSIZE, dpi=144)
    draw_lstm_cell(ax)                        # the whole cell, every part in its color
    draw_lstm_cell(ax, highlight="forget")    # one step of the walk-through in color, the rest faded

Both functions draw into an axes they are given and return it, so a chapter decides the figure size
and the caption. Colors come from :mod:`lstmlib.style`, so a gate has the same color here as in the
gate traces.
"""
from __future__ import annotations

from collections.abc import Iterable

from matplotlib.colors import to_rgb
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .style import COLORS, GATE_COLORS

#: The parts of the cell that ``draw_lstm_cell(highlight=...)`` can pick out, in the order of one step.
CELL_PARTS = ("forget", "input", "update", "output")

#: Figure sizes (inches) at which the diagrams' fonts have the book's sizes.
CELL_FIGSIZE = (7.5, 4.6)
UNROLLED_FIGSIZE = (7.5, 3.0)

_INK = "#444444"
_TEXT = "#333333"


def _faded(color: str, amount: float = 0.75) -> tuple:
    """``color`` mixed with white: what a part outside the highlight is drawn in."""
    r, g, b = to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def check_highlight(highlight) -> frozenset:
    """The set of parts to draw in color; None means all of them. Raises ValueError on an unknown name."""
    if highlight is None:
        return frozenset(CELL_PARTS)
    names = [highlight] if isinstance(highlight, str) else highlight
    if not isinstance(names, Iterable):
        raise TypeError(f"highlight must be None, a part name or a list of part names from "
                        f"{list(CELL_PARTS)}, got {highlight!r}")
    names = list(names)
    unknown = [n for n in names if n not in CELL_PARTS]
    if unknown or not names:
        raise ValueError(f"highlight must name parts of the cell from {list(CELL_PARTS)}, "
                         f"got {highlight!r}")
    return frozenset(names)


def draw_lstm_cell(ax, highlight=None):
    """The LSTM cell as a wiring diagram: the cell state runs along the top, the four gates below.

    highlight: None (every part in color), one of CELL_PARTS ("forget", "input", "update",
    "output"), or a list of them; the parts not named are drawn faded. Returns ``ax``.
    """
    lit = check_highlight(highlight)
    gate_parts = {"f": "forget", "i": "input", "g": "input", "o": "output"}
    reads_inputs = bool(lit & {"forget", "input", "output"})   # every gate reads h_{t-1} and x_t

    def ink(color, *parts):
        return color if lit & set(parts) else _faded(color)

    ax.set_xlim(0, 10.4)
    ax.set_ylim(-0.3, 6.0)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.add_patch(FancyBboxPatch((0.9, 0.4), 8.0, 5.0, boxstyle="round,pad=0.1",
                                fc="#F4F4F4", ec="#BBBBBB", lw=1))

    def line(*pts, color=_INK, lw=1.6):
        xs, ys = zip(*pts)
        ax.plot(xs, ys, color=color, lw=lw, solid_capstyle="round", zorder=1)

    def arrow_to(p, q, color=_INK, lw=1.6):
        ax.add_patch(FancyArrowPatch(p, q, arrowstyle="-|>", mutation_scale=14, color=color, lw=lw,
                                     shrinkA=0, shrinkB=0, zorder=2))

    def node(xy, text, color=_INK, r=0.28):
        ax.add_patch(Circle(xy, r, fc="white", ec=color, lw=1.4, zorder=3))
        ax.text(*xy, text, ha="center", va="center", fontsize=12, color=color, zorder=4)

    def gate(x, y, name, squash, label):
        part = gate_parts[name]
        ax.add_patch(FancyBboxPatch((x - 0.42, y - 0.45), 0.84, 0.9, boxstyle="round,pad=0.04",
                                    fc=ink(GATE_COLORS[name], part), ec="none", zorder=3))
        # The name and the squashing function sit inside the box, and the gate's word sits to the
        # left of the wire that feeds it, so no wire crosses a label.
        ax.text(x, y + 0.15, f"${name}_t$", ha="center", va="center", fontsize=12, color="white",
                zorder=4, fontweight="bold")
        ax.text(x, y - 0.22, squash, ha="center", va="center", fontsize=9, color="white", zorder=4)
        ax.text(x - 0.1, 1.5, label, ha="right", va="center", fontsize=8,
                color=ink(_TEXT, part), zorder=4)

    c_color = ink(GATE_COLORS["c"], "update")
    top = 2.95                                  # the top edge of the gate boxes
    # Cell state: straight along the top, touched only by x f and + (i g).
    lw_c = 3.6 if highlight is not None and "update" in lit else 3
    line((0.2, 5.0), (1.82, 5.0), color=ink(GATE_COLORS["c"], "update", "forget"), lw=lw_c)
    line((2.38, 5.0), (4.02, 5.0), color=c_color, lw=lw_c)
    line((4.58, 5.0), (8.0, 5.0), color=ink(GATE_COLORS["c"], "update", "output"), lw=lw_c)
    arrow_to((8.0, 5.0), (10.2, 5.0), color=c_color, lw=lw_c)
    ax.text(0.2, 5.25, "$c_{t-1}$", fontsize=12, color=ink(GATE_COLORS["c"], "update", "forget"))
    ax.text(9.7, 5.25, "$c_t$", fontsize=12, color=c_color)
    ax.text(6.2, 5.2, "cell state (the notebook)", fontsize=9, ha="center", color=c_color)
    node((2.1, 5.0), r"$\times$", color=ink(_INK, "forget", "update"))
    node((4.3, 5.0), "$+$", color=ink(_INK, "update", "input"))
    # Inputs: h_{t-1} from the left and x_t from below join into one bus that feeds every gate.
    bus = _INK if reads_inputs else _faded(_INK)
    line((0.2, 1.0), (6.6, 1.0), color=bus)
    ax.text(0.2, 0.65, "$h_{t-1}$", fontsize=12, color=GATE_COLORS["h"] if reads_inputs
            else _faded(GATE_COLORS["h"]))
    line((1.3, -0.2), (1.3, 1.0), color=bus)
    ax.text(1.45, -0.2, "$x_t$", fontsize=12, color=_TEXT if reads_inputs else _faded(_TEXT))
    gates = [(2.1, "f", r"$\sigma$", "forget"), (3.5, "i", r"$\sigma$", "input"),
             (5.1, "g", "tanh", "candidate"), (6.6, "o", r"$\sigma$", "output")]
    for x, name, squash, label in gates:
        line((x, 1.0), (x, 2.05), color=ink(_INK, gate_parts[name]))
        gate(x, 2.5, name, squash, label)
    # Forget: f_t multiplies the old cell state.
    arrow_to((2.1, top), (2.1, 4.72), color=ink(_INK, "forget", "update"))
    # Write: i_t * g_t is added to it.
    line((3.5, top), (3.5, 3.8), (4.02, 3.8), color=ink(_INK, "input"))
    line((5.1, top), (5.1, 3.8), (4.58, 3.8), color=ink(_INK, "input"))
    node((4.3, 3.8), r"$\times$", color=ink(_INK, "input"))
    arrow_to((4.3, 4.08), (4.3, 4.72), color=ink(_INK, "input", "update"))
    # Read: h_t = o_t * tanh(c_t).
    out = ink(_INK, "output")
    line((8.0, 5.0), (8.0, 4.18), color=out)
    ax.add_patch(FancyBboxPatch((7.55, 3.65), 0.9, 0.5, boxstyle="round,pad=0.03", fc="white",
                                ec=out, lw=1.2, zorder=3))
    ax.text(8.0, 3.9, "tanh", ha="center", va="center", fontsize=9, color=out, zorder=4)
    arrow_to((8.0, 3.65), (8.0, 2.78), color=out)
    line((7.02, 2.5), (7.72, 2.5), color=out)
    node((8.0, 2.5), r"$\times$", color=out)
    h_color = ink(GATE_COLORS["h"], "output")
    line((8.0, 2.22), (8.0, 1.0), color=h_color)
    arrow_to((8.0, 1.0), (10.2, 1.0), color=h_color)
    ax.text(9.7, 1.2, "$h_t$", fontsize=12, color=h_color)
    # Outside the cell's box, under the wire it explains.
    ax.text(9.1, 0.85, "(output, and input\nof the next step)", fontsize=7, ha="left", va="top",
            color=ink(_TEXT, "output"))
    return ax


def draw_unrolled_rnn(ax, T: int = 4, backward: bool = True):
    """A simple RNN folded (left) and unrolled over ``T`` steps (right), with the loss at the last step.

    backward=True adds the backward pass through time: dashed arrows from the loss to h_T and from
    each h_t to h_{t-1}, labeled with the factor J_t = W_hh^T diag(tanh'(a_t)) that each one applies.
    Returns ``ax``.
    """
    if not isinstance(T, int) or isinstance(T, bool) or not 2 <= T <= 6:
        raise ValueError(f"T must be an int from 2 to 6 (the steps drawn), got {T!r}")
    rnn, grad = COLORS["rnn"], COLORS["rnn"]
    dx, x0 = 1.7, 4.0                               # spacing of the steps, x of h_1
    x_loss = x0 + (T - 1) * dx + 1.5
    ax.set_xlim(-0.2, x_loss + 0.7)
    ax.set_ylim(-0.45, 3.45)
    ax.set_aspect("equal")
    ax.axis("off")

    def arrow(p, q, color=_INK, ls="-", rad=0.0, lw=1.4):
        ax.add_patch(FancyArrowPatch(p, q, arrowstyle="-|>", mutation_scale=12, color=color, lw=lw,
                                     linestyle=ls, connectionstyle=f"arc3,rad={rad}", shrinkA=0,
                                     shrinkB=0, zorder=2))

    def state(x, label, color=rnn, fc="white"):
        ax.add_patch(Circle((x, 1.4), 0.36, fc=fc, ec=color, lw=1.8, zorder=3))
        ax.text(x, 1.4, label, ha="center", va="center", fontsize=11, zorder=4)

    def inp(x, label):
        ax.add_patch(FancyBboxPatch((x - 0.3, -0.25), 0.6, 0.5, boxstyle="round,pad=0.03",
                                    fc="#F4F4F4", ec=_INK, lw=1.0, zorder=3))
        ax.text(x, 0.0, label, ha="center", va="center", fontsize=11, zorder=4)

    # Folded: one state with a loop back into itself.
    state(0.6, "$h_t$")
    inp(0.6, "$x_t$")
    arrow((0.6, 0.25), (0.6, 1.04))
    ax.add_patch(FancyArrowPatch((0.85, 1.66), (0.35, 1.66), arrowstyle="-|>", mutation_scale=12,
                                 color=_INK, lw=1.4, connectionstyle="arc3,rad=1.6", zorder=2))
    ax.text(0.6, 2.55, "$W_{hh}$", ha="center", va="bottom", fontsize=10, color=_TEXT)
    ax.text(1.5, 1.4, "=", ha="center", va="center", fontsize=18, color=_TEXT)
    # Unrolled: h_0, then one copy of the same update per step.
    state(x0 - dx, "$h_0$", color=COLORS["baseline"], fc="#F4F4F4")
    for t in range(1, T + 1):
        x = x0 + (t - 1) * dx
        state(x, f"$h_{t}$")
        inp(x, f"$x_{t}$")
        arrow((x, 0.25), (x, 1.04))
        arrow((x - dx + 0.36, 1.4), (x - 0.36, 1.4))
        ax.text(x - dx / 2, 1.22, "$W_{hh}$", ha="center", va="top", fontsize=9, color=_TEXT)
    ax.text(x0 - 0.12, 0.62, "$W_{ih}$", ha="right", va="center", fontsize=9, color=_TEXT)
    # The loss reads the last state only.
    x_last = x0 + (T - 1) * dx
    ax.add_patch(FancyBboxPatch((x_loss - 0.32, 1.12), 0.64, 0.56, boxstyle="round,pad=0.03",
                                fc="white", ec="black", lw=1.4, zorder=3))
    ax.text(x_loss, 1.4, "$L$", ha="center", va="center", fontsize=12, zorder=4)
    arrow((x_last + 0.36, 1.4), (x_loss - 0.32, 1.4))
    if backward:
        arrow((x_loss, 1.68), (x_last + 0.22, 1.7), color=grad, ls="--", rad=0.45)
        ax.text((x_loss + x_last) / 2 + 0.1, 2.35, r"$\partial L/\partial h_T$", ha="center",
                va="bottom", fontsize=9, color=grad)
        for t in range(T, 1, -1):
            x = x0 + (t - 1) * dx
            arrow((x - 0.2, 1.72), (x - dx + 0.2, 1.72), color=grad, ls="--", rad=0.5)
            ax.text(x - dx / 2, 2.38, f"$J_{t}$", ha="center", va="bottom", fontsize=10,
                    color=grad)
        ax.text(x0 + (T - 2) * dx / 2, 3.05, "backward: one factor per step", ha="center",
                va="bottom", fontsize=9, color=grad)
    return ax
