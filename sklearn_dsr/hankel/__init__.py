"""Structured neural networks on the Hankel (time-delay) operator."""

from sklearn_dsr.hankel._stnn import HankelStNNRegressor

__all__ = ["HankelStNNRegressor"]
