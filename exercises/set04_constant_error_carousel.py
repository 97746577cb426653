"""Exercise set 4: the constant error carousel, gradients along the cell state (instructor source:
solutions and hidden cases).

Student notebooks are generated from this file (``lstm-grade release``); never edit them by hand.
The format is described in exercises/README.md and lstmlib/grading/spec.py.
"""
import numpy as np

from lstmlib.exercise_cases import step_args, variant
from lstmlib.grading.spec import Case, Comparison, ExerciseSet, Question

rng = np.random.default_rng(404)

_BIAS = '''f = 0.5 ** (1 / 200)              # 200 forget gates lie between step 1 and step 201
answer_q1 = float(np.log(f / (1 - f)))  # the pre-activation a with sigmoid(a) = f
'''

q1 = Question(
    id="q1", points=1, title="A forget gate for 200 steps",
    prompt=r"""
A value is written into the cell state at step 1 and is needed at step 201. Along the carousel each
step back multiplies the gradient by that step's forget gate, $\partial L/\partial c_{t-1} = f_t \,
\partial L/\partial c_t$. Suppose the forget gate has the same value $f$ at every step. Which constant
forget-gate pre-activation $a^f$ (so $f = \sigma(a^f)$) lets exactly half of the gradient at step 201 reach
step 1? Assign it to `answer_q1`.
""",
    starter="answer_q1 = None  # a float\n",
    solution=_BIAS,
    variable="answer_q1",
    answer_range=(0.0, 20.0),
    compare=Comparison(rtol=1e-5, atol=0.0),
    mistakes={
        "Off by one in time: from step 1 to step 201 the gradient crosses the forget gates of steps 2 to "
        "201, 200 factors, not 201.": variant(_BIAS, ("1 / 200", "1 / 201")),
        "That is the forget gate f itself; the question asks for its pre-activation a = log(f / (1 - f)).":
            variant(_BIAS, ("float(np.log(f / (1 - f)))", "float(f)")),
        "Off by one in time: from step 1 to step 201 the gradient crosses 200 forget gates, not 199.":
            variant(_BIAS, ("1 / 200", "1 / 199")),
    },
    hint="First the f with f**200 = 1/2, then invert the sigmoid.",
)

_CELL_BACK = '''def cell_grad_back(dc, dh, f, o, c):
    """dc (N, H): dL/dc_t from later steps; dh (N, H): dL/dh_t; f, o, c (N, H): f_t, o_t, c_t of step t.
    Returns dL/dc_(t-1) along the carousel, (N, H)."""
    dc_total = dc + dh * o * (1 - np.tanh(c) ** 2)   # c_t also reaches the loss through h_t = o * tanh(c_t)
    return dc_total * f
'''


def _cell_case(N, H, note=""):
    return Case(args=(rng.normal(size=(N, H)), rng.normal(size=(N, H)), rng.uniform(0, 1, size=(N, H)),
                      rng.uniform(0, 1, size=(N, H)), 2 * rng.normal(size=(N, H))), note=note)


q2 = Question(
    id="q2", points=2, title="One step back along the cell state",
    prompt=r"""
The cell state $c_t$ reaches the loss two ways: through the next step's cell state
($c_{t+1} = f_{t+1} \odot c_t + \dots$), whose gradient arrives as `dc`, and through this step's output
$h_t = o_t \odot \tanh(c_t)$, whose gradient arrives as `dh`. Write `cell_grad_back(dc, dh, f, o, c)`
returning $\partial L/\partial c_{t-1}$ along the carousel, that is through
$c_t = f_t \odot c_{t-1} + i_t \odot g_t$ with the gates held fixed. `f`, `o`, `c` are $f_t$, $o_t$,
$c_t$; every array is (N, H).
""",
    starter='''def cell_grad_back(dc, dh, f, o, c):
    """dc (N, H): dL/dc_t from later steps; dh (N, H): dL/dh_t; f, o, c (N, H): f_t, o_t, c_t of step t.
    Returns dL/dc_(t-1) along the carousel, (N, H)."""
    raise NotImplementedError("collect all of dL/dc_t first, then step back through the forget gate")
''',
    solution=_CELL_BACK,
    function="cell_grad_back",
    public=(_cell_case(1, 3, note="N=1, H=3"), _cell_case(2, 4, note="a batch of two")),
    hidden=(_cell_case(1, 1), _cell_case(3, 5), _cell_case(4, 2)),
    mistakes={
        "Forgot the path through h_t: dL/dc_t = dc + dh * o * (1 - tanh(c)**2) before the forget gate.":
            variant(_CELL_BACK, ("dc + dh * o * (1 - np.tanh(c) ** 2)", "dc")),
        "Forgot the slope of tanh on the path through h_t: d tanh(c)/dc = 1 - tanh(c)**2.":
            variant(_CELL_BACK, ("dh * o * (1 - np.tanh(c) ** 2)", "dh * o")),
        "The slope of tanh at c is 1 - tanh(c)**2, not 1 - c**2 (c is not squashed).":
            variant(_CELL_BACK, ("(1 - np.tanh(c) ** 2)", "(1 - c ** 2)")),
        "The path through h_t passes the output gate: multiply by o.":
            variant(_CELL_BACK, ("dh * o * (1", "dh * (1")),
    },
    hint="Add up both ways c_t reaches the loss (the chain rule through h_t = o_t tanh(c_t) gives the "
         "second) before stepping back; which factor does c_(t-1) carry in c_t?",
)

_GRADCHECK = '''def find_wrong_entries(claimed, c_prev, dc, dh, f, i, g, o):
    """claimed (N, H): someone's dL/dc_(t-1); c_prev, dc, dh, f, i, g, o (N, H). Returns a bool (N, H)
    array, True where claimed disagrees with central differences of the loss."""
    def loss(c_in):
        c = f * c_in + i * g
        return np.sum(dc * c) + np.sum(dh * o * np.tanh(c))   # both ways c_t reaches the loss
    eps = 1e-5
    numerical = np.zeros_like(c_prev)
    for idx in np.ndindex(*c_prev.shape):                       # one entry at a time
        up, down = c_prev.copy(), c_prev.copy()
        up[idx] += eps
        down[idx] -= eps
        numerical[idx] = (loss(up) - loss(down)) / (2 * eps)
    return np.abs(claimed - numerical) > 1e-4 * (1 + np.abs(numerical))
'''


def _true_grad(c_prev, dc, dh, f, i, g, o):
    c = f * c_prev + i * g
    return (dc + dh * o * (1 - np.tanh(c) ** 2)) * f


def _bugs(c_prev, dc, dh, f, i, g, o):
    """Gradients with the bugs of q2, each entry computed one wrong way."""
    c = f * c_prev + i * g
    return (dc * f,                                             # forgot the path through h_t
            (dc + dh * o) * f,                                  # forgot the slope of tanh
            dc + dh * o * (1 - np.tanh(c) ** 2))                # forgot the forget gate


def _check_case(N, H, n_wrong, note=""):
    """A case with n_wrong planted wrong entries, each off by more than 0.05 (so that any sound check
    flags it), the others exact. Seeded: the same planted bugs on every load."""
    while True:
        c_prev, dc, dh = 2 * rng.normal(size=(N, H)), rng.normal(size=(N, H)), rng.normal(size=(N, H))
        f, i, g, o = (rng.uniform(0.2, 0.8, size=(N, H)) for _ in range(4))
        good = _true_grad(c_prev, dc, dh, f, i, g, o)
        claimed = good.copy()
        where = rng.choice(N * H, size=n_wrong, replace=False)
        for k, flat in enumerate(where):
            idx = np.unravel_index(flat, (N, H))
            claimed[idx] = _bugs(c_prev, dc, dh, f, i, g, o)[k % 3][idx]
        if np.all(np.abs(claimed - good).ravel()[where] > 0.05):
            return Case(args=(claimed, c_prev, dc, dh, f, i, g, o), note=note)


q3 = Question(
    id="q3", points=2, title="A gradient check that catches a bug",
    prompt=r"""
Reading a backward pass rarely finds its bugs; comparing it with finite differences does. Someone's
`cell_grad_back` (q2) returned `claimed`, an (N, H) array meant to be $\partial L/\partial c_{t-1}$ for

$$
L = \sum \texttt{dc} \odot c_t + \sum \texttt{dh} \odot h_t, \qquad c_t = f \odot c_{t-1} + i \odot g,
\qquad h_t = o \odot \tanh(c_t),
$$

with the gates held fixed. Some of its entries are wrong. Write
`find_wrong_entries(claimed, c_prev, dc, dh, f, i, g, o)` returning a boolean array of shape (N, H) that
is `True` exactly where `claimed` is wrong. Compute the numerical gradient by central differences,
moving one entry of `c_prev` at a time by $\epsilon = 10^{-5}$ up and down, and call an entry wrong when
$|\text{claimed} - \text{numerical}| > 10^{-4}\,(1 + |\text{numerical}|)$. Do not reuse your q2: a check
that shares the formula it checks would share its bug too.
""",
    starter='''def find_wrong_entries(claimed, c_prev, dc, dh, f, i, g, o):
    """claimed (N, H): someone's dL/dc_(t-1); c_prev, dc, dh, f, i, g, o (N, H). Returns a bool (N, H)
    array, True where claimed disagrees with central differences of the loss."""
    raise NotImplementedError("the loss as a function of c_prev, then one entry at a time")
''',
    solution=_GRADCHECK,
    function="find_wrong_entries",
    public=(_check_case(1, 3, 1, note="N=1, H=3, one entry wrong"),
            _check_case(2, 4, 3, note="a batch of two, three entries wrong")),
    hidden=(_check_case(1, 1, 1), _check_case(1, 1, 0), _check_case(3, 3, 2), _check_case(2, 5, 4), _check_case(4, 2, 3)),
    mistakes={
        "The loss must hold both ways c_t reaches it, through c_t itself and through h_t = o * tanh(c_t).":
            variant(_GRADCHECK, (" + np.sum(dh * o * np.tanh(c))", "")),
        "Move one entry at a time: moving all of c_prev at once measures the sum of the gradients.":
            variant(_GRADCHECK, ("up[idx] += eps\n        down[idx] -= eps", "up += eps\n        down -= eps")),
        "A central difference divides by the whole step, 2 * eps, not eps.":
            variant(_GRADCHECK, ("/ (2 * eps)", "/ eps")),
        "True marks the wrong entries, the ones where claimed and the numerical gradient disagree.":
            variant(_GRADCHECK, ("return np.abs(claimed - numerical) > 1e-4",
                                 "return np.abs(claimed - numerical) <= 1e-4")),
    },
    hint="Write the loss as a function of c_prev alone first; then nudge one entry up and down and see "
         "how much the loss moves.",
)

_STEP_BACK = '''def lstm_step_backward(dh_next, dc_next, x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
    """Backward pass of one LSTM step (h_next, c_next) = step(x, h, c) in PyTorch's gate order i, f, g, o.
    dh_next, dc_next (N, H): gradients on the step's outputs. Returns a dict of gradients with keys
    x (N, D), h_prev (N, H), c_prev (N, H), weight_ih (4H, D), weight_hh (4H, H), bias_ih, bias_hh (4H,)."""
    H = h.shape[1]
    a = x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
    i, f, g, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sigmoid(a[:, 3 * H:])
    tanh_c = np.tanh(f * c + i * g)
    dc_total = dc_next + dh_next * o * (1 - tanh_c ** 2)       # both paths into c_next
    di, df = dc_total * g * i * (1 - i), dc_total * c * f * (1 - f)
    dg, do = dc_total * i * (1 - g ** 2), dh_next * tanh_c * o * (1 - o)
    da = np.concatenate([di, df, dg, do], axis=1)              # (N, 4H), blocks i, f, g, o
    return {"x": da @ weight_ih, "h_prev": da @ weight_hh, "c_prev": dc_total * f,
            "weight_ih": da.T @ x, "weight_hh": da.T @ h, "bias_ih": da.sum(axis=0), "bias_hh": da.sum(axis=0)}
'''


def _back_case(N, D, H, note="", **kw):
    x, h, c, *params = step_args(rng, "lstm", N, D, H, **kw)
    return Case(args=(rng.normal(size=(N, H)), rng.normal(size=(N, H)), x, h, c, *params), note=note)


q4 = Question(
    id="q4", points=4, title="The backward pass of one LSTM step",
    prompt=r"""
Write `lstm_step_backward(dh_next, dc_next, x, h, c, weight_ih, weight_hh, bias_ih, bias_hh)`: the
backward pass of one step of PyTorch's LSTM cell, $(h_t, c_t)$ from $(x_t, h_{t-1}, c_{t-1})$, gate order
$i, f, g, o$. `dh_next` and `dc_next` (N, H) are $\partial L/\partial h_t$ and the part of
$\partial L/\partial c_t$ that comes from later steps; `x` (N, D), `h`, `c` (N, H) are the step's inputs.
Recompute the forward pass inside the function. Return a dict with the gradients of $L$ with respect to
`"x"`, `"h_prev"` ($h_{t-1}$), `"c_prev"` ($c_{t-1}$), `"weight_ih"`, `"weight_hh"`, `"bias_ih"` and `"bias_hh"`,
each with the shape of what it is the gradient of. Useful: $\sigma' = \sigma(1 - \sigma)$,
$\tanh' = 1 - \tanh^2$; the gradient on `c_prev` is the carousel of q2. The keys are those of
`lstmlib.lstm_step_backward`.
""",
    starter='''def lstm_step_backward(dh_next, dc_next, x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
    """Backward pass of one LSTM step (h_next, c_next) = step(x, h, c) in PyTorch's gate order i, f, g, o.
    dh_next, dc_next (N, H): gradients on the step's outputs. Returns a dict of gradients with keys
    x (N, D), h_prev (N, H), c_prev (N, H), weight_ih (4H, D), weight_hh (4H, H), bias_ih, bias_hh (4H,)."""
    raise NotImplementedError("forward again, then the gradients of the four pre-activation blocks")
''',
    solution=_STEP_BACK,
    function="lstm_step_backward",
    public=(_back_case(1, 2, 3, note="N=1, D=2, H=3"), _back_case(2, 3, 2, note="a batch of two")),
    hidden=(_back_case(1, 1, 1), _back_case(3, 4, 5), _back_case(4, 2, 3, scale=4.0)),
    mistakes={
        "Gate order: PyTorch stacks the blocks i, f, g, o; you used i, f, o, g (CS231n's order).":
            variant(_STEP_BACK,
                    ("i, f, g, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sigmoid(a[:, 3 * H:])",
                     "i, f, o, g = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])"),
                    ("[di, df, dg, do]", "[di, df, do, dg]")),
        "Forgot the path through h_t into c_t: dL/dc_t = dc_next + dh_next * o * (1 - tanh(c_t)**2).":
            variant(_STEP_BACK, ("dc_next + dh_next * o * (1 - tanh_c ** 2)", "dc_next")),
        "The gradient on c_(t-1) goes back through the forget gate: dL/dc_(t-1) = dL/dc_t * f.":
            variant(_STEP_BACK, ('"c_prev": dc_total * f', '"c_prev": dc_total')),
        "Forgot a bias in the forward pass: PyTorch adds both bias_ih and bias_hh.":
            variant(_STEP_BACK, (" + bias_hh\n", "\n")),
    },
    hint="Find the gradient on each gate's output, turn it into the gradient on its pre-activation "
         "with that activation's slope, and stack the four blocks in PyTorch's order; every weight, "
         "bias and input gradient is then one product or sum with that (N, 4H) array.",
)

_GAIN = '''def forget_bias_gain(bias, steps):
    """How many times more gradient crosses `steps` forget gates when their pre-activation is `bias`
    instead of 0 (a freshly initialized cell, where every pre-activation is about 0)."""
    return float((sigmoid(bias) / sigmoid(0.0)) ** steps)
'''

q5 = Question(
    id="q5", points=1, title="What the forget-gate bias buys",
    prompt=r"""
At initialization every pre-activation is close to 0, so every forget gate starts near
$\sigma(0) = 0.5$. Adding a bias $b$ to the forget gate's pre-activation starts it near $\sigma(b)$.
Write `forget_bias_gain(bias, steps)` returning how many times more gradient reaches a cell state
`steps` forget gates back along the carousel with the bias than without it (a float).
""",
    starter='''def forget_bias_gain(bias, steps):
    """How many times more gradient crosses `steps` forget gates when their pre-activation is `bias`
    instead of 0 (a freshly initialized cell, where every pre-activation is about 0)."""
    raise NotImplementedError("one factor per forget gate, with and without the bias")
''',
    solution=_GAIN,
    function="forget_bias_gain",
    public=(Case(args=(1.0, 50), note="bias 1, 50 steps"), Case(args=(2.0, 10), note="bias 2, 10 steps")),
    hidden=(Case(args=(1.0, 1)), Case(args=(0.5, 200)), Case(args=(-1.0, 20)), Case(args=(3.0, 100))),
    compare=Comparison(rtol=1e-6, atol=0.0),
    mistakes={
        "The gates are sigmoid(bias) and sigmoid(0) = 0.5: the bias is a pre-activation, not a gate value.":
            variant(_GAIN, ("(sigmoid(bias) / sigmoid(0.0))", "(bias / sigmoid(0.0))")),
        "That is the ratio the other way round: with the bias over without it.":
            variant(_GAIN, ("(sigmoid(bias) / sigmoid(0.0))", "(sigmoid(0.0) / sigmoid(bias))")),
        "Off by one in time: `steps` forget gates give `steps` factors, not steps - 1.":
            variant(_GAIN, ("** steps)", "** (steps - 1))")),
    },
    hint="Each forget gate multiplies the gradient by its value once; compare the product of the "
         "gates with the bias to the product without it.",
)

SET = ExerciseSet(
    id="set04", title="Exercises: the constant error carousel",
    chapter="chapters/04_constant_error_carousel",
    intro="These exercises follow the chapter on the cell state's gradient path. Shapes follow PyTorch: "
          "weights are (out, in), the batch is in rows, and the LSTM's gate blocks are stacked i, f, g, o. "
          "Run the first cell (it also defines `sigmoid`), complete each question's cell, then run "
          "`check(\"q1\")` and so on: it runs the public checks on your answer.",
    setup_code="import numpy as np\n\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n",
    questions=(q1, q2, q3, q4, q5),
)
