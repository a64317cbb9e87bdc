"""Measures of reconstruction quality, with the DSR literature's conventions.

Long-term (attractor) measures: :func:`state_space_divergence` (D_stsp) and
:func:`power_spectrum_distance` (D_H); short-term: :func:`prediction_error`
(PE(n)), :func:`valid_prediction_time` and :func:`smape`; invariants:
:func:`max_lyapunov_exponent`; a fitted model run freely from held-out data:
:func:`evaluate_reconstruction`; generated windows: :func:`discriminative_score`
and :func:`predictive_score`. :func:`get_scorer` turns them into scorers for
``GridSearchCV``.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn_dsr.metrics._generative import discriminative_score, predictive_score
from sklearn_dsr.metrics._geometry import state_space_divergence
from sklearn_dsr.metrics._lyapunov import max_lyapunov_exponent
from sklearn_dsr.metrics._prediction import (
    prediction_error,
    smape,
    valid_prediction_time,
)
from sklearn_dsr.metrics._reconstruction import evaluate_reconstruction
from sklearn_dsr.metrics._scorer import DSRScorer, get_scorer, get_scorer_names
from sklearn_dsr.metrics._spectral import power_spectrum_distance

__all__ = [
    "DSRScorer",
    "discriminative_score",
    "evaluate_reconstruction",
    "get_scorer",
    "get_scorer_names",
    "max_lyapunov_exponent",
    "power_spectrum_distance",
    "prediction_error",
    "predictive_score",
    "smape",
    "state_space_divergence",
    "valid_prediction_time",
]
