"""``forecast`` and ``simulate`` for an estimator *or* a Pipeline ending in one.

``Pipeline`` does not delegate custom methods, so these functions pass the data
through the fitted transformers, roll out the final estimator, and map the
result back with ``inverse_transform`` when every transformer has one. Scaling
therefore always uses the training statistics stored in the pipeline.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

__all__ = ["forecast", "simulate", "split_pipeline"]


def split_pipeline(model):
    """Return ``(transformers, final_estimator)`` of a Pipeline or an estimator.

    Parameters
    ----------
    model : estimator or Pipeline
        A fitted sklearn_dsr estimator or a Pipeline whose last step is one.

    Returns
    -------
    transformers : list of transformer
        The fitted transformers, in order (empty for a bare estimator).
    estimator : estimator
        The final DSR estimator.
    """
    if isinstance(model, Pipeline):
        steps = [est for _, est in model.steps if est not in (None, "passthrough")]
        transformers, estimator = steps[:-1], steps[-1]
    else:
        transformers, estimator = [], model
    if not (hasattr(estimator, "forecast") and hasattr(estimator, "simulate")):
        raise TypeError(
            f"{type(estimator).__name__} is not a dynamical-systems estimator "
            "(it has no forecast/simulate); pass a sklearn_dsr estimator or a "
            "Pipeline ending in one."
        )
    check_is_fitted(estimator)
    return transformers, estimator


def _transform(transformers, X):
    for transformer in transformers:
        X = transformer.transform(X)
    return X


def _inverse(transformers, X):
    if not all(hasattr(t, "inverse_transform") for t in transformers):
        return X
    for transformer in reversed(transformers):
        X = transformer.inverse_transform(X)
    return X


def forecast(model, X, n_steps):
    """Forecast ``n_steps`` after the context ``X`` with an estimator or Pipeline.

    Parameters
    ----------
    model : estimator or Pipeline
        Fitted sklearn_dsr estimator, or a Pipeline ending in one.
    X : array-like of shape (n_context, n_features)
        Context in the units the model was fitted on.
    n_steps : int
        Number of future steps.

    Returns
    -------
    X_future : ndarray of shape (n_steps, n_features)
        Forecast, mapped back to the input units when every transformer of the
        pipeline has ``inverse_transform`` (otherwise in the transformed space).

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn_dsr import NGRCRegressor, forecast
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> X = make_lorenz63(n_steps=1500, dt=0.02, random_state=0)
    >>> pipe = make_pipeline(StandardScaler(), NGRCRegressor()).fit(X)
    >>> forecast(pipe, X[-10:], 5).shape
    (5, 3)
    """
    transformers, estimator = split_pipeline(model)
    out = estimator.forecast(_transform(transformers, X), n_steps)
    return _inverse(transformers, out)


def simulate(model, n_steps, x0=None, *, transient=0, random_state=None):
    """Free-running trajectory of an estimator or of a Pipeline ending in one.

    Parameters
    ----------
    model : estimator or Pipeline
        Fitted sklearn_dsr estimator, or a Pipeline ending in one.
    n_steps : int
        Number of returned steps.
    x0 : array-like of shape (n_features,) or (n_context, n_features), \
            default=None
        Initial state (or context) in the input units of ``model``.
    transient : int, default=0
        Steps discarded before the returned trajectory.
    random_state : int, RandomState instance or None, default=None
        Seed of stochastic roll-outs.

    Returns
    -------
    trajectory : ndarray of shape (n_steps, n_features)
        In the input units when every transformer has ``inverse_transform``.
    """
    transformers, estimator = split_pipeline(model)
    if x0 is not None:
        x0 = np.asarray(x0, dtype=float) if not hasattr(x0, "columns") else x0
        x0 = _transform(
            transformers, x0 if np.ndim(x0) == 2 else np.reshape(x0, (1, -1))
        )
    out = estimator.simulate(
        n_steps, x0, transient=transient, random_state=random_state
    )
    return _inverse(transformers, out)
