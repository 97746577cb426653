"""The order in which each library stacks the LSTM's four gate blocks, and moving blocks between orders.

Every library stores the four gates' weights as one matrix with 4H rows (or columns), block after
block, but the blocks come in different orders. Named with PyTorch's letters (the candidate is g; Keras
calls it c, TensorFlow 1 calls it j):

    pytorch  i f g o      nn.LSTM: weight_ih (4H, D), weight_hh (4H, H), bias_ih and bias_hh (4H,)
    cudnn    i f g o      the layout PyTorch hands to cuDNN; two biases, as in PyTorch
    keras    i f g o      kernel (D, 4H), recurrent_kernel (H, 4H), one bias (4H,)
    tf1      i g f o      one kernel (D + H, 4H) over [x, h]; one bias; forget_bias added when run
    cs231n   i f o g      Wx (D, 4H), Wh (H, 4H), b (4H,)

reorder_gates moves the blocks of an array from one order to another along one axis.
"""
from __future__ import annotations

import numpy as np

GATE_ORDERS = {"pytorch": "ifgo", "cudnn": "ifgo", "keras": "ifgo", "tf1": "igfo", "cs231n": "ifog"}


def reorder_gates(a, src: str, dst: str, axis: int = 0) -> np.ndarray:
    """Copy of ``a`` with its four gate blocks along ``axis`` moved from order ``src`` to ``dst``.

    src, dst: names in GATE_ORDERS (or four-letter orders such as "ifog"). a's length along axis must
    be 4H. Returns a new array; ``a`` is not changed.
    """
    orders = []
    for name in (src, dst):
        order = GATE_ORDERS.get(name, name)
        if not isinstance(order, str) or sorted(order) != sorted("ifgo"):
            raise ValueError(f"gate order must be one of {sorted(GATE_ORDERS)} or a permutation of "
                             f"'ifgo', got {name!r}")
        orders.append(order)
    a = np.asarray(a)
    if a.ndim == 0 or a.shape[axis] % 4:
        raise ValueError(f"a must have 4H entries along axis {axis}, got shape {a.shape}")
    blocks = dict(zip(orders[0], np.split(a, 4, axis=axis)))
    return np.concatenate([blocks[g] for g in orders[1]], axis=axis)
