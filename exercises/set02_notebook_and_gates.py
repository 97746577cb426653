"""Exercise set 2: the LSTM's notebook and its gates (instructor source: solutions and hidden cases).

Student notebooks are generated from this file (``lstm-grade release``); never edit them by hand.
The format is described in exercises/README.md and lstmlib/grading/spec.py.
"""
import numpy as np

from lstmlib.exercise_cases import sequence_args, step_args, variant
from lstmlib.grading.spec import Case, Comparison, ExerciseSet, Question

rng = np.random.default_rng(202)

_ONE_UNIT = '''a_i, a_f, a_g, a_o = -1.0, 2.0, 0.5, 0.0   # PyTorch's order: i, f, g, o
c_prev = 0.8
i, f, g, o = sigmoid(a_i), sigmoid(a_f), np.tanh(a_g), sigmoid(a_o)
c = f * c_prev + i * g
answer_q1 = o * np.tanh(c)
'''

q1 = Question(
    id="q1", points=1, title="One unit, by hand",
    prompt=r"""
One LSTM unit ($H = 1$) has the cell state $c_{t-1} = 0.8$. At step $t$ its four gate pre-activations,
stacked in PyTorch's order, are $a = (-1.0,\ 2.0,\ 0.5,\ 0.0)$. Using

$$
\begin{aligned}
i_t &= \sigma(a^i), & f_t &= \sigma(a^f),\\
g_t &= \tanh(a^g), & o_t &= \sigma(a^o),\\
c_t &= f_t c_{t-1} + i_t g_t, & h_t &= o_t \tanh(c_t),
\end{aligned}
$$

compute the new hidden state $h_t$ and assign it to `answer_q1`. (q5 asks which of this unit's gates is
nearly open and which lets through only about a quarter.)
""",
    starter="answer_q1 = None  # a float\n",
    solution=_ONE_UNIT,
    variable="answer_q1",
    answer_range=(-1.0, 1.0),
    compare=Comparison(rtol=1e-4, atol=0.0),
    mistakes={
        "Gate order: PyTorch stacks i, f, g, o (the candidate g third), not i, f, o, g as in CS231n's "
        "assignment.": variant(_ONE_UNIT, ("a_i, a_f, a_g, a_o =", "a_i, a_f, a_o, a_g =")),
        "Forgot the tanh on the way out: h_t = o_t * tanh(c_t), not o_t * c_t.":
            variant(_ONE_UNIT, ("o * np.tanh(c)", "o * c")),
        "The candidate g uses tanh (it can be negative), not a sigmoid.":
            variant(_ONE_UNIT, ("np.tanh(a_g)", "sigmoid(a_g)")),
        "That is the new cell state c_t; the question asks for h_t = o_t * tanh(c_t).":
            variant(_ONE_UNIT, ("answer_q1 = o * np.tanh(c)", "answer_q1 = c")),
    },
    hint="sigmoid(0) = 0.5: the output gate is half open.",
)

_GATES = '''def gate_openings(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """x (N, D), h (N, H), weight_ih (4H, D), weight_hh (4H, H), biases (4H,) -> dict of (N, H) arrays."""
    H = h.shape[1]
    a = x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh          # (N, 4H), blocks i, f, g, o
    return {"i": sigmoid(a[:, :H]), "f": sigmoid(a[:, H:2 * H]),
            "g": np.tanh(a[:, 2 * H:3 * H]), "o": sigmoid(a[:, 3 * H:])}
'''


def _step_case(N, D, H, note="", **kw):
    return Case(args=step_args(rng, "lstm", N, D, H, with_c=False, **kw), note=note)


q2 = Question(
    id="q2", points=2, title="Reading the gates",
    prompt=r"""
Write `gate_openings(x, h, weight_ih, weight_hh, bias_ih, bias_hh)` returning a dict with keys
`"i"`, `"f"`, `"g"`, `"o"`: the input, forget and output gates (sigmoids) and the candidate (tanh) of
one LSTM step, each of shape (N, H). The pre-activations are
$a = x W_{ih}^\top + b_{ih} + h W_{hh}^\top + b_{hh}$, of shape (N, 4H), with the four blocks of $H$
columns in PyTorch's order $i, f, g, o$. `x` is (N, D), `h` is (N, H), `weight_ih` is (4H, D),
`weight_hh` is (4H, H), both biases are (4H,).
""",
    starter='''def gate_openings(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """x (N, D), h (N, H), weight_ih (4H, D), weight_hh (4H, H), biases (4H,) -> dict of (N, H) arrays."""
    raise NotImplementedError("compute the pre-activations, split them into four blocks")
''',
    solution=_GATES,
    function="gate_openings",
    public=(_step_case(1, 2, 3, note="one example, D=2, H=3"), _step_case(2, 3, 2, note="a batch of two")),
    hidden=(_step_case(3, 4, 5), _step_case(1, 1, 1), _step_case(4, 2, 3, scale=5.0),
            _step_case(2, 5, 4, zero_state=True)),
    mistakes={
        "Gate order: PyTorch stacks the blocks i, f, g, o; you read them as i, f, o, g (CS231n's order).":
            variant(_GATES, ('"g": np.tanh(a[:, 2 * H:3 * H]), "o": sigmoid(a[:, 3 * H:])',
                             '"g": np.tanh(a[:, 3 * H:]), "o": sigmoid(a[:, 2 * H:3 * H])')),
        "The candidate g is a tanh, not a sigmoid.":
            variant(_GATES, ('"g": np.tanh(a[:, 2 * H:3 * H])', '"g": sigmoid(a[:, 2 * H:3 * H])')),
        "Forgot a bias: PyTorch adds both bias_ih and bias_hh.": variant(_GATES, (" + bias_hh ", " ")),
    },
    hint="Slice the (N, 4H) pre-activations into columns [0:H], [H:2H], [2H:3H], [3H:4H] for i, f, g, o.",
)

_STEP = '''def lstm_step(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
    """x (N, D), h (N, H), c (N, H), weights and biases as in q2 -> (h_next, c_next), each (N, H)."""
    H = h.shape[1]
    a = x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
    i, f, g, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sigmoid(a[:, 3 * H:])
    c_next = f * c + i * g
    h_next = o * np.tanh(c_next)
    return h_next, c_next
'''


def _cell_case(N, D, H, note="", **kw):
    return Case(args=step_args(rng, "lstm", N, D, H, **kw), note=note)


q3 = Question(
    id="q3", points=3, title="One LSTM step",
    prompt=r"""
Write `lstm_step(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh)` returning the tuple
`(h_next, c_next)` of one step of PyTorch's LSTM cell:

$$
c_t = f_t \odot c_{t-1} + i_t \odot g_t, \qquad h_t = o_t \odot \tanh(c_t),
$$

with the gates of q2 (you may call your `gate_openings`). Shapes as in q2, and `c` is (N, H).
""",
    starter='''def lstm_step(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
    """x (N, D), h (N, H), c (N, H), weights and biases as in q2 -> (h_next, c_next), each (N, H)."""
    raise NotImplementedError("update the notebook c, then read it through the output gate")
''',
    solution=_STEP,
    function="lstm_step",
    public=(_cell_case(1, 2, 3, note="one example, D=2, H=3"), _cell_case(3, 2, 2, note="a batch of three")),
    hidden=(_cell_case(2, 4, 5), _cell_case(1, 1, 1), _cell_case(4, 3, 3, scale=5.0),
            _cell_case(2, 3, 4, zero_state=True)),
    mistakes={
        "Gate order: PyTorch stacks the blocks i, f, g, o; you read them as i, f, o, g (CS231n's order).":
            variant(_STEP, ("i, f, g, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), "
                            "sigmoid(a[:, 3 * H:])",
                            "i, f, o, g = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H]), "
                            "np.tanh(a[:, 3 * H:])")),
        "Forgot the tanh on the way out: h_t = o_t * tanh(c_t), not o_t * c_t.":
            variant(_STEP, ("o * np.tanh(c_next)", "o * c_next")),
        "Returned (c_next, h_next): the order is (h_next, c_next), as in PyTorch's (h, c).":
            variant(_STEP, ("return h_next, c_next", "return c_next, h_next")),
        "The input gate scales what is written: c_t = f * c + i * g, not f * c + g.":
            variant(_STEP, ("f * c + i * g", "f * c + g")),
        "Forgot a bias: PyTorch adds both bias_ih and bias_hh.": variant(_STEP, (" + bias_ih ", " ")),
    },
    hint="Update the cell state first (what the forget gate keeps plus what the input gate writes); "
         "the hidden state is read from the new cell state, not the old one.",
)

_FORWARD = '''def lstm_forward(x, h0, c0, weight_ih, weight_hh, bias_ih, bias_hh):
    """x (T, N, D), h0 (N, H), c0 (N, H) -> (y (T, N, H) with y[t] = h_(t+1), h_T (N, H), c_T (N, H))."""
    H, h, c, ys = h0.shape[1], h0, c0, []
    for x_t in x:
        a = x_t @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
        i, f, g, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sigmoid(a[:, 3 * H:])
        c = f * c + i * g
        ys.append(h)
        h = o * np.tanh(c)
    ys.append(h)
    return np.stack(ys[1:]), h, c
'''


def _seq_case(T, N, D, H, note="", **kw):
    return Case(args=sequence_args(rng, "lstm", T, N, D, H, **kw), note=note)


q4 = Question(
    id="q4", points=2, title="A whole sequence",
    prompt=r"""
Write `lstm_forward(x, h0, c0, weight_ih, weight_hh, bias_ih, bias_hh)` that runs the cell over an input
`x` of shape (T, N, D) from the state $(h_0, c_0)$ and returns the tuple `(y, h_T, c_T)`, where `y` has
shape (T, N, H) and `y[t]` is the hidden state after reading `x[t]` (that is $h_{t+1}$ when the steps are
counted from 1), as `torch.nn.LSTM` returns its output. You may call your `lstm_step`.
""",
    starter='''def lstm_forward(x, h0, c0, weight_ih, weight_hh, bias_ih, bias_hh):
    """x (T, N, D), h0 (N, H), c0 (N, H) -> (y (T, N, H) with y[t] = h_(t+1), h_T (N, H), c_T (N, H))."""
    raise NotImplementedError("loop over time, carrying both h and c")
''',
    solution=_FORWARD,
    function="lstm_forward",
    public=(_seq_case(3, 1, 2, 3, note="T=3, N=1, D=2, H=3"), _seq_case(4, 2, 3, 2, note="T=4, a batch of two")),
    hidden=(_seq_case(1, 1, 1, 1), _seq_case(6, 3, 2, 4), _seq_case(5, 2, 4, 3, scale=5.0)),
    mistakes={
        "Off by one in time: y[t] is the state after reading x[t], so y ends with h_T (and does not hold h_0).":
            variant(_FORWARD, ("np.stack(ys[1:])", "np.stack(ys[:-1])")),
        "The cell state must be carried from step to step: each step starts from the previous c, not c0.":
            variant(_FORWARD, ("c = f * c + i * g", "c = f * c0 + i * g")),
        "Forgot the tanh on the way out: h_t = o_t * tanh(c_t), not o_t * c_t.":
            variant(_FORWARD, ("h = o * np.tanh(c)", "h = o * c")),
    },
    hint="Keep h and c in two variables that every step overwrites; collect h after each step.",
)

_READING = '''def gate_reading(a):
    """a (4,): one unit's pre-activations in PyTorch's order i, f, g, o. Returns (most open, least open):
    the names, among "i", "f", "o", of the gate with the largest and of the gate with the smallest opening."""
    openings = {"i": sigmoid(a[0]), "f": sigmoid(a[1]), "o": sigmoid(a[3])}   # g is a candidate, no gate
    return max(openings, key=openings.get), min(openings, key=openings.get)
'''

q5 = Question(
    id="q5", points=1, title="Reading the gates",
    prompt=r"""
A gate's opening is a number between 0 (closed: nothing passes) and 1 (open: everything passes). Write
`gate_reading(a)` that takes one unit's four pre-activations `a` (shape (4,), PyTorch's order
$i, f, g, o$) and returns the tuple `(most_open, least_open)`: the names `"i"`, `"f"` or `"o"` of the
gate that lets the most through and of the gate that lets the least through. The candidate $g$ is not a
gate: it is what the input gate lets in, and it can be negative. The first public case is the unit of q1,
so `check("q5")` tells you whether you read its gates right.
""",
    starter='''def gate_reading(a):
    """a (4,): one unit's pre-activations in PyTorch's order i, f, g, o. Returns (most open, least open):
    the names, among "i", "f", "o", of the gate with the largest and of the gate with the smallest opening."""
    raise NotImplementedError("the opening of each of the three gates, then the largest and the smallest")
''',
    solution=_READING,
    function="gate_reading",
    public=(Case(args=(np.array([-1.0, 2.0, 0.5, 0.0]),), note="the unit of q1"),
            Case(args=(np.array([0.0, -1.0, -3.0, 1.0]),), note="a strongly negative candidate")),
    hidden=(Case(args=(np.array([2.0, 0.5, -2.0, -0.5]),)), Case(args=(np.array([1.0, -2.0, 2.0, 0.0]),)),
            Case(args=(np.array([-0.5, 1.5, 0.0, 3.0]),)), Case(args=(np.array([-4.0, 0.2, 5.0, -0.1]),))),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "The candidate g is not a gate: it is tanh(a_g), what the input gate lets in, and it opens nothing.":
            variant(_READING, ('"o": sigmoid(a[3])}', '"o": sigmoid(a[3]), "g": np.tanh(a[2])}')),
        "Gate order: PyTorch stacks i, f, g, o, so the output gate's pre-activation is a[3], not a[2].":
            variant(_READING, ('"o": sigmoid(a[3])', '"o": sigmoid(a[2])')),
        "The other way round: the first name is the most open gate (the largest sigmoid), the second the "
        "least open.": variant(_READING, ("return max(openings, key=openings.get), min(openings, key=openings.get)",
                                          "return min(openings, key=openings.get), max(openings, key=openings.get)")),
    },
    hint="sigmoid only increases, so the largest pre-activation opens its gate the most; but which three "
         "of the four blocks are gates?",
)

SET = ExerciseSet(
    id="set02", title="Exercises: the LSTM's notebook and its gates",
    chapter="chapters/02_notebook_and_gates",
    intro="These exercises follow the chapter on the LSTM's cell state and gates. All arrays follow "
          "PyTorch: weights are (out, in), inputs are (N, D) with the batch in rows, and the four gate "
          "blocks are stacked in the order i, f, g, o. Run the first cell (it also defines `sigmoid`), "
          "complete each question's cell, then run `check(\"q1\")` and so on: it runs the public checks "
          "on your answer.",
    setup_code="import numpy as np\n\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n",
    questions=(q1, q2, q3, q4, q5),
)
