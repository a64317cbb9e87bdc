"""Fit every model on every data set (in parallel) and score the reconstructions."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import time
import warnings

import numpy as np
import pandas as pd

from sklearn_dsr.leaderboard._tasks import MODELS, build_model

__all__ = ["run_leaderboard", "score_model"]

COLUMNS = [
    "model",
    "system",
    "D_stsp",
    "D_H",
    "VPT",
    "sMAPE",
    "fit_s",
    "simulate_steps_per_s",
    "error",
]


def score_model(model, task, *, n_simulate=10_000):
    """Free-run a fitted model from the first test state and score it.

    Returns D_stsp (``task.n_bins`` per dimension), D_H, the valid prediction
    time (in Lyapunov times for chaotic tasks, otherwise time units), the
    sMAPE of the forecast over one Lyapunov time (100 steps otherwise) and
    the throughput of ``simulate``.

    Parameters
    ----------
    model : fitted estimator
    task : Task
    n_simulate : int, default=10_000
        Steps of the timed ``simulate`` call.

    Returns
    -------
    scores : dict
    """
    from sklearn_dsr import metrics
    from sklearn_dsr.exceptions import SimulationDivergedError

    n_context = model._warmup_length() + 1
    truth = task.test[n_context:]
    scores = {}
    try:
        generated = np.asarray(model.forecast(task.test[:n_context], len(truth)))
    except SimulationDivergedError as exc:
        # the finite part still gives a valid prediction time; the geometry
        # of a diverged orbit is undefined
        generated = np.asarray(exc.trajectory).reshape(-1, truth.shape[1])
        scores["error"] = f"diverged after {exc.step} steps"
    horizon = round(1.0 / (task.lyapunov * task.dt)) if task.lyapunov else 100
    horizon = max(1, min(horizon, len(truth)))
    scores["VPT"] = metrics.valid_prediction_time(
        truth[: len(generated)],
        generated,
        dt=task.dt,
        lyapunov_exponent=task.lyapunov,
        scale=task.train.std(axis=0),
    ) if len(generated) else 0.0  # fmt: skip
    if len(generated) >= horizon:
        scores["sMAPE"] = metrics.smape(truth[:horizon], generated[:horizon])
    if "error" not in scores:
        scores["D_stsp"] = metrics.state_space_divergence(
            truth, generated, n_bins=task.n_bins
        )
        scores["D_H"] = metrics.power_spectrum_distance(truth, generated)
    start = time.perf_counter()
    try:
        model.simulate(n_simulate, random_state=0)
        steps = n_simulate
    except SimulationDivergedError as exc:
        steps = max(exc.step, 1)
    scores["simulate_steps_per_s"] = steps / max(time.perf_counter() - start, 1e-9)
    return scores


def _run_one(name, task, budget, random_state, params):
    from threadpoolctl import threadpool_limits

    row = {"model": name, "system": task.name}
    # one thread per job: the jobs themselves are the parallelism
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = build_model(
                name, task, budget=budget, params=params, random_state=random_state
            )
            start = time.perf_counter()
            model.fit(task.train)
            row["fit_s"] = time.perf_counter() - start
            row.update(score_model(model, task))
        except Exception as exc:  # a failed cell is a result, not a crash
            row["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    return row


def run_leaderboard(
    tasks,
    models=None,
    *,
    budget="quick",
    n_jobs=1,
    random_state=0,
    params=None,
    verbose=0,
):
    """Fit and score every model on every task.

    The cells run through ``joblib`` (``n_jobs`` workers), so
    ``joblib.parallel_config(backend="dask")`` sends them to a Dask cluster.
    A cell that fails (a diverging model, a model that does not apply to the
    data) is reported in the ``error`` column.

    Parameters
    ----------
    tasks : list of Task
        From :func:`make_tasks`.
    models : list of str, default=None
        Model names (default: all of :data:`MODELS`).
    budget : {"quick", "full"}, default="quick"
    n_jobs : int, default=1
    random_state : int, default=0
    params : dict of str to dict, default=None
        Per-model parameter overrides.
    verbose : int, default=0
        joblib's progress messages.

    Returns
    -------
    table : DataFrame
        One row per (model, system) with the columns of :data:`COLUMNS`.

    Examples
    --------
    >>> from sklearn_dsr.leaderboard import make_tasks, run_leaderboard
    >>> tasks = make_tasks(["rossler"], budget="quick")
    >>> table = run_leaderboard(tasks, ["ngrc", "sindy"])
    >>> table[["model", "system"]].values.tolist()
    [['ngrc', 'rossler'], ['sindy', 'rossler']]
    """
    from joblib import Parallel, delayed

    models = list(MODELS) if models is None else list(models)
    unknown = sorted(set(models) - set(MODELS))
    if unknown:
        raise ValueError(f"Unknown models {unknown}; choose from {sorted(MODELS)}.")
    params = params or {}
    cells = [(name, task) for name in models for task in tasks]
    rows = Parallel(n_jobs=n_jobs, verbose=verbose)(
        delayed(_run_one)(name, task, budget, random_state, params.get(name))
        for name, task in cells
    )
    return pd.DataFrame(rows).reindex(columns=COLUMNS)
