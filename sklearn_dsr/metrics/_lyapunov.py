"""Largest Lyapunov exponent, from a model's Jacobians or from data."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral, Real

import numpy as np
from sklearn.neighbors import NearestNeighbors

from sklearn_dsr._rollout import split_pipeline
from sklearn_dsr.metrics._checks import check_trajectory
from sklearn_dsr.utils._param_validation import Interval, validate_params

__all__ = ["max_lyapunov_exponent"]


def _from_model(model, n_steps, transient, x0):
    """Benettin's method on the tangent map of a fitted model (QR with k = 1)."""
    transformers, est = split_pipeline(model)
    if x0 is None:
        context = est.initial_context_
    else:
        context = np.atleast_2d(np.asarray(x0, dtype=float))
        for t in transformers:
            context = t.transform(context)
    state = est._teacher_forced_states(est._to_model(context))[-1]
    rng = np.random.default_rng(0)
    V = rng.standard_normal((state.shape[0], 1))
    V /= np.linalg.norm(V)
    log_growth = 0.0
    with np.errstate(all="ignore"):
        for t in range(transient + n_steps):
            state, V = est._tangent_step(state, V)
            norm = float(np.linalg.norm(V))
            if not np.isfinite(norm) or norm == 0.0:
                raise FloatingPointError(
                    "The tangent dynamics became non-finite or zero; the model "
                    "diverges or collapses, so its Lyapunov exponent is undefined."
                )
            V /= norm
            if t >= transient:
                log_growth += np.log(norm)
    # Linear maps of the observation (scalers, delay embeddings) leave
    # Lyapunov exponents unchanged, so the final estimator's dt is all we need.
    return log_growth / n_steps / est.dt


def _mean_period(X):
    """Mean period in samples from the power-weighted mean frequency."""
    Z = X - X.mean(axis=0)
    P = (np.abs(np.fft.rfft(Z, axis=0)) ** 2).sum(axis=1)
    f = np.fft.rfftfreq(len(Z))
    mean_f = np.sum(f[1:] * P[1:]) / max(np.sum(P[1:]), 1e-300)
    return 1.0 / mean_f if mean_f > 0 else len(Z) / 10


def _from_data(X, dt, max_points, horizon, min_separation):
    """Rosenstein et al. (1993): mean log divergence of nearest neighbours."""
    X = check_trajectory(X, "X", min_timesteps=20)
    period = _mean_period(X)
    separation = int(np.ceil(period)) if min_separation is None else min_separation
    horizon = int(min(len(X) // 4, 10 * period)) if horizon is None else horizon
    n_ref = len(X) - horizon
    if n_ref <= separation + 1:
        raise ValueError(
            f"X has {len(X)} time steps, too few for a divergence horizon of "
            f"{horizon} and a temporal separation of {separation}."
        )
    step = max(1, n_ref // max_points)
    idx = np.arange(0, n_ref, step)
    nn = NearestNeighbors(n_neighbors=min(len(idx), 2 * separation // step + 3))
    nn.fit(X[idx])
    dist, nbr = nn.kneighbors(X[idx])
    nbr = idx[nbr]
    # the nearest neighbour farther away in time than the separation
    far = np.abs(nbr - idx[:, None]) > separation
    has = far.any(axis=1) & (dist[np.arange(len(idx)), far.argmax(axis=1)] > 0)
    i = idx[has]
    j = nbr[has, far[has].argmax(axis=1)]
    if len(i) < 10:
        raise ValueError("Too few neighbour pairs for the Rosenstein estimate.")
    k = np.arange(horizon)
    d = np.linalg.norm(X[i[:, None] + k] - X[j[:, None] + k], axis=2)
    curve = np.log(np.where(d > 0, d, np.nan))
    curve = np.nanmean(curve, axis=0)
    # Fit the initial linear rise, up to where the curve has covered 70 % of
    # its growth to saturation (the attractor size).
    rise = curve - curve[0]
    top = np.nanmax(rise)
    end = int(np.argmax(rise >= 0.7 * top)) if top > 0 else horizon
    end = max(end, 3)
    slope = np.polyfit(k[:end] * dt, curve[:end], 1)[0]
    return float(slope)


@validate_params(
    {
        "model_or_X": [object],
        "dt": [Interval(Real, 0, None, closed="neither"), None],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "transient": [Interval(Integral, 0, None, closed="left")],
        "x0": ["array-like", None],
        "max_points": [Interval(Integral, 10, None, closed="left")],
        "horizon": [Interval(Integral, 3, None, closed="left"), None],
        "min_separation": [Interval(Integral, 0, None, closed="left"), None],
    },
    prefer_skip_nested_validation=True,
)
def max_lyapunov_exponent(
    model_or_X,
    *,
    dt=None,
    n_steps=10_000,
    transient=1000,
    x0=None,
    max_points=5000,
    horizon=None,
    min_separation=None,
):
    """Largest Lyapunov exponent per time unit, of a fitted model or of data.

    *Model*: Benettin's QR method on the model's Jacobians (exact tangent map,
    renormalised every step), run for ``n_steps`` after ``transient`` steps from
    ``x0`` (default: the model's initial state), divided by the model's ``dt``.
    *Data*: Rosenstein et al. (1993) -- the slope of the mean log distance of
    initially nearest neighbours (separated by more than a mean period in time)
    over the initial linear rise.

    Parameters
    ----------
    model_or_X : estimator, Pipeline or array-like of shape \
            (n_timesteps, n_features)
        A fitted sklearn_dsr estimator exposing Jacobians, or a trajectory.
    dt : float, default=None
        Sampling interval of the data (data estimate only; default 1).
    n_steps : int, default=10_000
        Steps averaged over (model estimate).
    transient : int, default=1000
        Steps discarded before averaging (model estimate).
    x0 : array-like of shape (n_features,) or (n_context, n_features), \
            default=None
        Initial state or context of the model estimate.
    max_points : int, default=5000
        Reference points of the data estimate.
    horizon : int, default=None
        Steps over which neighbour divergence is followed (data estimate);
        default ``min(n_timesteps / 4, 10 mean periods)``.
    min_separation : int, default=None
        Minimal temporal distance of neighbours in steps (data estimate);
        default one mean period.

    Returns
    -------
    lyapunov_exponent : float
        Largest Lyapunov exponent per time unit.

    Examples
    --------
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> from sklearn_dsr.metrics import max_lyapunov_exponent
    >>> X = make_lorenz63(n_steps=20_000, dt=0.01, random_state=0)
    >>> 0.6 < max_lyapunov_exponent(X, dt=0.01) < 1.2
    True
    """
    if hasattr(model_or_X, "fit"):
        return _from_model(model_or_X, n_steps, transient, x0)
    return _from_data(
        model_or_X, 1.0 if dt is None else dt, max_points, horizon, min_separation
    )
