"""The one place that imports scikit-learn's private parameter-validation tools.

scikit-learn keeps ``Interval``, ``StrOptions``, ``validate_params`` and
``_fit_context`` private; importing them only here makes an upstream rename a
one-line fix (style.md §1, "Caveat for us").
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn.base import _fit_context
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    Options,
    StrOptions,
    validate_params,
)

__all__ = [
    "HasMethods",
    "Interval",
    "Options",
    "StrOptions",
    "_fit_context",
    "validate_params",
]
