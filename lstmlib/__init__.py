"""lstmlib: the small library behind the book *Long Short-Term Memory, from First Principles*.

NumPy implementations of the simple RNN, the LSTM, the GRU and attention, with hand-written backward
passes that match PyTorch, plus the data generators, PyTorch models and plotting style the chapters use.
"""
from .style import COLORS, GATE_COLORS, model_color, use_book_style

__version__ = "0.1.0"
