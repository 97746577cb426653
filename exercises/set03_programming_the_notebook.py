"""Exercise set 3: programming the notebook, an LSTM cell as a queue (instructor source: solutions and
hidden cases).

Student notebooks are generated from this file (``lstm-grade release``); never edit them by hand.
The format is described in exercises/README.md and lstmlib/grading/spec.py.
"""
import numpy as np

from lstmlib.exercise_cases import variant
from lstmlib.grading.spec import Case, ExerciseSet, Question

_SETUP = '''import numpy as np


def instructions(i, f, g, o):
    """Stack the four blocks of pre-activations in PyTorch's gate order: one input x_t of shape (1, 4K)."""
    return np.concatenate([i, f, g, o])[None, :]
'''

_READ_BACK = '''def read_back(value, shifts):
    """The number a dequeue returns for `value` that waited through `shifts` shifts (ideal gates)."""
    out = value
    for _ in range(2 * shifts + 2):   # in: candidate tanh; each shift: read tanh + write tanh; out: read tanh
        out = np.tanh(out)
    return float(out)
'''

q1 = Question(
    id="q1", points=1, title="What comes back",
    prompt=r"""
In the chapter's queue a value passes through $\tanh$ when it is written (the candidate
$g = \tanh(v)$), when it is read ($h = \tanh(c)$ through the open output gate), and twice more for every
shift it waits through (a read, then a write into the slot in front). Treat every gate as exactly open
or closed. Write `read_back(value, shifts)` returning, as a float, the number that a dequeue returns for
a `value` that waited through `shifts` shifts before it reached slot 0. For example 0.9 with no shift
comes back as $\tanh(\tanh(0.9))$.
""",
    starter='''def read_back(value, shifts):
    """The number a dequeue returns for `value` that waited through `shifts` shifts (ideal gates)."""
    raise NotImplementedError("count the tanh's")
''',
    solution=_READ_BACK,
    function="read_back",
    public=(Case(args=(0.9, 0), note="0.9, no shift"), Case(args=(0.9, 1), note="0.9 after one shift")),
    hidden=(Case(args=(0.3, 3)), Case(args=(3.0, 0)), Case(args=(-0.5, 2)), Case(args=(2.0, 7))),
    mistakes={
        "Off by one: the value also passes through tanh once on the way in and once on the way out, "
        "2 * shifts + 2 times in all, not 2 * shifts + 1.": variant(_READ_BACK, ("2 * shifts + 2", "2 * shifts + 1")),
        "Each shift is two passes through tanh (a read, then a write), not one.":
            variant(_READ_BACK, ("2 * shifts + 2", "shifts + 2")),
        "The loss compounds: every shift adds two more passes through tanh.":
            variant(_READ_BACK, ("2 * shifts + 2", "2")),
    },
    hint="0.9 with no shift: tanh(tanh(0.9)) = 0.6146.",
)


_ENQUEUE = '''def enqueue_step(value, n, K, B):
    """Pre-activations (1, 4K) that write `value` into free slot n of a K-slot queue, gates +-B."""
    i = np.full(K, -B); i[n] = B          # input gate open at slot n only
    f = np.full(K, B); f[n] = -B          # keep the other slots; clear slot n
    g = np.zeros(K); g[n] = value         # the candidate's pre-activation: g = tanh(value) at slot n
    return instructions(i, f, g, np.full(K, -B))
'''


_QUEUE = (
    "Questions 2 to 4 use the chapter's queue cell. It has $H = K$ units, one per slot (slot 0 holds the "
    "oldest value), and its input $x_t$ carries the gate pre-activations directly: $W_{ih}$ is the "
    "$4K \\times 4K$ identity and both biases are zero, so $x_t = (a^i, a^f, a^g, a^o)$, four blocks of $K$ "
    "numbers in PyTorch's order $i, f, g, o$, of shape (1, 4K). A pre-activation of $+B$ opens a gate, $-B$ "
    "closes it. The first cell defines `instructions(i, f, g, o)`, which stacks the four blocks."
)

q2 = Question(
    id="q2", points=2, title="Instructions for an enqueue",
    prompt=r"""
Write `enqueue_step(value, n, K, B)` returning the instructions (1, 4K) of the step of the queue cell
(see the introduction) that writes `value` into the free slot `n` and leaves every other slot as it
is. The input gate is open at slot `n` only; the forget gate is closed at slot `n` (the slot is
cleared first) and open everywhere else; the candidate's pre-activation is `value` at slot `n` and 0
elsewhere; the output gates are closed.
""",
    starter='''def enqueue_step(value, n, K, B):
    """Pre-activations (1, 4K) that write `value` into free slot n of a K-slot queue, gates +-B."""
    raise NotImplementedError("set i, f, g, o for slot n")
''',
    solution=_ENQUEUE,
    function="enqueue_step",
    public=(Case(args=(0.9, 0, 4, 20.0), note="0.9 into slot 0 of 4"), Case(args=(-0.5, 2, 3, 20.0), note="slot 2 of 3")),
    hidden=(Case(args=(0.7, 0, 1, 20.0)), Case(args=(1.5, 4, 5, 10.0)), Case(args=(-2.0, 1, 2, 30.0))),
    mistakes={
        "Gate order: PyTorch stacks the blocks i, f, g, o; you stacked i, f, o, g (CS231n's order).":
            variant(_ENQUEUE, ("return instructions(i, f, g, np.full(K, -B))",
                               "return np.concatenate([i, f, np.full(K, -B), g])[None, :]")),
        "Slot n must be cleared: close its forget gate (-B), so that c = 0 * old + 1 * tanh(value).":
            variant(_ENQUEUE, ("f[n] = -B", "f[n] = B")),
        "The candidate applies tanh itself: its pre-activation is the value, not tanh(value).":
            variant(_ENQUEUE, ("g[n] = value", "g[n] = np.tanh(value)")),
    },
    hint="Start from all-closed input gates, all-open forget gates and zero candidates, then change slot n.",
)

_SHIFT = '''def shift_step(n, K, B):
    """Pre-activations (1, 4K) of the shift after reading a queue that held n values, gates +-B."""
    i = np.full(K, -B); i[:n - 1] = B     # slots 0..n-2 receive the reading of the slot behind them
    return instructions(i, np.full(K, -B), np.zeros(K), np.full(K, -B))
'''

q3 = Question(
    id="q3", points=2, title="Instructions for the shift",
    prompt=r"""
A dequeue of the queue cell (see the introduction) takes two steps: a read (all output gates open,
nothing else changes), then a shift. The candidate block of $W_{hh}$ has ones just above its diagonal,
so the candidate's pre-activation at slot $k$ receives the reading $h_{t-1,k+1}$ of the slot behind it.
Write `shift_step(n, K, B)` for a queue that held `n` values before the read. Return the instructions
(1, 4K) that wipe every slot (all forget gates closed), open the input gate at the slots that receive a
value, that is for the `n - 1` values that stay, and keep the candidate's own pre-activations at 0 and
the output gates closed.
""",
    starter='''def shift_step(n, K, B):
    """Pre-activations (1, 4K) of the shift after reading a queue that held n values, gates +-B."""
    raise NotImplementedError("wipe every slot, open the input gate where a value arrives")
''',
    solution=_SHIFT,
    function="shift_step",
    public=(Case(args=(3, 4, 20.0), note="3 of 4 slots full"), Case(args=(1, 3, 20.0), note="one value left")),
    hidden=(Case(args=(1, 1, 20.0)), Case(args=(5, 5, 10.0)), Case(args=(2, 6, 30.0))),
    mistakes={
        "Off by one: after the read n - 1 values stay, moving into slots 0..n-2; slot n-1 receives nothing.":
            variant(_SHIFT, ("i[:n - 1] = B", "i[:n] = B")),
        "The shift must wipe the slots (forget gates closed), or each moved value is added to the old one.":
            variant(_SHIFT, ("instructions(i, np.full(K, -B),", "instructions(i, np.full(K, B),")),
        "Gate order: PyTorch stacks the blocks i, f, g, o; you stacked i, f, o, g (CS231n's order).":
            variant(_SHIFT, ("return instructions(i, np.full(K, -B), np.zeros(K), np.full(K, -B))",
                             "return np.concatenate([i, np.full(K, -B), np.full(K, -B), np.zeros(K)])[None, :]")),
    },
    hint="A queue that held 3 values keeps 2 after the read: they move into slots 0 and 1.",
)

_DEQUEUE_ALL = '''def dequeue_all(values, K, B):
    """Enqueue `values` (len <= K) into an empty K-slot queue cell, then dequeue them all -> readings (len,)."""
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def block(n_open, first_open=0):
        z = np.full(K, -B)
        z[first_open:n_open] = B
        return z

    weight_hh = np.zeros((4 * K, K))
    weight_hh[2 * K:3 * K] = np.eye(K, k=1)        # candidate of slot k <- reading of slot k + 1

    def step(x, h, c):                             # W_ih = identity, zero biases: x holds the pre-activations
        a = x + h @ weight_hh.T
        i, f, g, o = sigmoid(a[:, :K]), sigmoid(a[:, K:2 * K]), np.tanh(a[:, 2 * K:3 * K]), sigmoid(a[:, 3 * K:])
        c = f * c + i * g
        return o * np.tanh(c), c

    h, c = np.zeros((1, K)), np.zeros((1, K))
    for n, v in enumerate(values):
        i, f, g = block(n + 1, n), -block(n + 1, n), np.zeros(K)
        g[n] = v
        h, c = step(np.concatenate([i, f, g, np.full(K, -B)])[None, :], h, c)
    readings = []
    for n in range(len(values), 0, -1):
        h, c = step(np.concatenate([np.full(K, -B), np.full(K, B), np.zeros(K), np.full(K, B)])[None, :], h, c)
        readings.append(h[0, 0])
        h, c = step(np.concatenate([block(n - 1), np.full(K, -B), np.zeros(K), np.full(K, -B)])[None, :], h, c)
    return np.array(readings)
'''

q4 = Question(
    id="q4", points=3, title="Run the queue",
    prompt=r"""
Now run the queue cell of the introduction. Write `dequeue_all(values, K, B)`: start from
$h = c = 0$ of shape (1, K), enqueue the numbers in `values` one per cell step (into slots 0, 1, ...),
then dequeue until the queue is empty
(each dequeue is a read step followed by a shift step) and return the array of the dequeued readings
$h_{t,0}$, in order. Use a real LSTM step, $c_t = f_t \odot c_{t-1} + i_t \odot g_t$,
$h_t = o_t \odot \tanh(c_t)$, with pre-activations $a_t = x_t + W_{hh} h_{t-1}$ and the $W_{hh}$ of q3:
with a small $B$ the gates leak, and your readings should show it. `len(values) <= K`.
""",
    starter='''def dequeue_all(values, K, B):
    """Enqueue `values` (len <= K) into an empty K-slot queue cell, then dequeue them all -> readings (len,)."""
    raise NotImplementedError("build W_hh, then run enqueue, read and shift steps through an LSTM step")
''',
    solution=_DEQUEUE_ALL,
    function="dequeue_all",
    public=(Case(args=(np.array([0.9]), 4, 20.0), note="0.9 in and out"),
            Case(args=(np.array([0.9, 0.5, -0.3]), 4, 20.0), note="three values, K=4")),
    hidden=(Case(args=(np.array([2.0, -1.0, 0.5, 0.1, -0.7]), 5, 20.0)), Case(args=(np.array([0.4]), 1, 20.0)),
            Case(args=(np.array([1.0, 1.0, 1.0]), 3, 6.0)), Case(args=(np.array([-0.2, 0.6]), 6, 20.0))),
    mistakes={
        "The loss compounds: a value that waited through s shifts comes back through 2s + 2 tanh's, not "
        "always two.": "def dequeue_all(values, K, B):\n    return np.tanh(np.tanh(np.asarray(values, float)))\n",
        "A dequeue reads h = o * tanh(c), not the cell state c: one tanh is missing on the way out.":
            variant(_DEQUEUE_ALL, ("readings.append(h[0, 0])", "readings.append(c[0, 0])")),
        "The shift must wipe the slots (forget gates closed), or each moved value is added to the old one.":
            variant(_DEQUEUE_ALL, ("[block(n - 1), np.full(K, -B),", "[block(n - 1), np.full(K, B),")),
    },
    hint="0.9 alone comes back as about 0.6146; after the read, the shift writes tanh(h[k+1]) into slot k.",
)

SET = ExerciseSet(
    id="set03", title="Exercises: programming the notebook",
    chapter="chapters/03_programming_the_notebook",
    intro="These exercises follow the chapter that turns one LSTM cell into a queue by setting its gates by "
          "hand. Run the first cell, complete each question's cell, then run `check(\"q1\")` and so on: it "
          "runs the public checks on your answer.\n\n" + _QUEUE,
    setup_code=_SETUP,
    questions=(q1, q2, q3, q4),
)
