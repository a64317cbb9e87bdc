"""Score a fitted model the literature's way: free-run it from held-out data."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from sklearn_dsr.exceptions import SimulationDivergedError
from sklearn_dsr.metrics._geometry import state_space_divergence
from sklearn_dsr.metrics._prediction import valid_prediction_time
from sklearn_dsr.metrics._spectral import power_spectrum_distance

__all__ = ["evaluate_reconstruction"]


def evaluate_reconstruction(
    model, X_test, *, dt=1.0, lyapunov_exponent=None, scale=None, n_bins=30
):
    """Run ``model`` freely from the start of ``X_test`` and compare.

    The model is warmed up on the first rows it needs, forecasts the rest of
    ``X_test`` without seeing it, and the forecast is scored by D_stsp, D_H
    and the valid prediction time. A model that diverges keeps the valid
    prediction time of its finite part; its D_stsp and D_H are ``None`` (the
    geometry of a diverged orbit is undefined) and ``diverged_at`` gives the
    step.

    Parameters
    ----------
    model : fitted sklearn_dsr estimator
    X_test : ndarray of shape (n_timesteps, n_features)
        Held-out trajectory (the literature uses 100 000 steps: shorter
        series raise the floor of D_stsp).
    dt : float, default=1.0
        Sampling interval.
    lyapunov_exponent : float, default=None
        True largest Lyapunov exponent; the VPT is then in Lyapunov times.
    scale : ndarray of shape (n_features,), default=None
        Normalisation of the VPT error (default: the spread of ``X_test``).
    n_bins : int, default=30
        D_stsp bins per dimension.

    Returns
    -------
    scores : dict
        ``D_stsp``, ``D_H``, ``VPT``, ``VPT_unit`` and ``diverged_at``
        (``None`` if the model did not diverge).
    truth, generated : ndarray
        The compared parts of ``X_test`` and the forecast (shorter if the
        model diverged).

    Examples
    --------
    >>> from sklearn_dsr import SINDyRegressor
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> from sklearn_dsr.metrics import evaluate_reconstruction
    >>> X = make_lorenz63(n_steps=6000, dt=0.01, random_state=0)
    >>> model = SINDyRegressor(dt=0.01).fit(X[:3000])
    >>> scores, truth, generated = evaluate_reconstruction(
    ...     model, X[3000:], dt=0.01, lyapunov_exponent=0.906)
    >>> scores["diverged_at"] is None and scores["VPT"] > 2 and scores["D_H"] < 0.05
    True
    """
    n_context = model._warmup_length() + 1
    truth = np.asarray(X_test)[n_context:]
    scores = {"diverged_at": None}
    try:
        generated = np.asarray(model.forecast(X_test[:n_context], len(truth)))
    except SimulationDivergedError as exc:
        generated = np.asarray(exc.trajectory).reshape(-1, truth.shape[1])
        scores["diverged_at"] = exc.step
    finite = truth[: len(generated)]
    scores["VPT"] = (
        valid_prediction_time(
            finite, generated, dt=dt, lyapunov_exponent=lyapunov_exponent, scale=scale
        )
        if len(generated)
        else 0.0
    )
    scores["VPT_unit"] = "Lyapunov times" if lyapunov_exponent else "time units"
    diverged = scores["diverged_at"] is not None
    scores["D_stsp"] = (
        None if diverged else state_space_divergence(truth, generated, n_bins=n_bins)
    )
    scores["D_H"] = None if diverged else power_spectrum_distance(truth, generated)
    return scores, finite, generated
