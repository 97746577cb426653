"""One plotting style for the whole book.

Every figure calls :func:`use_book_style` (chapters do it once at the top) and takes its colors from
:data:`COLORS`, so a model has the same color on every page: the simple RNN is always vermilion, the
LSTM always blue, and so on. The palette is Okabe and Ito's, chosen because it stays distinguishable
for the common forms of color blindness.
"""
from __future__ import annotations

# matplotlib and cycler are imported by use_book_style, not here: ``import lstmlib`` (which imports this
# module for COLORS) stays free of matplotlib, whose import costs about 0.3 s of CPU, for code that never
# plots, such as the grader (lstm-grade).

#: One color per model, used on every page of the book.
COLORS = {
    "rnn": "#D55E00",          # vermilion
    "lstm": "#0072B2",         # blue
    "gru": "#009E73",          # bluish green
    "transformer": "#CC79A7",  # reddish purple
    "baseline": "#6B6B6B",     # gray: "always predict the mean" and other reference lines
}

#: One color per gate or state of the LSTM/GRU cell, used by the cell diagrams and gate traces.
GATE_COLORS = {
    "i": "#56B4E9",  # input gate: sky blue
    "f": "#E69F00",  # forget gate: orange
    "g": "#8C564B",  # candidate: brown
    "o": "#7570B3",  # output gate: indigo
    "c": "#0072B2",  # cell state: the LSTM's blue
    "h": "#332288",  # hidden state: dark indigo
    "r": "#E69F00",  # GRU reset gate
    "z": "#56B4E9",  # GRU update gate
    "n": "#8C564B",  # GRU candidate
}

#: Diverging colormap for signed quantities (gate pre-activations, cell contents), perceptually even.
DIVERGING_CMAP = "RdBu_r"
#: Sequential colormap for magnitudes in [0, 1] (gate openings, attention weights).
SEQUENTIAL_CMAP = "viridis"

#: Figure sizes in inches: one column of the book's text, and a wide figure with panels side by side.
FIGSIZE = (6.4, 3.6)
FIGSIZE_WIDE = (9.6, 3.6)
FIGSIZE_SMALL = (4.8, 3.0)
#: Two panels stacked in one column: as wide as FIGSIZE, so they show at the same scale as every
#: other figure (side by side, FIGSIZE_WIDE shrinks to 71 % of its size on a desktop, 37 % on a phone).
FIGSIZE_STACKED = (6.4, 6.4)

_RC = {
    "figure.figsize": FIGSIZE,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "white",  # figures stay readable when the site is in dark mode
    "axes.facecolor": "white",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 10,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.0,
    "legend.frameon": False,
    "figure.constrained_layout.use": True,
    "animation.html": "jshtml",
}
#: The color cycle: the models' colors, in this order.
_CYCLE = [COLORS[k] for k in ("rnn", "lstm", "gru", "transformer", "baseline")]


def use_book_style() -> None:
    """Apply the book's matplotlib style (idempotent; call once at the top of a chapter).

    In a notebook, figures are also shown as "retina" PNGs: drawn at twice figure.dpi (200 dpi) and
    tagged with their 1x size in the output's metadata, which myst-nb turns into the image's width and
    height. They are sharp on a 2x screen and take the same space on the page as before."""
    import matplotlib as mpl
    from cycler import cycler
    mpl.rcParams.update({**_RC, "axes.prop_cycle": cycler(color=_CYCLE)})
    _show_retina_figures()


def _show_retina_figures() -> None:
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:      # no IPython: nothing is shown inline
        return
    if get_ipython() is not None:
        set_matplotlib_formats("retina")


def model_color(kind: str) -> str:
    """The book's color for a model kind ('rnn', 'lstm', 'gru', 'transformer', 'baseline')."""
    try:
        return COLORS[kind.lower()]
    except KeyError:
        raise ValueError(f"model kind must be one of {sorted(COLORS)}, got {kind!r}") from None
