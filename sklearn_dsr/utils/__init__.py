"""Shared helpers: validation of trajectories, optional imports, discovery."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn_dsr.utils._validation import check_trajectories, trajectories_from
from sklearn_dsr.utils.discovery import all_estimators

__all__ = ["all_estimators", "check_trajectories", "trajectories_from"]
