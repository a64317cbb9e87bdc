"""DSR scorers for ``GridSearchCV(scoring=...)`` and ``cross_val_score``.

Each scorer warms the model up on the first steps of the held-out fold,
forecasts the rest of the fold freely and compares it with the truth. A model
that diverges gets the worst finite score (with a :class:`DivergenceWarning`)
instead of an exception, so one bad candidate never kills a search.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import warnings

import numpy as np

from sklearn_dsr._rollout import forecast, split_pipeline
from sklearn_dsr.exceptions import DivergenceWarning
from sklearn_dsr.metrics._geometry import (
    state_space_divergence,
    worst_binned_divergence,
)
from sklearn_dsr.metrics._prediction import prediction_error, valid_prediction_time
from sklearn_dsr.metrics._spectral import power_spectrum_distance
from sklearn_dsr.utils._validation import trajectories_from

__all__ = ["DSRScorer", "get_scorer", "get_scorer_names"]

# Unbounded losses (GMM divergence, prediction error) have no natural worst
# value; a diverged model gets this much, worse than any model that ran.
UNBOUNDED_WORST = 1e6


class DSRScorer:
    """A scorer ``scorer(estimator, X, y=None) -> float`` (higher is better).

    Use :func:`get_scorer` to build one.

    Parameters
    ----------
    name : str
        One of :func:`get_scorer_names`.
    n_context : int, default=None
        Steps of the held-out fold used to warm the model up; ``None`` uses the
        model's own warm-up length plus one.
    **kwargs : dict
        Options of the underlying measure (``n_bins``, ``sigma``,
        ``lyapunov_exponent``, ``threshold``, ``n_steps``, ``stride``).
    """

    def __init__(self, name, n_context=None, **kwargs):
        self.name = name
        self.n_context = n_context
        self.kwargs = kwargs

    def __repr__(self):
        args = "".join(f", {k}={v!r}" for k, v in self.kwargs.items())
        return f"get_scorer({self.name!r}{args})"

    def __call__(self, estimator, X, y=None):
        parts, _ = trajectories_from(X)
        return float(
            np.mean([self._score_one(estimator, np.asarray(p)) for p in parts])
        )

    def _score_one(self, estimator, X):
        _, est = split_pipeline(estimator)
        try:
            with np.errstate(all="ignore"):
                if self.name == "neg_prediction_error":
                    stride = self.kwargs.get("stride", max(1, len(X) // 1000))
                    n_steps = self.kwargs.get("n_steps", 20)
                    return -prediction_error(
                        estimator, X, n_steps=n_steps, stride=stride
                    )
                n_context = self.n_context or est._warmup_length() + 1
                if len(X) <= n_context + 1:
                    raise ValueError(
                        f"The held-out fold has {len(X)} steps, too few after a "
                        f"warm-up of {n_context}."
                    )
                truth = X[n_context:]
                pred = np.asarray(forecast(estimator, X[:n_context], len(truth)))
                return self._compare(est, truth, pred)
        except FloatingPointError as exc:  # includes SimulationDivergedError
            warnings.warn(
                f"{type(est).__name__} diverged while scoring ({exc}); it gets the "
                "worst finite score.",
                DivergenceWarning,
                stacklevel=3,
            )
            return self._worst(X)

    def _compare(self, est, truth, pred):
        if self.name == "neg_state_space_divergence":
            opts = {k: v for k, v in self.kwargs.items() if k in ("n_bins", "method")}
            return -state_space_divergence(truth, pred, **opts)
        if self.name == "neg_power_spectrum_distance":
            return -power_spectrum_distance(
                truth, pred, sigma=self.kwargs.get("sigma", 20.0)
            )
        # valid_prediction_time: normalise by the training data's spread when known
        scale = self.kwargs.get("scale", getattr(est, "scale_", None))
        if (
            scale is not None
            and est is not None
            and len(np.atleast_1d(scale)) != truth.shape[1]
        ):
            scale = None  # a pipeline changed the number of variables
        return valid_prediction_time(
            truth,
            pred,
            dt=self.kwargs.get("dt", getattr(est, "dt", 1.0)),
            lyapunov_exponent=self.kwargs.get("lyapunov_exponent"),
            threshold=self.kwargs.get("threshold", 0.4),
            scale=scale,
        )

    def _worst(self, X):
        if self.name == "neg_state_space_divergence":
            n_bins = self.kwargs.get("n_bins", 30)
            if self.kwargs.get("method", "auto") != "gmm" and X.shape[1] < 6:
                return -worst_binned_divergence(X, n_bins)
            return -UNBOUNDED_WORST
        if self.name == "neg_power_spectrum_distance":
            return -1.0
        if self.name == "valid_prediction_time":
            return 0.0
        return -UNBOUNDED_WORST


_SCORERS = (
    "neg_state_space_divergence",
    "neg_power_spectrum_distance",
    "valid_prediction_time",
    "neg_prediction_error",
)


def get_scorer_names():
    """Names accepted by :func:`get_scorer`.

    Returns
    -------
    names : list of str
        The DSR scorer names.
    """
    return list(_SCORERS)


def get_scorer(name, **kwargs):
    """A DSR scorer for ``GridSearchCV(scoring=...)`` (higher is better).

    Parameters
    ----------
    name : str
        ``"neg_state_space_divergence"`` (options ``n_bins``, ``method``),
        ``"neg_power_spectrum_distance"`` (``sigma``), ``"valid_prediction_time"``
        (``lyapunov_exponent``, ``threshold``, ``dt``, ``scale``; in Lyapunov
        times when ``lyapunov_exponent`` is given) or ``"neg_prediction_error"``
        (``n_steps``, ``stride``).
    **kwargs : dict
        Options of the measure, and ``n_context``: steps of each held-out fold
        used to warm the model up before forecasting the rest.

    Returns
    -------
    scorer : DSRScorer
        Callable ``scorer(estimator, X, y=None)``; works on estimators and on
        Pipelines ending in one.

    Examples
    --------
    >>> from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
    >>> from sklearn_dsr import NGRCRegressor
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> from sklearn_dsr.metrics import get_scorer
    >>> X = make_lorenz63(n_steps=3000, dt=0.02, random_state=0)
    >>> search = GridSearchCV(NGRCRegressor(dt=0.02), {"alpha": [1e-6, 1e-3]},
    ...                       cv=TimeSeriesSplit(2),
    ...                       scoring=get_scorer("valid_prediction_time",
    ...                                          lyapunov_exponent=0.906))
    >>> search.fit(X).best_params_["alpha"] in (1e-6, 1e-3)
    True
    """
    if name not in _SCORERS:
        raise ValueError(
            f"Unknown DSR scorer {name!r}; choose one of {list(_SCORERS)}."
        )
    n_context = kwargs.pop("n_context", None)
    return DSRScorer(name, n_context=n_context, **kwargs)
