"""Reservoir computing: echo-state networks, next-generation RC, quantum reservoirs."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn_dsr.reservoir._esn import ReservoirRegressor
from sklearn_dsr.reservoir._ngrc import NGRCRegressor
from sklearn_dsr.reservoir._quantum import QuantumReservoirRegressor

__all__ = ["NGRCRegressor", "QuantumReservoirRegressor", "ReservoirRegressor"]
