"""Reports of a reconstruction: figures, Markdown and self-contained HTML."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn_dsr.reporting._diagnosis import diagnose_free_run
from sklearn_dsr.reporting._documents import write_report
from sklearn_dsr.reporting._figures import (
    attractor_figure,
    forecast_figure,
    spectra_figure,
    subregion_figure,
    transition_graph_figure,
)
from sklearn_dsr.reporting._report import reconstruction_report, report_metrics

__all__ = [
    "attractor_figure",
    "diagnose_free_run",
    "forecast_figure",
    "reconstruction_report",
    "report_metrics",
    "spectra_figure",
    "subregion_figure",
    "transition_graph_figure",
    "write_report",
]
