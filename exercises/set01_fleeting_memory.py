"""Exercise set 1: the fleeting memory of a simple RNN (instructor source: solutions and hidden cases).

Student notebooks are generated from this file (``lstm-grade release``); never edit them by hand.
The format is described in exercises/README.md and lstmlib/grading/spec.py.
"""
import numpy as np

from lstmlib.exercise_cases import sequence_args, step_args, variant
from lstmlib.grading.spec import Case, Comparison, ExerciseSet, Question

rng = np.random.default_rng(101)


def _rnn_case(N, D, H, note="", scale=1.0):
    """Inputs for rnn_step: x (N, D), h (N, H), weight_ih (H, D), weight_hh (H, H), bias_ih, bias_hh (H,)."""
    return Case(args=step_args(rng, "rnn", N, D, H, scale=scale), note=note)


q1 = Question(
    id="q1", points=1, title="How much signal survives 49 steps?",
    prompt=r"""
A simple RNN whose recurrent factor is $0.9$ at every step multiplies a signal by $0.9$ per step.
Starting from a signal of size $1$ at step $1$, how much is left at step $50$, that is after 49 steps?
Assign the number to `answer_q1`.
""",
    starter="answer_q1 = None  # a float\n",
    solution="answer_q1 = 0.9 ** 49\n",
    variable="answer_q1",
    answer_range=(0.0, 1.0),
    compare=Comparison(rtol=1e-3, atol=0.0),
    mistakes={
        "Off by one in time: 49 steps separate step 1 from step 50, not 50.": "answer_q1 = 0.9 ** 50\n",
        "Off by one in time: 49 steps separate step 1 from step 50, not 48.": "answer_q1 = 0.9 ** 48\n",
        "That is how much was lost, not how much survives.": "answer_q1 = 1 - 0.9 ** 49\n",
    },
    hint="One factor of 0.9 per step between step 1 and step 50.",
)

q2 = Question(
    id="q2", points=2, title="One step of a tanh RNN",
    prompt=r"""
Write `rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh)` returning the next hidden state
$h' = \tanh(x W_{ih}^\top + b_{ih} + h W_{hh}^\top + b_{hh})$ in PyTorch's convention:
`x` is (N, D), `h` is (N, H), `weight_ih` is (H, D), `weight_hh` is (H, H), both biases are (H,).
Return an array of shape (N, H).
""",
    starter='''def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """x (N, D), h (N, H), weight_ih (H, D), weight_hh (H, H), bias_ih (H,), bias_hh (H,) -> (N, H)."""
    raise NotImplementedError("compute the next hidden state")
''',
    solution='''def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """x (N, D), h (N, H), weight_ih (H, D), weight_hh (H, H), bias_ih (H,), bias_hh (H,) -> (N, H)."""
    return np.tanh(x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)
''',
    function="rnn_step",
    public=(_rnn_case(1, 2, 3, note="one example, D=2, H=3"), _rnn_case(2, 3, 4, note="a batch of two")),
    hidden=(_rnn_case(3, 5, 4), _rnn_case(4, 2, 6, scale=4.0), _rnn_case(1, 7, 7)),
    mistakes={
        "Forgot a bias: PyTorch adds both bias_ih and bias_hh.": '''def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.tanh(x @ weight_ih.T + h @ weight_hh.T + bias_hh)
''',
        "Forgot the tanh: the step is squashed by tanh.": '''def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
''',
        "Used weight_hh without transposing it: PyTorch stores weights as (out, in), so h @ weight_hh.T.": '''def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.tanh(x @ weight_ih.T + bias_ih + h @ weight_hh + bias_hh)
''',
        "Used a sigmoid where the simple RNN uses tanh.": '''def rnn_step(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    return 1 / (1 + np.exp(-(x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)))
''',
    },
    hint="Check the transposes: weight_ih is (H, D), so x @ weight_ih.T is (N, H).",
)

q3 = Question(
    id="q3", points=1, title="How far does the signal reach?",
    prompt=r"""
If every step back multiplies the learning signal by the same factor $\gamma$ (with $0 < \gamma < 1$),
then $k$ steps back a fraction $\gamma^k$ of it is left. Write `steps_below(gamma, fraction)` returning
the smallest whole number of steps $k \ge 0$ with $\gamma^k < \text{fraction}$, as an int.
For example, with $\gamma = 0.9$ and a fraction of $0.01$: after how many steps does less than one
percent of the signal arrive?
""",
    starter='''def steps_below(gamma, fraction):
    """0 < gamma < 1, 0 < fraction < 1 -> the smallest int k >= 0 with gamma**k < fraction."""
    raise NotImplementedError("count the steps")
''',
    solution='''def steps_below(gamma, fraction):
    """0 < gamma < 1, 0 < fraction < 1 -> the smallest int k >= 0 with gamma**k < fraction."""
    k, signal = 0, 1.0
    while signal >= fraction:
        k, signal = k + 1, signal * gamma
    return k
''',
    function="steps_below",
    public=(Case(args=(0.9, 0.01), note="gamma 0.9, one percent"), Case(args=(0.5, 0.01), note="gamma 0.5")),
    hidden=(Case(args=(0.99, 0.01)), Case(args=(0.999, 0.5)), Case(args=(0.3, 0.2)), Case(args=(0.95, 0.001)),
            Case(args=(0.9, 0.95))),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "Off by one: that is the last step at which the signal is still at or above the fraction; the "
        "question asks for the first step below it.":
            "import math\ndef steps_below(gamma, fraction):\n"
            "    return math.floor(math.log(fraction) / math.log(gamma))\n",
        "Not a whole number of steps: round log(fraction) / log(gamma) to the first k that gets below.":
            "import math\ndef steps_below(gamma, fraction):\n    return math.log(fraction) / math.log(gamma)\n",
        "Off by one in time: counting starts at k = 0 (no step back, the whole signal), not at 1.":
            "import math\ndef steps_below(gamma, fraction):\n"
            "    return math.floor(math.log(fraction) / math.log(gamma)) + 2\n",
    },
    hint="Multiply a signal of 1 by gamma until it is below the fraction, counting the multiplications.",
)

_BPTT = '''def rnn_hidden_grads(x, h0, weight_ih, weight_hh, bias_ih, bias_hh, dhT):
    """x (T, N, D), h0 (N, H), weights and biases as in rnn_step, dhT (N, H) -> (T + 1, N, H):
    out[t] = dL/dh_t for t = 0..T, where L = sum(dhT * h_T)."""
    hs = [h0]
    for x_t in x:  # forward: keep every state, the backward pass needs tanh'(a_t) = 1 - h_t**2
        hs.append(np.tanh(x_t @ weight_ih.T + bias_ih + hs[-1] @ weight_hh.T + bias_hh))
    grads = [dhT]
    for t in range(len(x), 0, -1):
        da = grads[0] * (1 - hs[t] ** 2)
        grads.insert(0, da @ weight_hh)
    return np.stack(grads)
'''


def _bptt_case(T, N, D, H, note="", scale=1.0):
    return Case(args=(*sequence_args(rng, "rnn", T, N, D, H, scale), rng.normal(size=(N, H))), note=note)


q4 = Question(
    id="q4", points=3, title="The gradient on its way back",
    prompt=r"""
Run a tanh RNN forward from $h_0$ over an input `x` of shape (T, N, D), $h_t = \tanh(a_t)$ with
$a_t = W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh}$ for $t = 1, \dots, T$ (as in `rnn_step`), and
take the loss $L = \sum$ `dhT` $\odot\, h_T$, so that $\partial L / \partial h_T$ = `dhT`. Then send the
gradient back with the chapter's rule

$$
\frac{\partial L}{\partial h_{t-1}} = W_{hh}^{\top} \left( \tanh'(a_t) \odot \frac{\partial L}{\partial h_t} \right),
\qquad \tanh'(a_t) = 1 - h_t^2 .
$$

Write `rnn_hidden_grads(x, h0, weight_ih, weight_hh, bias_ih, bias_hh, dhT)` returning an array of
shape (T + 1, N, H) whose entry `[t]` is $\partial L / \partial h_t$ for $t = 0, \dots, T$ (so the last
entry is `dhT`). With the batch in rows, "$W_{hh}^\top$ times a column" becomes "a row times `weight_hh`".
Plot the norms of your result against $T - t$ to see the decay of the chapter.
""",
    starter='''def rnn_hidden_grads(x, h0, weight_ih, weight_hh, bias_ih, bias_hh, dhT):
    """x (T, N, D), h0 (N, H), weights and biases as in rnn_step, dhT (N, H) -> (T + 1, N, H):
    out[t] = dL/dh_t for t = 0..T, where L = sum(dhT * h_T)."""
    raise NotImplementedError("run forward, keep the states, then go back one step at a time")
''',
    solution=_BPTT,
    function="rnn_hidden_grads",
    public=(_bptt_case(3, 1, 2, 3, note="T=3, N=1, D=2, H=3"), _bptt_case(4, 2, 3, 4, note="T=4, a batch of two")),
    hidden=(_bptt_case(1, 1, 1, 1), _bptt_case(6, 3, 2, 5, scale=4.0), _bptt_case(8, 2, 4, 3),
            _bptt_case(2, 4, 3, 6)),
    mistakes={
        "Off by one in time: the step from h_t back to h_(t-1) uses tanh'(a_t) = 1 - h_t**2, the slope at "
        "the state it produced, not 1 - h_(t-1)**2.": variant(_BPTT, ("(1 - hs[t] ** 2)", "(1 - hs[t - 1] ** 2)")),
        "Transpose: with the batch in rows the step back is da @ weight_hh (W_hh transposed, applied to a "
        "column), not da @ weight_hh.T.": variant(_BPTT, ("da @ weight_hh)", "da @ weight_hh.T)")),
        "Forgot the slope of tanh: each step back multiplies by tanh'(a_t) = 1 - h_t**2 before W_hh.":
            variant(_BPTT, ("grads[0] * (1 - hs[t] ** 2)", "grads[0]")),
        "Forgot a bias in the forward pass: the states (and so the slopes) need both bias_ih and bias_hh.":
            variant(_BPTT, ("+ bias_ih ", "")),
    },
    hint="Keep every hidden state of the forward pass; going back, each step passes the gradient "
         "through the slope of tanh at that step's output, then through the recurrent weights.",
)

SET = ExerciseSet(
    id="set01", title="Exercises: the fleeting memory of a simple RNN",
    chapter="chapters/01_fleeting_memory",
    intro="These exercises follow the chapter on the simple RNN. Run the first cell, complete each "
          "question's cell, then run `check(\"q1\")` and so on: it runs the public checks on your answer.",
    setup_code="import numpy as np",
    questions=(q1, q2, q3, q4),
)
