"""The benchmark leaderboard: every estimator on the same systems and measures.

``sklearn-dsr benchmark`` and ``benchmarks/leaderboard.py`` call
:func:`make_tasks`, :func:`run_leaderboard` and :func:`write_leaderboard`.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn_dsr.leaderboard._output import leaderboard_markdown, write_leaderboard
from sklearn_dsr.leaderboard._run import benchmark, run_leaderboard, score_model
from sklearn_dsr.leaderboard._tasks import (
    BUDGETS,
    MODELS,
    SYSTEMS,
    Task,
    build_model,
    make_tasks,
)

__all__ = [
    "BUDGETS",
    "MODELS",
    "SYSTEMS",
    "Task",
    "benchmark",
    "build_model",
    "leaderboard_markdown",
    "make_tasks",
    "run_leaderboard",
    "score_model",
    "write_leaderboard",
]
