"""GridSearchCV over 8 candidates on a Dask cluster of 1 vs 2 worker processes.

Usage (from ``benchmarks/``): ``python bench_dask.py``. Both runs use
``joblib.parallel_config(backend="dask")`` on a ``distributed.LocalCluster``
(loopback, one thread per worker); the ratio is the scale-out speed-up, and the
cross-validation scores of the two runs must agree exactly.
"""

import time

import numpy as np
from _common import save
from distributed import Client, LocalCluster
from joblib import parallel_config
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from sklearn_dsr import ALRNNRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.metrics import get_scorer

GRID = {"n_latent": [12, 20], "n_pwl": [1, 2], "lr": [1e-3, 3e-3]}  # 8 candidates


def search(X, n_workers):
    with (
        LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=40,
        ) as cluster,
        Client(cluster),
        parallel_config(backend="dask"),
    ):
        grid = GridSearchCV(
            ALRNNRegressor(
                max_epochs=20, batches_per_epoch=20, dt=0.01, random_state=0
            ),
            GRID,
            cv=TimeSeriesSplit(2),
            scoring=get_scorer("neg_state_space_divergence"),
            n_jobs=-1,
        )
        start = time.perf_counter()
        grid.fit(X)
        return grid, time.perf_counter() - start


def main():
    X = make_lorenz63(n_steps=6000, dt=0.01, noise=0.05, random_state=0)
    one, t1 = search(X, 1)
    two, t2 = search(X, 2)
    same = np.array_equal(
        one.cv_results_["mean_test_score"], two.cv_results_["mean_test_score"]
    )
    save(
        "dask_grid_search",
        {
            "candidates": len(one.cv_results_["params"]),
            "fits": len(one.cv_results_["params"]) * 2,
            "seconds_1_worker": t1,
            "seconds_2_workers": t2,
            "speedup": t1 / t2,
            "identical_scores": bool(same),
            "best_params": two.best_params_,
        },
    )


if __name__ == "__main__":
    main()
