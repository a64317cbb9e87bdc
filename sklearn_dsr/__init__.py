"""Dynamical systems reconstruction (DSR) as scikit-learn estimators.

``import sklearn_dsr`` is cheap: estimators and subpackages are loaded on first
access (PEP 562), so torch, qiskit and pysindy are imported only by the families
that need them.

Examples
--------
>>> import sklearn_dsr
>>> from sklearn_dsr.datasets import make_lorenz63
>>> X = make_lorenz63(n_steps=2000, dt=0.02, random_state=0)
>>> model = sklearn_dsr.NGRCRegressor(dt=0.02).fit(X)
>>> model.simulate(100).shape
(100, 3)
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import importlib

__version__ = "0.1.0"

_SUBMODULES = [
    "analysis",
    "base",
    "cli",
    "datasets",
    "hankel",
    "koopman",
    "metrics",
    "persistence",
    "preprocessing",
    "reservoir",
    "rnn",
    "sindy",
    "utils",
]

# public name -> module that defines it
_LAZY_ATTRIBUTES = {
    "ALRNNRegressor": "sklearn_dsr.rnn",
    "HAVOKRegressor": "sklearn_dsr.koopman",
    "HankelStNNRegressor": "sklearn_dsr.hankel",
    "KoopmanRegressor": "sklearn_dsr.koopman",
    "KoopmanVAERegressor": "sklearn_dsr.koopman",
    "SINDyRegressor": "sklearn_dsr.sindy",
    "ShallowPLRNNRegressor": "sklearn_dsr.rnn",
    "ReservoirRegressor": "sklearn_dsr.reservoir",
    "NGRCRegressor": "sklearn_dsr.reservoir",
    "QuantumReservoirRegressor": "sklearn_dsr.reservoir",
    "forecast": "sklearn_dsr._rollout",
    "load": "sklearn_dsr.persistence",
    "save": "sklearn_dsr.persistence",
    "simulate": "sklearn_dsr._rollout",
}

__all__ = [*_SUBMODULES, *_LAZY_ATTRIBUTES, "__version__"]


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"sklearn_dsr.{name}")
    if name in _LAZY_ATTRIBUTES:
        return getattr(importlib.import_module(_LAZY_ATTRIBUTES[name]), name)
    raise AttributeError(f"module 'sklearn_dsr' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
