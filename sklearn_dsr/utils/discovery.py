"""Discovery of the public estimators, as in the scikit-learn contrib template."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import importlib
import inspect

from sklearn.base import BaseEstimator

__all__ = ["MODEL_NAMES", "all_estimators", "get_model_class", "make_model"]

# Short names of the reconstruction models, as the command line and the
# leaderboard spell them: name -> (module, class).
MODEL_NAMES = {
    "alrnn": ("sklearn_dsr.rnn", "ALRNNRegressor"),
    "shplrnn": ("sklearn_dsr.rnn", "ShallowPLRNNRegressor"),
    "esn": ("sklearn_dsr.reservoir", "ReservoirRegressor"),
    "ngrc": ("sklearn_dsr.reservoir", "NGRCRegressor"),
    "quantum": ("sklearn_dsr.reservoir", "QuantumReservoirRegressor"),
    "sindy": ("sklearn_dsr.sindy", "SINDyRegressor"),
    "koopman": ("sklearn_dsr.koopman", "KoopmanRegressor"),
    "havok": ("sklearn_dsr.koopman", "HAVOKRegressor"),
    "kovae": ("sklearn_dsr.koopman", "KoopmanVAERegressor"),
    "stnn": ("sklearn_dsr.hankel", "HankelStNNRegressor"),
}


def get_model_class(name):
    """The estimator class of a short model name (see ``MODEL_NAMES``).

    Parameters
    ----------
    name : str
        For example ``"alrnn"`` or ``"sindy"``.

    Returns
    -------
    cls : type

    Examples
    --------
    >>> from sklearn_dsr.utils import get_model_class
    >>> get_model_class("sindy").__name__
    'SINDyRegressor'
    """
    if name not in MODEL_NAMES:
        raise ValueError(
            f"Unknown model {name!r}; choose one of {sorted(MODEL_NAMES)}."
        )
    module, cls_name = MODEL_NAMES[name]
    return getattr(importlib.import_module(module), cls_name)


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


def make_model(name, *, dt=None, random_state=None, params=None):
    """A model by its short name, with ``dt`` and ``random_state`` where it has them.

    Parameters
    ----------
    name : str
        A key of ``MODEL_NAMES``.
    dt : float, default=None
        Sampling interval (skipped if None).
    random_state : int, default=None
        Seed (skipped if None).
    params : dict, default=None
        Further parameters, set last (``set_params`` validates the names).

    Returns
    -------
    model : estimator

    Examples
    --------
    >>> from sklearn_dsr.utils import make_model
    >>> make_model("ngrc", dt=0.02, params={"n_delays": 3})
    NGRCRegressor(dt=0.02, n_delays=3)
    """
    model = get_model_class(name)()
    accepted = model.get_params()
    common = {"dt": dt, "random_state": random_state}
    model.set_params(
        **{k: v for k, v in common.items() if v is not None and k in accepted}
    )
    return model.set_params(**(params or {}))
