"""Scale-out: the same results on a Dask cluster, and torch estimators on CUDA."""

import numpy as np
import pytest
from joblib import parallel_config
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from sklearn_dsr.hankel import HankelStNNRegressor
from sklearn_dsr.koopman import KoopmanVAERegressor
from sklearn_dsr.leaderboard import make_tasks, run_leaderboard
from sklearn_dsr.metrics import get_scorer
from sklearn_dsr.reservoir import ReservoirRegressor
from sklearn_dsr.rnn import ALRNNRegressor, ShallowPLRNNRegressor
from tests._instances import FAST_PARAMS

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def dask_client():
    # two worker processes on loopback, as a small cluster would be
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def _search(lorenz63):
    search = GridSearchCV(
        ReservoirRegressor(n_reservoir=50, washout=10, random_state=0),
        {"alpha": [1e-6, 1e-3], "spectral_radius": [0.5, 0.9]},
        cv=TimeSeriesSplit(3),
        scoring=get_scorer("neg_state_space_divergence"),
        n_jobs=2,
    )
    return search.fit(lorenz63[:1500])


def test_grid_search_on_dask_equals_local(dask_client, lorenz63):
    local = _search(lorenz63)
    with parallel_config(backend="dask"):
        remote = _search(lorenz63)
    np.testing.assert_array_equal(
        remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    assert remote.best_params_ == local.best_params_
    np.testing.assert_array_equal(
        remote.best_estimator_.simulate(50), local.best_estimator_.simulate(50)
    )
    # the work really ran on the workers
    assert any(dask_client.run(lambda: True).values())


def test_leaderboard_on_dask_equals_local(dask_client):
    tasks = make_tasks(["rossler", "lorenz63"], budget="quick")
    local = run_leaderboard(tasks, ["ngrc", "sindy"], n_jobs=2)
    with parallel_config(backend="dask"):
        remote = run_leaderboard(tasks, ["ngrc", "sindy"], n_jobs=2)
    for column in ("D_stsp", "D_H", "VPT", "sMAPE"):
        np.testing.assert_array_equal(remote[column], local[column])


@pytest.mark.gpu
@pytest.mark.parametrize(
    "cls",
    [
        ALRNNRegressor,
        ShallowPLRNNRegressor,
        KoopmanVAERegressor,
        HankelStNNRegressor,
    ],
    ids=lambda c: c.__name__,
)
def test_torch_estimators_train_on_cuda(cls, lorenz63):
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    model = cls(**FAST_PARAMS[cls]).set_params(device="cuda").fit(lorenz63[:400])
    assert np.isfinite(model.predict(lorenz63[:50])).all()
    assert model.net_.device == "cuda"  # trained there; read-outs come back
