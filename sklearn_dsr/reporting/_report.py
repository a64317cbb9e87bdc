"""Assemble the figures and documents of ``sklearn-dsr reconstruct``."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from sklearn_dsr import metrics
from sklearn_dsr.exceptions import SimulationDivergedError
from sklearn_dsr.reporting._documents import write_report
from sklearn_dsr.reporting._figures import (
    attractor_figure,
    forecast_figure,
    spectra_figure,
    subregion_figure,
    transition_graph_figure,
)

__all__ = ["reconstruction_report", "report_metrics"]


def reconstruction_report(
    out, truth, generated, result, *, names=None, summary=None, sections=()
):
    """Figures and ``report.md``/``report.html`` of a fitted reconstruction.

    Parameters
    ----------
    out : Path
        Output folder.
    truth, generated : ndarray of shape (n_timesteps, n_features)
        Held-out data and the free-running trajectory from its start.
    result : dict
        Metrics (``metrics.json``), including ``dt`` and ``VPT``.
    names : list of str, default=None
        Variable names.
    summary : SymbolicSummary, default=None
        Symbolic dynamics of a piecewise-linear model; adds the transition
        graph and the subregion-coloured orbit.
    sections : sequence of (str, str)
        Extra text blocks.

    Returns
    -------
    paths : tuple of Path
        ``report.md`` and ``report.html``.
    """
    dt = result["dt"]
    lyap = result.get("lyapunov_true")
    lyapunov_time = 1.0 / lyap if lyap else None
    # the forecast panel spans a few valid prediction times
    horizon = (result.get("VPT") or 1.0) * (lyapunov_time or 1.0)
    n_show = min(len(truth), int(np.clip(3 * horizon / dt, 200, 5000)))
    figures = {
        "attractor": (attractor_figure(truth, generated, names), "Attractor"),
        "forecast": (
            forecast_figure(
                truth[:n_show],
                generated[:n_show],
                dt=dt,
                names=names,
                lyapunov_time=lyapunov_time,
            ),
            "Forecast from the first test state",
        ),
        "spectra": (
            spectra_figure(truth, generated, dt=dt, names=names),
            "Power spectra",
        ),
    }
    if summary is not None:
        frequency = summary.regions.set_index("symbol")["frequency"]
        probabilities = summary.transition_probabilities
        figures["transitions"] = (
            transition_graph_figure(
                probabilities,
                [frequency.get(s, 0.0) for s in probabilities.index],
            ),
            "Symbolic transition graph",
        )
        figures["subregions"] = (
            subregion_figure(summary.orbit, summary.symbols, names),
            "Free-running orbit coloured by linear subregion",
        )
        sections = [("Symbolic summary", str(summary)), *sections]
    paths = write_report(out, result, figures, sections)
    for fig, _ in figures.values():
        fig.clear()
    return paths


def report_metrics(model, X_test, *, dt, lyapunov_exponent=None, scale=None):
    """Free-run the model from the start of ``X_test``: the report's measures.

    The numbers of ``sklearn-dsr reconstruct``'s ``metrics.json``, for any
    fitted estimator.

    Parameters
    ----------
    model : estimator
        Fitted sklearn_dsr estimator.
    X_test : ndarray of shape (n_timesteps, n_features)
        Held-out trajectory.
    dt : float
        Sampling interval.
    lyapunov_exponent : float, default=None
        True largest Lyapunov exponent (VPT in Lyapunov times when given).
    scale : ndarray of shape (n_features,), default=None
        Normalisation of the valid prediction time (training spread).

    Returns
    -------
    metrics : dict
        ``D_stsp``, ``D_H``, ``VPT`` (see
        :func:`~sklearn_dsr.metrics.evaluate_reconstruction`; ``None`` if the
        model diverged, with ``diverged_at``), ``PE20``, ``lyapunov_model``,
        ``lyapunov_data``.
    truth, generated : ndarray
        The compared part of ``X_test`` and the free-running trajectory
        (shorter if the model diverged).

    Examples
    --------
    >>> from sklearn_dsr import SINDyRegressor
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> from sklearn_dsr.reporting import report_metrics
    >>> X = make_lorenz63(n_steps=6000, dt=0.01, random_state=0)
    >>> model = SINDyRegressor(dt=0.01).fit(X[:3000])
    >>> result, truth, generated = report_metrics(
    ...     model, X[3000:], dt=0.01, lyapunov_exponent=0.906
    ... )
    >>> sorted(result)
    ['D_H', 'D_stsp', 'PE20', 'VPT', 'VPT_unit', 'diverged_at', 'lyapunov_data',
     'lyapunov_model']
    >>> result["VPT_unit"], bool(result["D_H"] < 0.1)
    ('Lyapunov times', True)
    """
    result, truth, generated = metrics.evaluate_reconstruction(
        model, X_test, dt=dt, lyapunov_exponent=lyapunov_exponent, scale=scale
    )
    try:
        result["PE20"] = metrics.prediction_error(
            model, X_test, n_steps=20, stride=max(1, len(X_test) // 2000)
        )
    except SimulationDivergedError:
        result["PE20"] = None
    try:
        result["lyapunov_model"] = metrics.max_lyapunov_exponent(model, n_steps=5000)
    except (NotImplementedError, FloatingPointError, SimulationDivergedError):
        result["lyapunov_model"] = None
    result["lyapunov_data"] = metrics.max_lyapunov_exponent(X_test[:20_000], dt=dt)
    return result, truth, generated
