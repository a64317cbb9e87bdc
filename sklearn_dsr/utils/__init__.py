"""Shared helpers: validation of trajectories, optional imports, discovery."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn_dsr.utils._validation import check_trajectories, trajectories_from
from sklearn_dsr.utils.discovery import (
    MODEL_NAMES,
    all_estimators,
    get_model_class,
    make_model,
)

__all__ = [
    "MODEL_NAMES",
    "all_estimators",
    "check_trajectories",
    "get_model_class",
    "make_model",
    "trajectories_from",
]
