"""lstmlib: the small library behind the book *Long Short-Term Memory, from First Principles*.

NumPy implementations of the simple RNN, the LSTM, the GRU and attention, with hand-written backward
passes that match PyTorch, plus the data generators, PyTorch models and plotting style the chapters use.
"""
from .data import (IGNORE_INDEX, adding_baseline_mse, adding_problem, disruption_signal, fifo_program,
                   lag_recall, run_fifo_reference)
from .style import COLORS, GATE_COLORS, model_color, use_book_style
# Recurrent cells (NumPy, backward passes matching torch) and their parameters.
from .activations import sigmoid
from .gradcheck import check_gradients, numerical_gradient, rel_error
from .gru import gru_backward, gru_forward, gru_step, gru_step_backward
from .lstm import lstm_backward, lstm_forward, lstm_step, lstm_step_backward
from .params import init_params, params_from_torch, params_to_torch
from .rnn import rnn_backward, rnn_forward, rnn_step, rnn_step_backward

__version__ = "0.1.0"
