"""Exercise set 5: the GRU (instructor source: solutions and hidden cases).

Student notebooks are generated from this file (``lstm-grade release``); never edit them by hand.
The format is described in exercises/README.md and lstmlib/grading/spec.py.
"""
import numpy as np

from lstmlib.exercise_cases import step_args, variant
from lstmlib.grading.spec import Case, Comparison, ExerciseSet, Question

rng = np.random.default_rng(505)

_COUNT = '''def param_count(kind, D, H, biases):
    """Parameters of one recurrent layer: kind "rnn", "gru" or "lstm"; input size D, hidden size H;
    biases = 2 (PyTorch: bias_ih and bias_hh) or 1 (one bias per gate block)."""
    G = {"rnn": 1, "gru": 3, "lstm": 4}[kind]     # gate blocks: tanh RNN 1; GRU r, z, n; LSTM i, f, g, o
    return G * (H * D + H * H + biases * H)
'''

q1 = Question(
    id="q1", points=1, title="Counting parameters",
    prompt=r"""
Each gate block of a recurrent layer has an input matrix ($H \times D$), a recurrent matrix
($H \times H$) and one or two bias vectors of length $H$. Write `param_count(kind, D, H, biases)`
returning the number of parameters (an int) of one layer, where `kind` is `"rnn"` (one block),
`"gru"` or `"lstm"`, and `biases` is 2 (PyTorch's `bias_ih` and `bias_hh`) or 1 (one bias per block,
as in the textbook equations and Keras's LSTM).
""",
    starter='''def param_count(kind, D, H, biases):
    """Parameters of one recurrent layer: kind "rnn", "gru" or "lstm"; input size D, hidden size H;
    biases = 2 (PyTorch: bias_ih and bias_hh) or 1 (one bias per gate block)."""
    raise NotImplementedError("count per gate block, then multiply by the number of blocks")
''',
    solution=_COUNT,
    function="param_count",
    public=(Case(args=("gru", 2, 3, 2), note="PyTorch GRU, D=2, H=3"), Case(args=("lstm", 10, 20, 1), note="one bias")),
    hidden=(Case(args=("gru", 1, 1, 2)), Case(args=("lstm", 300, 512, 2)), Case(args=("rnn", 8, 16, 2)),
            Case(args=("gru", 64, 64, 1)), Case(args=("lstm", 1, 8, 1))),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "Every gate block has its own bias vector(s): the biases are counted G times, G(HD + H^2 + bH).":
            variant(_COUNT, ("G * (H * D + H * H + biases * H)", "G * (H * D + H * H) + biases * H")),
        "The number of biases matters: with one bias per block the count is G(HD + H^2 + H).":
            variant(_COUNT, ("biases * H)", "2 * H)")),
        "Gate blocks: the LSTM has four (i, f, g, o), the GRU three (r, z, n).":
            variant(_COUNT, ('{"rnn": 1, "gru": 3, "lstm": 4}', '{"rnn": 1, "gru": 2, "lstm": 3}')),
    },
    hint="Count one gate block first (its input matrix, its recurrent matrix, its biases), then ask "
         "how many blocks each kind of layer stacks.",
)

_KERAS = '''D = H = 64
gru = 3 * (H * D + H * H + 2 * H)      # Keras GRU, reset_after=True: two biases per block
lstm = 4 * (H * D + H * H + H)         # Keras LSTM: one bias per block
answer_q2 = gru / lstm
'''

q2 = Question(
    id="q2", points=1, title="A ratio across layouts",
    prompt=r"""
Keras's GRU (with its default `reset_after=True`) keeps two biases per gate block, as PyTorch does,
while Keras's LSTM keeps one. For $D = H = 64$, what is the ratio of the GRU layer's parameters to the
LSTM layer's? Assign the number (GRU over LSTM) to `answer_q2`.
""",
    starter="answer_q2 = None  # a float\n",
    solution=_KERAS,
    variable="answer_q2",
    answer_range=(0.0, 2.0),
    compare=Comparison(rtol=1e-6, atol=0.0),
    mistakes={
        "Exactly 3/4 holds only when both layers have the same bias layout; here the GRU has two biases "
        "per block and the LSTM one.": variant(_KERAS, ("lstm = 4 * (H * D + H * H + H)", "lstm = 4 * (H * D + H * H + 2 * H)")),
        "That is the LSTM over the GRU; the question asks for the GRU over the LSTM.":
            variant(_KERAS, ("answer_q2 = gru / lstm", "answer_q2 = lstm / gru")),
        "The layouts are the other way round: Keras's GRU has two biases per block, its LSTM one.":
            variant(_KERAS, ("gru = 3 * (H * D + H * H + 2 * H)", "gru = 3 * (H * D + H * H + H)"),
                    ("lstm = 4 * (H * D + H * H + H)", "lstm = 4 * (H * D + H * H + 2 * H)")),
    },
    hint="Count each layer with the formula of q1, then divide.",
)

_GRU_STEP = '''def gru_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """x (N, D), h (N, H), weight_ih (3H, D), weight_hh (3H, H), biases (3H,), blocks r, z, n -> h_next (N, H)."""
    H = h.shape[1]
    ax = x @ weight_ih.T + bias_ih                     # (N, 3H)
    ah = h @ weight_hh.T + bias_hh                     # (N, 3H): the reset gate acts on this, bias included
    r = sigmoid(ax[:, :H] + ah[:, :H])
    z = sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
    n = np.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])
    return (1 - z) * n + z * h
'''

_RESET_BEFORE = '''def gru_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    H = h.shape[1]
    ax = x @ weight_ih.T + bias_ih
    ah = h @ weight_hh.T + bias_hh
    r = sigmoid(ax[:, :H] + ah[:, :H])
    z = sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
    n = np.tanh(ax[:, 2 * H:] + (r * h) @ weight_hh[2 * H:].T + bias_hh[2 * H:])
    return (1 - z) * n + z * h
'''


def _gru_case(N, D, H, note="", **kw):
    return Case(args=step_args(rng, "gru", N, D, H, **kw), note=note)


q3 = Question(
    id="q3", points=3, title="One GRU step, PyTorch's way",
    prompt=r"""
Write `gru_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh)` returning the next state of PyTorch's
GRU cell,

$$
\begin{aligned}
r &= \sigma(W_{ir} x + b_{ir} + W_{hr} h + b_{hr}), \qquad
z = \sigma(W_{iz} x + b_{iz} + W_{hz} h + b_{hz}), \\
n &= \tanh\bigl(W_{in} x + b_{in} + r \odot (W_{hn} h + b_{hn})\bigr), \qquad
h' = (1 - z) \odot n + z \odot h,
\end{aligned}
$$

with the rows of `weight_ih` (3H, D), `weight_hh` (3H, H) and both biases (3H,) stacked in the order
$r, z, n$. `x` is (N, D), `h` is (N, H); return (N, H). Mind where the reset gate acts.
""",
    starter='''def gru_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """x (N, D), h (N, H), weight_ih (3H, D), weight_hh (3H, H), biases (3H,), blocks r, z, n -> h_next (N, H)."""
    raise NotImplementedError("compute r and z, then the candidate n, then mix")
''',
    solution=_GRU_STEP,
    function="gru_step",
    public=(_gru_case(1, 2, 3, note="one example, D=2, H=3"), _gru_case(2, 3, 2, note="a batch of two")),
    hidden=(_gru_case(1, 1, 1), _gru_case(3, 4, 5), _gru_case(4, 2, 3, scale=4.0), _gru_case(2, 3, 4, zero_state=True)),
    mistakes={
        "Reset gate before the matmul: PyTorch computes r * (W_hn h + b_hn), after the product; "
        "W_hn (r * h) is the original paper's GRU, a different function.": _RESET_BEFORE,
        "The reset gate multiplies the recurrent bias too: r * (W_hn h + b_hn), not r * (W_hn h) + b_hn.":
            variant(_GRU_STEP, ("ax[:, 2 * H:] + r * ah[:, 2 * H:]",
                                "ax[:, 2 * H:] + r * (ah[:, 2 * H:] - bias_hh[2 * H:]) + bias_hh[2 * H:]")),
        "The update gate's roles are swapped: PyTorch keeps z * h (the old state) and writes (1 - z) * n.":
            variant(_GRU_STEP, ("(1 - z) * n + z * h", "z * n + (1 - z) * h")),
        "Gate order: PyTorch stacks r, z, n; you read the first two blocks as z, r.":
            variant(_GRU_STEP, ("r = sigmoid(ax[:, :H] + ah[:, :H])", "r = sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])"),
                    ("z = sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])", "z = sigmoid(ax[:, :H] + ah[:, :H])")),
        "Forgot a bias: PyTorch adds both bias_ih and bias_hh.": variant(_GRU_STEP, (" + bias_hh ", " ")),
    },
    hint="Compute W_hh h + b_hh once, all three blocks; the reset gate multiplies its n block.",
)

_GRU_BACK = '''def gru_step_backward(dh_next, x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """Backward of gru_step: dh_next (N, H) = dL/dh'. Returns a dict with keys x (N, D), h_prev (N, H),
    weight_ih (3H, D), weight_hh (3H, H), bias_ih (3H,), bias_hh (3H,)."""
    H = h.shape[1]
    ax = x @ weight_ih.T + bias_ih
    ah = h @ weight_hh.T + bias_hh
    r = sigmoid(ax[:, :H] + ah[:, :H])
    z = sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
    n = np.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])
    dn, dz = dh_next * (1 - z), dh_next * (h - n)           # h' = (1 - z) n + z h
    dan = dn * (1 - n ** 2)
    dar, daz = dan * ah[:, 2 * H:] * r * (1 - r), dz * z * (1 - z)
    dax = np.concatenate([dar, daz, dan], axis=1)           # gradient on W_ih x + b_ih, blocks r, z, n
    dah = np.concatenate([dar, daz, dan * r], axis=1)       # gradient on W_hh h + b_hh
    return {"x": dax @ weight_ih, "h_prev": dh_next * z + dah @ weight_hh,
            "weight_ih": dax.T @ x, "weight_hh": dah.T @ h, "bias_ih": dax.sum(axis=0), "bias_hh": dah.sum(axis=0)}
'''


def _back_case(N, D, H, note="", **kw):
    x, h, *params = step_args(rng, "gru", N, D, H, **kw)
    return Case(args=(rng.normal(size=(N, H)), x, h, *params), note=note)


q4 = Question(
    id="q4", points=4, title="The GRU step backward",
    prompt=r"""
Write `gru_step_backward(dh_next, x, h, weight_ih, weight_hh, bias_ih, bias_hh)`: the backward pass of
your `gru_step` for $L = \sum$ `dh_next` $\odot\, h'$. Recompute the forward pass inside the function and
return a dict with the gradients of $L$ with respect to `"x"`, `"h_prev"` (the input state `h`),
`"weight_ih"`, `"weight_hh"`, `"bias_ih"` and `"bias_hh"`, each with the shape of what it is the gradient
of (the keys of `lstmlib.gru_step_backward`). The state reaches $h'$ directly through $z \odot h$ and
through all three blocks of $W_{hh} h + b_{hh}$.
""",
    starter='''def gru_step_backward(dh_next, x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """Backward of gru_step: dh_next (N, H) = dL/dh'. Returns a dict with keys x (N, D), h_prev (N, H),
    weight_ih (3H, D), weight_hh (3H, H), bias_ih (3H,), bias_hh (3H,)."""
    raise NotImplementedError("forward again, then back through the mix, the candidate and the gates")
''',
    solution=_GRU_BACK,
    function="gru_step_backward",
    public=(_back_case(1, 2, 3, note="N=1, D=2, H=3"), _back_case(2, 3, 2, note="a batch of two")),
    hidden=(_back_case(1, 1, 1), _back_case(3, 4, 5), _back_case(4, 2, 3, scale=4.0)),
    mistakes={
        "Forgot the direct path: h' = (1 - z) n + z h, so dL/dh also gets dh_next * z.":
            variant(_GRU_BACK, ('"h_prev": dh_next * z + dah @ weight_hh', '"h_prev": dah @ weight_hh')),
        "The reset gate acts after the matmul, so the gradient on the n block of W_hh h + b_hh is r * dL/da_n.":
            variant(_GRU_BACK, ("[dar, daz, dan * r]", "[dar, daz, dan]")),
        "The update gate's roles are swapped: with h' = (1 - z) n + z h, dL/dz = dh_next * (h - n).":
            variant(_GRU_BACK, ("dh_next * (h - n)", "dh_next * (n - h)")),
    },
    hint="Go back through the mix of n and h first: it gives the gradients on n, on z and (directly) "
         "on h. The reset gate scales the n block after the recurrent product, so that block's "
         "gradient is scaled by r on its way to W_hh, b_hh and h.",
)

_HOLD = '''def hold_bias(keep, steps):
    """The constant update-gate pre-activation a_z with which a GRU unit whose candidate is 0 keeps the
    fraction `keep` of its state after `steps` steps."""
    z = keep ** (1 / steps)              # h_t = (1 - z) * 0 + z * h_(t-1): one factor z per step
    return float(np.log(z / (1 - z)))    # sigmoid(a_z) = z
'''

q5 = Question(
    id="q5", points=1, title="Setting the update gate by hand",
    prompt=r"""
Set a GRU unit's weights by hand: every weight is 0, and the biases make the candidate $n = 0$ and the
update gate $z = \sigma(a_z)$ a constant. Then $h' = (1 - z)\,n + z\,h = z\,h$ at every step. Write
`hold_bias(keep, steps)` returning the pre-activation $a_z$ (the sum $b_{iz} + b_{hz}$) with which the unit
keeps the fraction `keep` of its state after `steps` steps ($0 <$ `keep` $< 1$). Compare with the forget
gate of the LSTM chapters: which way round is the GRU's gate, does $z$ near 1 keep the state or replace
it? The sign of your $a_z$ for a long memory is that answer, and the public checks (90% kept after 100
steps is a long memory) tell you whether it is right.
""",
    starter='''def hold_bias(keep, steps):
    """The constant update-gate pre-activation a_z with which a GRU unit whose candidate is 0 keeps the
    fraction `keep` of its state after `steps` steps."""
    raise NotImplementedError("first z, then invert the sigmoid")
''',
    solution=_HOLD,
    function="hold_bias",
    public=(Case(args=(0.5, 10), note="half after 10 steps"), Case(args=(0.9, 100), note="90% after 100 steps")),
    hidden=(Case(args=(0.01, 1)), Case(args=(0.99, 1000)), Case(args=(0.25, 3))),
    compare=Comparison(rtol=1e-6, atol=1e-9),
    mistakes={
        "The update gate's roles: in PyTorch's GRU, z multiplies the old state (z = 1 keeps it), so a_z is "
        "positive for a long memory.": variant(_HOLD, ("float(np.log(z / (1 - z)))", "float(np.log((1 - z) / z))")),
        "That is the gate z itself; the question asks for its pre-activation a_z = log(z / (1 - z)).":
            variant(_HOLD, ("float(np.log(z / (1 - z)))", "float(z)")),
        "Off by one in time: `steps` steps apply `steps` factors of z, not steps - 1.":
            variant(_HOLD, ("keep ** (1 / steps)", "keep ** (1 / (steps - 1)) if steps > 1 else keep")),
    },
    hint="First find the gate value z whose steps-th power is keep; then the pre-activation whose "
         "sigmoid is that z.",
)

SET = ExerciseSet(
    id="set05", title="Exercises: the GRU",
    chapter="chapters/05_gru",
    intro="These exercises follow the chapter on the GRU. Shapes follow PyTorch: weights are (out, in), the "
          "batch is in rows, and the GRU's gate blocks are stacked r, z, n. Run the first cell (it also "
          "defines `sigmoid`), complete each question's cell, then run `check(\"q1\")` and so on: it runs "
          "the public checks on your answer.",
    setup_code="import numpy as np\n\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n",
    questions=(q1, q2, q3, q4, q5),
)
