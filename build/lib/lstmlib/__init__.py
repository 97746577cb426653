"""lstmlib: the small library behind the book *Long Short-Term Memory, from First Principles*.

NumPy implementations of the simple RNN, the LSTM, the GRU and attention, with hand-written backward
passes that match PyTorch, plus the data generators, PyTorch models and plotting style the chapters use.
"""
from .data import (IGNORE_INDEX, adding_baseline_mse, adding_problem, disruption_signal, fifo_program,
                   lag_recall, run_fifo_reference)
# Attention (NumPy), streaming cost, the hand-set FIFO cell. Torch models, training and the sliders
# stay submodules (lstmlib.torch_models, lstmlib.training, lstmlib.interactive): importing lstmlib
# should not pull in torch or IPython.
from .attention import (attention_backward, attention_forward, causal_mask, init_attention_params,
                        scaled_dot_product_attention, self_attention_backward, self_attention_forward,
                        sinusoidal_positions)
from .fifo import FifoLSTM, fifo_input, fifo_params
from .streaming import AttentionStream, LSTMStream
from .style import COLORS, GATE_COLORS, model_color, use_book_style
# Recurrent cells (NumPy, backward passes matching torch) and their parameters.
from .activations import sigmoid
from .gradcheck import check_gradients, numerical_gradient, rel_error
from .gru import gru_backward, gru_forward, gru_step, gru_step_backward
from .lstm import lstm_backward, lstm_forward, lstm_step, lstm_step_backward
# Whole torch.nn.RNN / GRU / LSTM modules (layers, directions, batch_first) on top of those cells.
from .nn_mirror import numpy_backward, numpy_forward
from .params import init_params, params_from_torch, params_to_torch
from .rnn import rnn_backward, rnn_forward, rnn_step, rnn_step_backward

__version__ = "0.1.0"
