"""A frozen copy of the first version of set01 (two questions), the set the grading corpus is written for:
the corpus must not change when the real exercise sets do. Not part of the book.

Student notebooks are generated from this file (``lstm-grade release``); never edit them by hand.
The format is described in exercises/README.md and lstmlib/grading/spec.py.
"""
import numpy as np

from lstmlib.grading.spec import Case, Comparison, ExerciseSet, Question

rng = np.random.default_rng(101)


def _rnn_case(N, D, H, note="", scale=1.0):
    """Inputs for rnn_step: x (N, D), h (N, H), weight_ih (H, D), weight_hh (H, H), bias_ih, bias_hh (H,)."""
    return Case(args=(rng.normal(size=(N, D)), rng.normal(size=(N, H)),
                      scale * rng.uniform(-1, 1, size=(H, D)), scale * rng.uniform(-1, 1, size=(H, H)),
                      rng.uniform(-1, 1, size=H), rng.uniform(-1, 1, size=H)), note=note)


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
    hidden=(_rnn_case(3, 5, 4), _rnn_case(4, 2, 6, scale=3.0), _rnn_case(1, 7, 7)),
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

SET = ExerciseSet(
    id="set00", title="Exercises: the grading corpus set",
    chapter="chapters/01_fleeting_memory",
    intro="These exercises follow the chapter on the simple RNN. Run the first cell, complete each "
          "question's cell, then run `check(\"q1\")` and so on: it runs the public checks on your answer.",
    setup_code="import numpy as np",
    questions=(q1, q2),
)
