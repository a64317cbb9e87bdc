"""Reservoir computing: echo-state networks and next-generation RC (numpy)."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn_dsr.reservoir._esn import ReservoirRegressor
from sklearn_dsr.reservoir._ngrc import NGRCRegressor

__all__ = ["NGRCRegressor", "ReservoirRegressor"]
