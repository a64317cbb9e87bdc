"""Discovery of the public estimators, as in the scikit-learn contrib template."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import importlib
import inspect

from sklearn.base import BaseEstimator

__all__ = ["all_estimators"]

# Public subpackages that define estimators; families are added here as they land.
_ESTIMATOR_MODULES = (
    "sklearn_dsr.hankel",
    "sklearn_dsr.koopman",
    "sklearn_dsr.preprocessing",
    "sklearn_dsr.reservoir",
    "sklearn_dsr.rnn",
    "sklearn_dsr.sindy",
)


def all_estimators():
    """Public estimator classes of sklearn_dsr, sorted by name.

    Returns
    -------
    estimators : list of (str, type)
        ``(class name, class)`` pairs of every concrete public estimator.

    Examples
    --------
    >>> from sklearn_dsr.utils import all_estimators
    >>> [name for name, _ in all_estimators()]
    ['ALRNNRegressor', 'DelayEmbedding', 'HAVOKRegressor', 'HankelStNNRegressor',
     'KoopmanRegressor', 'KoopmanVAERegressor', 'NGRCRegressor',
     'QuantumReservoirRegressor', 'RadialBasisObservables', 'ReservoirRegressor',
     'SINDyRegressor', 'ShallowPLRNNRegressor']
    """
    found = {}
    for module_name in _ESTIMATOR_MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseEstimator)
                and not inspect.isabstract(obj)
                and not name.startswith("Base")
            ):
                found[name] = obj
    return sorted(found.items())
