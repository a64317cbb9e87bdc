"""Fit every model on every data set (in parallel) and score the reconstructions."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import time
import warnings

import pandas as pd

from sklearn_dsr.leaderboard._output import write_leaderboard
from sklearn_dsr.leaderboard._tasks import MODELS, build_model, make_tasks

__all__ = ["benchmark", "run_leaderboard", "score_model"]

COLUMNS = [
    "model",
    "system",
    "D_stsp",
    "D_H",
    "VPT",
    "sMAPE",
    "fit_s",
    "simulate_steps_per_s",
    "settled",
    "error",
]


def score_model(model, task, *, n_simulate=10_000):
    """Free-run a fitted model from the first test state and score it.

    Returns D_stsp (``task.n_bins`` per dimension), D_H, the valid prediction
    time (in Lyapunov times for chaotic tasks, otherwise time units), the
    sMAPE of the forecast over one Lyapunov time (100 steps otherwise) and
    the throughput of ``simulate``, and ``settled``: whether the free run
    settles onto a fixed point while the data keep moving
    (as in :func:`~sklearn_dsr.reporting.diagnose_free_run`) -- the usual reason
    for a D_stsp near its ceiling.

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
    from sklearn_dsr.exceptions import SimulationDivergedError
    from sklearn_dsr.metrics import evaluate_reconstruction, smape
    from sklearn_dsr.reporting._diagnosis import settled_motion

    found, truth, generated = evaluate_reconstruction(
        model,
        task.test,
        dt=task.dt,
        lyapunov_exponent=task.lyapunov,
        scale=task.train.std(axis=0),
        n_bins=task.n_bins,
    )
    scores = {k: found[k] for k in ("D_stsp", "D_H", "VPT")}
    if found["diverged_at"] is not None:
        scores["error"] = f"diverged after {found['diverged_at']} steps"
    else:
        scores["settled"] = settled_motion(truth, generated) is not None
    horizon = round(1.0 / (task.lyapunov * task.dt)) if task.lyapunov else 100
    horizon = max(1, min(horizon, len(task.test) - model._warmup_length() - 1))
    if len(generated) >= horizon:  # a model that diverged sooner gets none
        scores["sMAPE"] = smape(truth[:horizon], generated[:horizon])
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


def benchmark(
    out,
    *,
    models=None,
    systems=None,
    quick=False,
    data_dir=None,
    n_jobs=1,
    random_state=0,
    verbose=0,
):
    """Build the tasks, run every cell and write the leaderboard into ``out``.

    What ``sklearn-dsr benchmark`` and ``benchmarks/leaderboard.py`` run.

    Parameters
    ----------
    out : str or Path
        Output folder.
    models, systems : list of str, default=None
        Subsets (default: all models, :data:`SYSTEMS`).
    quick : bool, default=False
        The ``quick`` budget instead of ``full``.
    data_dir : str or Path, default=None
        Folder with the official files (adds the noisy Lorenz-63 and ECG tasks).
    n_jobs : int, default=1
    random_state : int, default=0
    verbose : int, default=0

    Returns
    -------
    table : DataFrame
    markdown : str
    seconds : float
        Wall time of the runs.
    """
    budget = "quick" if quick else "full"
    tasks = make_tasks(
        systems, budget=budget, data_dir=data_dir, random_state=random_state
    )
    start = time.perf_counter()
    table = run_leaderboard(
        tasks,
        models,
        budget=budget,
        n_jobs=n_jobs,
        random_state=random_state,
        verbose=verbose,
    )
    seconds = time.perf_counter() - start
    return table, write_leaderboard(table, out), seconds
