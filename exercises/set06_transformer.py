"""Exercise set 6: the Transformer, attention and its streaming cost (instructor source: solutions and
hidden cases).

Student notebooks are generated from this file (``lstm-grade release``); never edit them by hand.
The format is described in exercises/README.md and lstmlib/grading/spec.py.
"""
import numpy as np

from lstmlib.exercise_cases import variant
from lstmlib.grading.spec import Case, Comparison, ExerciseSet, Question

rng = np.random.default_rng(606)

_ATTN = '''def causal_attention(q, k, v):
    """q, k, v (N, T, E) -> (out (N, T, E), weights (N, T, T)); position t attends to positions s <= t."""
    T, E = q.shape[1], q.shape[2]
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(E)           # (N, T, T): row t = query t
    future = np.triu(np.ones((T, T), dtype=bool), k=1)        # s > t
    scores = np.where(future, -np.inf, scores)
    scores = scores - scores.max(axis=-1, keepdims=True)      # for exp: the largest score becomes 0
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights
'''


def _qkv(N, T, E, note="", scale=1.0):
    return Case(args=tuple(scale * rng.normal(size=(N, T, E)) for _ in range(3)), note=note)


q1 = Question(
    id="q1", points=3, title="Causal scaled dot-product attention",
    prompt=r"""
Write `causal_attention(q, k, v)` for queries, keys and values of shape (N, T, E) (a batch of $N$
sequences of $T$ positions with $E$ features). Return the tuple `(out, weights)`: the weights

$$
\alpha_{ts} = \frac{\exp(q_t \cdot k_s / \sqrt{E})}{\sum_{s' \le t} \exp(q_t \cdot k_{s'} / \sqrt{E})}
\quad\text{for } s \le t, \qquad \alpha_{ts} = 0 \quad\text{for } s > t,
$$

of shape (N, T, T) (row $t$ is query $t$), and `out[:, t]` $= \sum_s \alpha_{ts} v_s$, of shape
(N, T, E). Subtract each row's largest score before `np.exp` so that large scores do not overflow.
""",
    starter='''def causal_attention(q, k, v):
    """q, k, v (N, T, E) -> (out (N, T, E), weights (N, T, T)); position t attends to positions s <= t."""
    raise NotImplementedError("scores, causal mask, softmax over keys, weighted sum of values")
''',
    solution=_ATTN,
    function="causal_attention",
    public=(_qkv(1, 3, 2, note="N=1, T=3, E=2"), _qkv(2, 4, 4, note="a batch of two, T=4, E=4")),
    hidden=(_qkv(1, 1, 1), _qkv(3, 5, 8, scale=3.0), _qkv(2, 6, 3), _qkv(1, 7, 16, scale=10.0), _qkv(2, 5, 5)),
    mistakes={
        "Missing the scale: the scores are q . k / sqrt(E), not q . k.":
            variant(_ATTN, (" / np.sqrt(E)", "")),
        "The scale is 1 / sqrt(E), not 1 / E.": variant(_ATTN, ("/ np.sqrt(E)", "/ E")),
        "Missing the causal mask: position t must not attend to positions s > t.":
            variant(_ATTN, ("scores = np.where(future, -np.inf, scores)", "scores = 1 * scores")),
        "Off by one in the mask: position t may attend to s <= t, not to s = t + 1.":
            variant(_ATTN, ("k=1)", "k=2)")),
        "Softmax over the wrong axis: each query's weights (a row) sum to 1, over the keys (the last axis).":
            variant(_ATTN, ("scores.max(axis=-1, keepdims=True)", "scores.max(axis=1, keepdims=True)"),
                    ("weights.sum(axis=-1, keepdims=True)", "weights.sum(axis=1, keepdims=True)")),
        "Missing transpose: the scores are q @ k^T, with k's last two axes swapped.":
            variant(_ATTN, ("q @ k.transpose(0, 2, 1)", "q @ k")),
    },
    hint="Scale the scores before you mask them, mask the future with a value whose exponential is 0, "
         "and normalize each query's row over the keys.",
)

_ATT_COST = '''def attention_step_macs(S, E):
    """Multiply-adds of one streaming step of single-head attention with a K/V cache, S positions attended."""
    projections = 4 * E * E        # q, k, v of the new point, and the output projection
    lookup = 2 * S * E             # scores q . k_s and the weighted sum of the values v_s
    return projections + lookup
'''

q2 = Question(
    id="q2", points=1, title="The cost of one attention step",
    prompt=r"""
A causal attention layer with width $E$ answers a new point of a stream. With a K/V cache it computes the
query, key and value of the new point ($3E^2$ multiply-adds), scores the query against the $S$ cached
keys (the new one included) and mixes the $S$ values, then applies the output projection ($E^2$). Count,
as the chapter does, only matrix products and elementwise products, and no softmax or bias. Write
`attention_step_macs(S, E)` returning the multiply-adds of that step (an int).
""",
    starter='''def attention_step_macs(S, E):
    """Multiply-adds of one streaming step of single-head attention with a K/V cache, S positions attended."""
    raise NotImplementedError("projections plus the look-up")
''',
    solution=_ATT_COST,
    function="attention_step_macs",
    public=(Case(args=(10, 4), note="S=10, E=4"), Case(args=(64, 32), note="S=64, E=32")),
    hidden=(Case(args=(1, 1)), Case(args=(4096, 32)), Case(args=(1000, 64)), Case(args=(7, 128))),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "Forgot the output projection: 4E^2 counts q, k, v and the output map.":
            variant(_ATT_COST, ("4 * E * E", "3 * E * E")),
        "The look-up is two products per cached point: scores (SE) and the weighted sum of values (SE).":
            variant(_ATT_COST, ("2 * S * E", "S * E")),
        "That is the cost without the cache: with it, the keys and values of the history are not recomputed.":
            variant(_ATT_COST, ("projections + lookup", "projections + lookup + 2 * S * E * E")),
    },
    hint="List every product the step computes and its size; which of them grow with S, and by how "
         "much per cached position?",
)

_LSTM_COST = '''def lstm_step_macs(D, H, S):
    """Multiply-adds of one LSTM step at a history of S points: W_ih x and W_hh h for four gate blocks,
    then f*c, i*g, o*tanh(c)."""
    return 4 * H * (D + H) + 3 * H    # S does not enter: the state (h, c) has the same size at every step
'''

q3 = Question(
    id="q3", points=1, title="The cost of one LSTM step",
    prompt=r"""
Count the same way for an LSTM with input size $D$ and hidden size $H$: the products $W_{ih} x_t$ and
$W_{hh} h_{t-1}$ for all gate blocks, and the three elementwise products $f \odot c$, $i \odot g$ and
$o \odot \tanh(c)$. Write `lstm_step_macs(D, H, S)` returning the multiply-adds of one step (an int) when
$S$ points of the stream have been read, the new one included, as in q2. Does the cost depend on $S$?
Your function answers that, and the checks, which try several $S$, tell you whether it answers right.
""",
    starter='''def lstm_step_macs(D, H, S):
    """Multiply-adds of one LSTM step at a history of S points: W_ih x and W_hh h for four gate blocks,
    then f*c, i*g, o*tanh(c)."""
    raise NotImplementedError("two matrix products over four blocks, three elementwise products")
''',
    solution=_LSTM_COST,
    function="lstm_step_macs",
    public=(Case(args=(2, 3, 1), note="D=2, H=3, the first point"), Case(args=(2, 3, 100), note="D=2, H=3, S=100"),
            Case(args=(32, 32, 10), note="D=H=32, S=10")),
    hidden=(Case(args=(1, 1, 1)), Case(args=(4, 16, 5000)), Case(args=(128, 256, 3)), Case(args=(300, 7, 64))),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        "The LSTM step does not grow with the history: it reads only x_t and its fixed-size state (h, c), "
        "so S does not enter its cost (attention's look-up is what grows with S).":
            variant(_LSTM_COST, (" + 3 * H    #", " + 3 * H + 2 * S * H    #")),
        "Forgot the three elementwise products f*c, i*g and o*tanh(c): 3H more.":
            variant(_LSTM_COST, (" + 3 * H", "")),
        "The LSTM has four gate blocks (i, f, g, o), each with its own rows of W_ih and W_hh.":
            variant(_LSTM_COST, ("4 * H * (D + H)", "3 * H * (D + H)")),
        "W_ih is (4H, D) and W_hh is (4H, H): the products cost 4HD + 4H^2, not 4HD + H^2.":
            variant(_LSTM_COST, ("4 * H * (D + H)", "4 * H * D + H * H")),
    },
    hint="How many rows do W_ih and W_hh have, and how many numbers does each row read? Then add "
         "the elementwise products, H each.",
)

_CROSS = '''D = H = E = 64
lstm = 4 * H * (D + H) + 3 * H
S = 1
while 4 * E * E + 2 * S * E <= lstm:    # the first history length at which attention costs more
    S += 1
answer_q4 = S
'''


def _crossing(code: str) -> int:
    """answer_q4 of ``code``: the feedback below is computed from the mistake itself, not typed."""
    ns: dict = {}
    exec(code, ns)
    return ns["answer_q4"]


_CROSS_NO_ELEMENTWISE = variant(_CROSS, ("lstm = 4 * H * (D + H) + 3 * H", "lstm = 4 * H * (D + H)"))
_SHIFT = _crossing(_CROSS) - _crossing(_CROSS_NO_ELEMENTWISE)

q4 = Question(
    id="q4", points=1, title="When attention costs more",
    prompt=r"""
Take an LSTM with $D = H = 64$ and an attention layer with a K/V cache and $E = 64$, counted as in q2
and q3. At a history of $S$ points (the new one included) the attention step costs $4E^2 + 2SE$
multiply-adds and the LSTM step a constant. What is the smallest whole $S$ at which one attention step
costs strictly more than one LSTM step? Assign it to `answer_q4`.
""",
    starter="answer_q4 = None  # an int\n",
    solution=_CROSS,
    variable="answer_q4",
    answer_range=(1, 10_000),
    compare=Comparison(rtol=0.0, atol=0.0),
    mistakes={
        f"Forgot the LSTM's three elementwise products (3H), which move the crossing {_SHIFT} "
        f"point{'s' if _SHIFT != 1 else ''} earlier.": _CROSS_NO_ELEMENTWISE,
        "That counts attention without the output projection (4E^2, not 3E^2).":
            variant(_CROSS, ("while 4 * E * E", "while 3 * E * E")),
        "That is attention without a cache, which recomputes the history's keys and values (2SE^2 more).":
            variant(_CROSS, ("+ 2 * S * E <=", "+ 2 * S * E + 2 * S * E * E <=")),
    },
    hint="Your functions of q2 and q3 give both costs; look for the first S at which attention is "
         "strictly dearer (a loop over S is fine).",
)

_ATTN_BACK = '''def causal_attention_backward(dout, q, k, v):
    """Gradients of L = sum(dout * out) for out of causal_attention(q, k, v). dout, q, k, v (N, T, E)
    -> (dq, dk, dv), each (N, T, E)."""
    T, E = q.shape[1], q.shape[2]
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(E)
    scores = np.where(np.triu(np.ones((T, T), dtype=bool), k=1), -np.inf, scores)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = weights / weights.sum(axis=-1, keepdims=True)
    dv = weights.transpose(0, 2, 1) @ dout
    dw = dout @ v.transpose(0, 2, 1)
    ds = weights * (dw - (dw * weights).sum(axis=-1, keepdims=True))   # softmax backward, row by row
    dq = ds @ k / np.sqrt(E)
    dk = ds.transpose(0, 2, 1) @ q / np.sqrt(E)
    return dq, dk, dv
'''


def _attn_back_case(N, T, E, note="", scale=1.0):
    return Case(args=(rng.normal(size=(N, T, E)), *(scale * rng.normal(size=(N, T, E)) for _ in range(3))), note=note)


q5 = Question(
    id="q5", points=3, title="Attention backward",
    prompt=r"""
Write `causal_attention_backward(dout, q, k, v)`: the gradients of $L = \sum$ `dout` $\odot$ `out`, where
`out` is the output of your `causal_attention(q, k, v)` from q1. Return the tuple `(dq, dk, dv)`, each of
shape (N, T, E). Recompute the forward pass inside the function. With $\alpha$ the weights and
$s_{ts} = q_t \cdot k_s / \sqrt{E}$ the scores, the softmax's backward pass for one row is
$\partial L/\partial s_{ts} = \alpha_{ts} \bigl(\partial L/\partial \alpha_{ts} - \sum_{s'} \alpha_{ts'}\,
\partial L/\partial \alpha_{ts'}\bigr)$; masked positions have $\alpha_{ts} = 0$ and get no gradient.
""",
    starter='''def causal_attention_backward(dout, q, k, v):
    """Gradients of L = sum(dout * out) for out of causal_attention(q, k, v). dout, q, k, v (N, T, E)
    -> (dq, dk, dv), each (N, T, E)."""
    raise NotImplementedError("forward again, then back through the weighted sum, the softmax and the scores")
''',
    solution=_ATTN_BACK,
    function="causal_attention_backward",
    public=(_attn_back_case(1, 3, 2, note="N=1, T=3, E=2"), _attn_back_case(2, 4, 3, note="a batch of two")),
    hidden=(_attn_back_case(1, 1, 1), _attn_back_case(3, 5, 8, scale=2.0), _attn_back_case(2, 6, 4)),
    mistakes={
        "Missing the scale on the way back: the scores are q . k / sqrt(E), so dq and dk carry 1 / sqrt(E).":
            variant(_ATTN_BACK, ("dq = ds @ k / np.sqrt(E)", "dq = ds @ k"),
                    ("dk = ds.transpose(0, 2, 1) @ q / np.sqrt(E)", "dk = ds.transpose(0, 2, 1) @ q")),
        "Softmax backward: each row's weights sum to 1, so subtract the weighted mean, "
        "ds = w * (dw - sum(dw * w)), not w * dw.":
            variant(_ATTN_BACK, ("weights * (dw - (dw * weights).sum(axis=-1, keepdims=True))", "weights * dw")),
        "Missing transpose: key s receives the gradient of column s of the scores, dk = ds^T q.":
            variant(_ATTN_BACK, ("dk = ds.transpose(0, 2, 1) @ q", "dk = ds @ q")),
        "Missing the causal mask in the forward pass: position t must not attend to positions s > t.":
            variant(_ATTN_BACK, ("scores = np.where(np.triu(np.ones((T, T), dtype=bool), k=1), -np.inf, scores)",
                                 "scores = 1 * scores")),
    },
    hint="Go back in the reverse order of the forward pass: the weighted sum gives dv and the "
         "gradient on the weights, the softmax formula turns that into the gradient on the scores, "
         "and the scores are a scaled product of q and k.",
)

SET = ExerciseSet(
    id="set06", title="Exercises: attention and its streaming cost",
    chapter="chapters/06_transformer",
    intro="These exercises follow the chapter on the Transformer. Attention inputs are batches (N, T, E); "
          "costs are counted in multiply-adds, as `lstmlib.streaming` counts them. Run the first cell, "
          "complete each question's cell, then run `check(\"q1\")` and so on: it runs the public checks on "
          "your answer.",
    setup_code="import numpy as np",
    questions=(q1, q2, q3, q4, q5),
)
