"""Exercise set 7: LSTMs in practice, masks, truncation, padding and reading a measurement (instructor
source: solutions and hidden cases).

Student notebooks are generated from this file (``lstm-grade release``); never edit them by hand.
The format is described in exercises/README.md and lstmlib/grading/spec.py.
"""
import numpy as np

from lstmlib.exercise_cases import cell_params, variant
from lstmlib.grading.spec import Case, Comparison, ExerciseSet, Question

rng = np.random.default_rng(707)

_MASKED = '''def masked_mse(pred, target, lengths):
    """pred, target (T, N): one value per step of a padded batch; lengths: N ints, the real length of
    each sequence. Returns the mean squared error over the real steps only (a float)."""
    T = pred.shape[0]
    mask = np.arange(T)[:, None] < np.asarray(lengths)[None, :]      # (T, N): True on real steps
    return float(((pred - target) ** 2 * mask).sum() / mask.sum())
'''


def _masked_case(T, lengths, note=""):
    N = len(lengths)
    return Case(args=(rng.normal(size=(T, N)), rng.normal(size=(T, N)), list(lengths)), note=note)


q1 = Question(
    id="q1", points=2, title="A masked loss",
    prompt=r"""
A batch of $N$ sequences of different lengths has been padded to $T$ steps, and a model has made one
prediction per step. Write `masked_mse(pred, target, lengths)`: `pred` and `target` are (T, N) arrays,
`lengths` holds the $N$ real lengths (sequence $n$ occupies steps $0, \dots,$ `lengths[n]` $- 1$).
Return the mean of $(\text{pred} - \text{target})^2$ over the real steps only, as a float: build the
(T, N) mask yourself, without a loop over the sequences.
""",
    starter='''def masked_mse(pred, target, lengths):
    """pred, target (T, N): one value per step of a padded batch; lengths: N ints, the real length of
    each sequence. Returns the mean squared error over the real steps only (a float)."""
    raise NotImplementedError("a (T, N) mask from the lengths, then a mean over the real steps")
''',
    solution=_MASKED,
    function="masked_mse",
    public=(_masked_case(4, [4, 2, 1], note="T=4, lengths 4, 2, 1"),
            _masked_case(5, [3, 5], note="T=5, lengths 3, 5")),
    hidden=(_masked_case(1, [1]), _masked_case(6, [6, 6, 6]), _masked_case(7, [2, 7, 1, 4]),
            _masked_case(9, [9, 3, 5, 1, 8])),
    mistakes={
        "The mean over the whole padded array counts the padding: average over the real steps only.":
            variant(_MASKED, ("((pred - target) ** 2 * mask).sum() / mask.sum()", "((pred - target) ** 2).mean()")),
        "Off by one in the mask: a sequence of length L occupies steps 0 .. L - 1 (t < L, not t <= L).":
            variant(_MASKED, ("np.arange(T)[:, None] < np.asarray", "np.arange(T)[:, None] <= np.asarray")),
        "Divide by the number of real steps (the mask's sum), not by the size of the padded array.":
            variant(_MASKED, ("/ mask.sum())", "/ mask.size)")),
    },
    hint="mask[t, n] = t < lengths[n]; the loss is sum(mask * err**2) / sum(mask).",
)

_TRUNC = '''def truncated_grad_w_hh(x, h0, W_ih, W_hh, b, dy, K):
    """A tanh RNN h_t = tanh(W_ih x_t + W_hh h_{t-1} + b) over x (T, N, D) from h0 (N, H); the loss is
    L = sum_t sum(dy[t] * h_t) with dy (T, N, H). Backpropagation is truncated every K steps (chunks
    0..K-1, K..2K-1, ...; the state passed between chunks is detached). Returns dL/dW_hh (H, H)."""
    T = x.shape[0]
    hs = [h0]
    for t in range(T):
        hs.append(np.tanh(x[t] @ W_ih.T + hs[-1] @ W_hh.T + b))
    dW = np.zeros_like(W_hh)
    dh = np.zeros_like(h0)                  # gradient arriving at h_t from step t + 1
    for t in reversed(range(T)):
        if (t + 1) % K == 0:                # step t ends a chunk: nothing flows back into it
            dh = np.zeros_like(h0)
        da = (dh + dy[t]) * (1 - hs[t + 1] ** 2)
        dW += da.T @ hs[t]
        dh = da @ W_hh
    return dW
'''


def _trunc_case(T, N, D, H, K, note=""):
    p = cell_params(rng, "rnn", D, H, scale=2.0)
    return Case(args=(rng.normal(size=(T, N, D)), rng.uniform(-1, 1, size=(N, H)), p["weight_ih"],
                      p["weight_hh"], p["bias_ih"], rng.normal(size=(T, N, H)), K), note=note)


q2 = Question(
    id="q2", points=3, title="Write the truncation",
    prompt=r"""
A tanh RNN reads $x$ of shape (T, N, D) from the state `h0` (N, H):
$h_t = \tanh(W_{ih} x_t + W_{hh} h_{t-1} + b)$ for $t = 0, \dots, T - 1$ (with $h_{-1}$ = `h0`), in
PyTorch's layout: `W_ih` (H, D), `W_hh` (H, H), `b` (H,). The loss is
$L = \sum_t \sum$ `dy[t]` $\odot h_t$ for a given `dy` (T, N, H).

Training uses truncated backpropagation every $K$ steps, as in the chapter: the sequence is cut into
chunks of steps $0..K-1$, $K..2K-1$, and so on (the last may be shorter); each chunk starts from the
previous chunk's final state, detached, and the chunks' gradients are added. Write
`truncated_grad_w_hh(x, h0, W_ih, W_hh, b, dy, K)` returning that gradient with respect to `W_hh`,
shape (H, H). Run the forward pass, then one backward loop over time in which the gradient coming from
the next step is cut where a chunk begins.
""",
    starter='''def truncated_grad_w_hh(x, h0, W_ih, W_hh, b, dy, K):
    """A tanh RNN h_t = tanh(W_ih x_t + W_hh h_{t-1} + b) over x (T, N, D) from h0 (N, H); the loss is
    L = sum_t sum(dy[t] * h_t) with dy (T, N, H). Backpropagation is truncated every K steps (chunks
    0..K-1, K..2K-1, ...; the state passed between chunks is detached). Returns dL/dW_hh (H, H)."""
    raise NotImplementedError("forward, then backward through time with the gradient cut between chunks")
''',
    solution=_TRUNC,
    function="truncated_grad_w_hh",
    public=(_trunc_case(6, 2, 2, 3, 2, note="T=6, K=2"), _trunc_case(5, 1, 3, 2, 3, note="T=5, K=3")),
    hidden=(_trunc_case(1, 1, 1, 1, 1), _trunc_case(7, 3, 2, 4, 3), _trunc_case(8, 2, 3, 3, 1),
            _trunc_case(6, 2, 2, 2, 6), _trunc_case(9, 2, 2, 3, 4)),
    mistakes={
        "No truncation: that is full backpropagation through time; the gradient must stop at each "
        "chunk's first step.":
            variant(_TRUNC, ("if (t + 1) % K == 0:", "if False:")),
        "Off by one: the cut falls between step t and step t + 1 when t + 1 is a multiple of K "
        "(the last step of a chunk receives nothing from the next chunk).":
            variant(_TRUNC, ("if (t + 1) % K == 0:", "if t % K == 0:")),
        "Detaching the state cuts only what comes back from later steps: the chunk's own loss terms "
        "dy[t] still count at every step.":
            variant(_TRUNC, ("""            dh = np.zeros_like(h0)
        da""", """            dh = np.zeros_like(h0)
            continue
        da""")),
        "Missing the slope of tanh: da = (dh + dy[t]) * (1 - h_t^2).":
            variant(_TRUNC, (" * (1 - hs[t + 1] ** 2)", "")),
    },
    hint="Go back over time from the last step; the gradient from the next step is cut exactly when "
         "that next step begins a new chunk, but the step's own loss term still counts.",
)

q3 = Question(
    id="q3", points=1, title="Reading a measurement",
    prompt=r"""
The chapter trains three models on the task $y_t = x_{t-2} + x_{t+2}$, with inputs $x_t$ independent
standard normal numbers. Suppose one such run gave these errors (mean squared error on fresh
sequences): one LSTM layer 0.90, two stacked layers 0.91, one bidirectional layer 0.004. Which statement
does this measurement support?

1. The two-layer model is undertrained: with more steps its extra depth would bring its error below
   the one-layer model's by a wide margin.
2. A model that reads forward cannot know $x_{t+2}$, so its error cannot go below that term's variance,
   1; both forward models are close to that floor, and depth cannot lower it.
3. Bidirectional LSTMs beat unidirectional ones on every sequence task.
4. The one-layer model has learned nothing: its error is what always predicting 0 would score.

Assign the number of the statement to `answer_q3` (an int).
""",
    starter="answer_q3 = None  # 1, 2, 3 or 4\n",
    solution="answer_q3 = 2\n",
    variable="answer_q3",
    answer_range=(1, 4),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "No amount of training lets a model that reads forward predict x_{t+2}: its floor is 1, and "
        "the one-layer model is already near it.": "answer_q3 = 1\n",
        "The measurement covers one task whose answer lies partly in the future; a bidirectional model "
        "cannot even run on a stream it has not finished reading.": "answer_q3 = 3\n",
        "Predicting 0 scores the target's variance, which is 2 (two independent terms of variance 1); "
        "0.9 means the model has learned the past term.": "answer_q3 = 4\n",
    },
    hint="What is the variance of y_t, and how much of it does x_{t+2} alone contribute?",
)

_FLOOR = '''def forward_floor(weights, offsets, variance):
    """The target y_t = sum_k weights[k] * x_{t + offsets[k]}, the x independent with mean 0 and the
    given variance. Returns the smallest mean squared error of any model that reads x only up to x_t."""
    weights, offsets = np.asarray(weights, dtype=float), np.asarray(offsets)
    future = offsets > 0                    # terms the model has not read yet
    return float(variance * np.sum(weights[future] ** 2))
'''

q4 = Question(
    id="q4", points=1, title="The floor for a model that reads forward",
    prompt=r"""
Generalize statement 2 of q3. The target is $y_t = \sum_k w_k\, x_{t + o_k}$ with distinct offsets $o_k$
(negative: the past, 0: the present input, positive: the future), and the $x$ are independent with mean
0 and variance $\sigma^2$. A model that has read $x$ up to and including $x_t$ can know every term with
$o_k \le 0$ exactly, and nothing about the others. Write `forward_floor(weights, offsets, variance)`
returning the smallest mean squared error such a model can reach (a float).
""",
    starter='''def forward_floor(weights, offsets, variance):
    """The target y_t = sum_k weights[k] * x_{t + offsets[k]}, the x independent with mean 0 and the
    given variance. Returns the smallest mean squared error of any model that reads x only up to x_t."""
    raise NotImplementedError("the variance of the part the model cannot know")
''',
    solution=_FLOOR,
    function="forward_floor",
    public=(Case(args=([1.0, 1.0], [-2, 2], 1.0), note="the chapter's task: floor 1"),
            Case(args=([0.5, -2.0, 1.0], [0, 1, 3], 2.0), note="three terms, variance 2")),
    hidden=(Case(args=([3.0], [0], 1.0)), Case(args=([1.0, 2.0, 3.0], [-1, 1, 2], 0.5)),
            Case(args=([-1.5, 0.5], [4, -4], 3.0)), Case(args=([2.0, 2.0, 2.0, 2.0], [-3, -1, 0, 1], 1.0))),
    mistakes={
        "The present input x_t has been read: only offsets greater than 0 are unknown.":
            variant(_FLOOR, ("future = offsets > 0", "future = offsets >= 0")),
        "Variances add as squares of the weights: Var(w x) = w^2 Var(x), and w may be negative.":
            variant(_FLOOR, ("np.sum(weights[future] ** 2)", "np.sum(np.abs(weights[future]))")),
        "Scale by the variance of the inputs.":
            variant(_FLOOR, ("float(variance * np.sum", "float(1.0 * np.sum")),
    },
    hint="The best forward prediction is the known part; the error left is the variance of the rest.",
)

_WASTE = '''def padding_waste(lengths, batch_size, sort=False):
    """Batch the sequences in order (after sorting by length when sort is True), batch_size at a time
    (the last batch may be smaller), pad each batch to its longest sequence. Returns the fraction of
    the cell steps computed that fall on padding (a float)."""
    lengths = np.asarray(lengths)
    if sort:
        lengths = np.sort(lengths)
    computed = 0
    for start in range(0, len(lengths), batch_size):
        batch = lengths[start:start + batch_size]
        computed += len(batch) * batch.max()
    return float(1 - lengths.sum() / computed)
'''


def _waste_case(n, batch_size, sort, note=""):
    return Case(args=(list(map(int, rng.integers(1, 40, size=n))), batch_size, sort), note=note)


q5 = Question(
    id="q5", points=2, title="What padding costs",
    prompt=r"""
A padded batch runs the cell on every one of its $N \cdot T_{\max}$ positions. Write
`padding_waste(lengths, batch_size, sort=False)`: take the sequences in the given order (or sorted by
length when `sort` is True), group them `batch_size` at a time (the last group may be smaller), pad
each group to its own longest sequence, and return the fraction of all computed cell steps that fall
on padding.
""",
    starter='''def padding_waste(lengths, batch_size, sort=False):
    """Batch the sequences in order (after sorting by length when sort is True), batch_size at a time
    (the last batch may be smaller), pad each batch to its longest sequence. Returns the fraction of
    the cell steps computed that fall on padding (a float)."""
    raise NotImplementedError("sum of (batch size x longest in batch) against the real steps")
''',
    solution=_WASTE,
    function="padding_waste",
    public=(Case(args=([5, 1, 3, 2], 2, False), note="lengths 5, 1, 3, 2 in pairs"),
            Case(args=([5, 1, 3, 2], 2, True), note="the same, sorted first"),
            _waste_case(7, 3, False, note="seven sequences, batches of 3")),
    hidden=(Case(args=([4], 1, False)), _waste_case(10, 4, False), _waste_case(10, 4, True),
            _waste_case(33, 8, False), _waste_case(33, 8, True), Case(args=([3, 3, 3], 2, False))),
    mistakes={
        "Each batch is padded to its own longest sequence, not to the longest of all.":
            variant(_WASTE, ("computed += len(batch) * batch.max()",
                             "computed += len(batch) * lengths.max()")),
        "The last batch may be smaller than batch_size: count its real number of sequences.":
            variant(_WASTE, ("computed += len(batch) * batch.max()",
                             "computed += batch_size * batch.max()")),
        "That is the fraction of useful steps; the question asks for the wasted fraction.":
            variant(_WASTE, ("float(1 - lengths.sum() / computed)", "float(lengths.sum() / computed)")),
    },
    hint="[5, 1, 3, 2] in pairs: 2*5 + 2*3 = 16 steps computed for 11 real ones.",
)

SET = ExerciseSet(
    id="set07", title="Exercises: LSTMs in practice",
    chapter="chapters/07_in_practice",
    intro="These exercises follow the chapter on LSTMs in practice: masks for padded batches, truncated "
          "backpropagation, what padding costs, and what a measurement does and does not show. Arrays "
          "are time-major, (T, N, ...), as in `nn.LSTM`'s default layout. Run the first cell, complete "
          "each question's cell, then run `check(\"q1\")` and so on: it runs the public checks on your "
          "answer.",
    setup_code="import numpy as np",
    questions=(q1, q2, q3, q4, q5),
)
