"""Assemble the figures and documents of ``sklearn-dsr reconstruct``."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from sklearn_dsr.reporting._documents import write_report
from sklearn_dsr.reporting._figures import (
    attractor_figure,
    forecast_figure,
    spectra_figure,
    subregion_figure,
    transition_graph_figure,
)

__all__ = ["reconstruction_report"]


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
