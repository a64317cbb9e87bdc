"""Benchmark dynamical systems: fast generators and their reference invariants.

``make_<system>`` integrates a built-in system with a fixed-step RK4 scheme
(sub-stepped to each system's ``max_step``); :func:`get_system` returns its
equations, parameters, largest Lyapunov exponent and period; :func:`load_dysts`
reaches the dysts database when that package is installed.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn_dsr.datasets._dysts import load_dysts
from sklearn_dsr.datasets._generators import (
    make_chua,
    make_duffing,
    make_lorenz63,
    make_lorenz96,
    make_lotka_volterra,
    make_mackey_glass,
    make_rossler,
    make_system,
    make_van_der_pol,
)
from sklearn_dsr.datasets._systems import DynamicalSystem, get_system, list_systems
from sklearn_dsr.datasets._windows import make_sines, random_windows

__all__ = [
    "DynamicalSystem",
    "get_system",
    "list_systems",
    "load_dysts",
    "make_chua",
    "make_duffing",
    "make_lorenz63",
    "make_lorenz96",
    "make_lotka_volterra",
    "make_mackey_glass",
    "make_rossler",
    "make_sines",
    "make_system",
    "make_van_der_pol",
    "random_windows",
]
