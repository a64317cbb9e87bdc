"""Latent piecewise-linear RNNs trained with teacher forcing (torch + skorch)."""

from sklearn_dsr.rnn._alrnn import ALRNNRegressor
from sklearn_dsr.rnn._shplrnn import ShallowPLRNNRegressor

__all__ = ["ALRNNRegressor", "ShallowPLRNNRegressor"]
