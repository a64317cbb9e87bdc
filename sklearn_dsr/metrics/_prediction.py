"""Short-term forecast measures: PE(n), valid prediction time, sMAPE."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral, Real

import numpy as np

from sklearn_dsr._rollout import _transform, split_pipeline
from sklearn_dsr.metrics._checks import check_pair, check_trajectory
from sklearn_dsr.utils._param_validation import Interval, validate_params

__all__ = ["prediction_error", "smape", "valid_prediction_time"]

# Starts are rolled out in chunks so that models with big states (reservoirs)
# do not hold every start's state trajectory at once.
_CHUNK = 2048


@validate_params(
    {
        "estimator": [object],
        "X": ["array-like"],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "stride": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def prediction_error(estimator, X, *, n_steps=20, stride=1):
    """n-step prediction error PE(n): MSE of ``n_steps``-ahead forecasts.

    Every ``stride``-th time step of ``X`` (after the model's warm-up) is an
    initial condition: the model state is carried along ``X`` up to it (teacher
    forcing), then the model runs freely for ``n_steps`` and its prediction is
    compared with ``X[t + n_steps]``. The squared error is averaged over starts
    and variables, in the units of ``X``.

    Parameters
    ----------
    estimator : estimator or Pipeline
        A fitted sklearn_dsr estimator or a Pipeline ending in one.
    X : array-like of shape (n_timesteps, n_features)
        Test trajectory.
    n_steps : int, default=20
        Forecast horizon ``n`` (20 in the DSR literature).
    stride : int, default=1
        Use every ``stride``-th start (1 = every start, as the literature).

    Returns
    -------
    error : float
        Mean squared ``n_steps``-step-ahead error.

    Examples
    --------
    >>> from sklearn_dsr import NGRCRegressor
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> from sklearn_dsr.metrics import prediction_error
    >>> X = make_lorenz63(n_steps=3000, dt=0.02, random_state=0)
    >>> model = NGRCRegressor().fit(X[:2000])
    >>> prediction_error(model, X[2000:], n_steps=5) < 1.0
    True
    """
    transformers, est = split_pipeline(estimator)
    X = check_trajectory(X, "X")
    Xt = np.asarray(_transform(transformers, X), dtype=float)
    first = est._warmup_length()
    starts = np.arange(first, len(Xt) - n_steps, stride)
    if len(starts) == 0:
        raise ValueError(
            f"X has {len(X)} time steps, too few for {n_steps}-step forecasts after "
            f"a warm-up of {first} steps."
        )
    states = est._teacher_forced_states(est._to_model(Xt))
    invertible = all(hasattr(t, "inverse_transform") for t in transformers)
    reference = X if invertible else Xt
    total, count = 0.0, 0
    for chunk in np.array_split(starts, max(1, len(starts) // _CHUNK)):
        pred = est._from_model(
            est._checked_rollout(states[chunk], n_steps, None)[:, -1]
        )
        if invertible:
            for t in reversed(transformers):
                pred = t.inverse_transform(pred)
        total += float(np.sum((pred - reference[chunk + n_steps]) ** 2))
        count += pred.size
    return total / count


@validate_params(
    {
        "X_true": ["array-like"],
        "X_pred": ["array-like"],
        "dt": [Interval(Real, 0, None, closed="neither")],
        "lyapunov_exponent": [Interval(Real, 0, None, closed="neither"), None],
        "threshold": [Interval(Real, 0, None, closed="neither")],
        "scale": ["array-like", Interval(Real, 0, None, closed="neither"), None],
    },
    prefer_skip_nested_validation=True,
)
def valid_prediction_time(
    X_true, X_pred, *, dt=1.0, lyapunov_exponent=None, threshold=0.4, scale=None
):
    """Valid prediction time: how long a forecast stays within ``threshold``.

    The normalised error ``e(t) = sqrt(mean_i ((X_pred[t, i] - X_true[t, i]) /
    scale_i)^2)`` is computed along the forecast; the valid prediction time is
    the time before ``e`` first exceeds ``threshold`` (Pathak et al. 2018;
    Vlachas et al. 2020). Row 0 of the forecast is one step ahead, so a
    forecast wrong from its first row has VPT 0 and one never exceeding the
    threshold has VPT ``len(X_true) * dt`` (censored at the horizon).

    Parameters
    ----------
    X_true : array-like of shape (n_steps, n_features)
        True continuation.
    X_pred : array-like of shape (n_steps, n_features)
        Forecast of the same steps.
    dt : float, default=1.0
        Sampling interval.
    lyapunov_exponent : float, default=None
        Largest Lyapunov exponent per time unit; if given the result is in
        Lyapunov times, otherwise in time units.
    threshold : float, default=0.4
        Normalised error at which the forecast stops being valid.
    scale : float or array-like of shape (n_features,), default=None
        Per-variable normalisation; ``None`` uses the standard deviation of
        ``X_true``. Pass the long-term (attractor) standard deviation when the
        forecast is short.

    Returns
    -------
    vpt : float
        Valid prediction time in Lyapunov times (or time units).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_dsr.metrics import valid_prediction_time
    >>> truth = np.zeros((100, 2)); pred = truth.copy(); pred[30:] = 1.0
    >>> valid_prediction_time(truth, pred, dt=0.1, scale=1.0)
    3.0
    """
    X_true, X_pred = check_pair(X_true, X_pred, same_length=True, min_timesteps=1)
    if scale is None:
        scale = X_true.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)
    scale = np.broadcast_to(np.asarray(scale, dtype=float), (X_true.shape[1],))
    if np.any(scale <= 0):
        raise ValueError("scale must be positive for every variable.")
    error = np.sqrt(np.mean(((X_pred - X_true) / scale) ** 2, axis=1))
    exceeded = np.nonzero(error > threshold)[0]
    n_valid = exceeded[0] if len(exceeded) else len(error)
    time = n_valid * dt
    return float(time * lyapunov_exponent if lyapunov_exponent else time)


@validate_params(
    {"X_true": ["array-like"], "X_pred": ["array-like"]},
    prefer_skip_nested_validation=True,
)
def smape(X_true, X_pred):
    """Symmetric mean absolute percentage error on the [0, 200] scale.

    ``200 * mean(|x - y| / (|x| + |y|))``, the scale of the dysts forecasting
    benchmarks (Gilpin 2021, 2023); entries where both are 0 count as 0.

    Parameters
    ----------
    X_true : array-like of shape (n_steps, n_features)
        True values.
    X_pred : array-like of shape (n_steps, n_features)
        Forecast values.

    Returns
    -------
    smape : float
        In [0, 200]; lower is better.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_dsr.metrics import smape
    >>> smape(np.ones((4, 1)), np.full((4, 1), 3.0))
    100.0
    """
    X_true, X_pred = check_pair(X_true, X_pred, same_length=True, min_timesteps=1)
    denom = np.abs(X_true) + np.abs(X_pred)
    ratio = np.divide(
        np.abs(X_true - X_pred), denom, out=np.zeros_like(denom), where=denom > 0
    )
    return float(200.0 * ratio.mean())
