"""The estimator contract of DESIGN.md, checked on every DSR estimator."""

import pickle
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import sklearn_dsr
from sklearn_dsr import NGRCRegressor, ReservoirRegressor
from sklearn_dsr.exceptions import SimulationDivergedError
from sklearn_dsr.metrics import get_scorer
from sklearn_dsr.preprocessing import DelayEmbedding

ESTIMATORS = [
    NGRCRegressor(dt=0.02),
    ReservoirRegressor(
        n_reservoir=100, washout=20, alpha=1e-4, dt=0.02, random_state=0
    ),
]
ids = [type(e).__name__ for e in ESTIMATORS]


@pytest.fixture(params=ESTIMATORS, ids=ids)
def estimator(request):
    return clone(request.param)


def test_fit_returns_self_and_sets_attributes(estimator, lorenz63):
    assert estimator.fit(lorenz63) is estimator
    assert estimator.n_features_in_ == 3
    assert not hasattr(estimator, "feature_names_in_")


def test_predict_is_one_step_ahead(estimator, lorenz63):
    estimator.fit(lorenz63[:1500])
    X = lorenz63[1500:]
    pred = estimator.predict(X)
    assert pred.shape == X.shape
    w = estimator._warmup_length()
    err = np.mean((pred[w:-1] - X[w + 1 :]) ** 2)
    persistence = np.mean((X[w:-1] - X[w + 1 :]) ** 2)
    assert err < 0.1 * persistence
    assert estimator.score(X) > 0.99


def test_forecast_continues_predict(estimator, lorenz63):
    estimator.fit(lorenz63)
    context = lorenz63[500:700]
    fc = estimator.forecast(context, 30)
    assert fc.shape == (30, 3)
    assert_allclose(fc[0], estimator.predict(context)[-1], rtol=1e-5, atol=1e-5)


def test_simulate_starts_at_x0_and_is_deterministic(estimator, lorenz63):
    estimator.fit(lorenz63)
    x0 = lorenz63[1000]
    traj = estimator.simulate(200, x0)
    assert traj.shape == (200, 3)
    assert_allclose(traj[0], x0)
    assert_allclose(traj, estimator.simulate(200, x0))
    default = estimator.simulate(50)
    assert_allclose(default[0], estimator.initial_context_[-1])
    # a context gives the same as forecast, after its last state
    ctx = lorenz63[800:1001]
    assert_allclose(
        estimator.simulate(21, ctx)[1:], estimator.forecast(ctx, 20), atol=1e-6
    )


def test_simulate_transient_discards_steps(estimator, lorenz63):
    estimator.fit(lorenz63)
    full = estimator.simulate(60, lorenz63[100])
    assert_allclose(estimator.simulate(40, lorenz63[100], transient=20), full[20:])


def test_outputs_in_user_units(estimator, lorenz63):
    X = lorenz63 * 10.0 + 5.0
    estimator.fit(X)
    sim = estimator.simulate(2000)
    assert abs(sim.mean() - X.mean()) < 0.5 * X.std()
    assert 0.5 < sim.std() / X.std() < 2.0


def test_dataframe_in_dataframe_out(estimator, lorenz63):
    index = pd.date_range("2026-01-01", periods=len(lorenz63), freq="s")
    df = pd.DataFrame(lorenz63, columns=["x", "y", "z"], index=index)
    estimator.fit(df)
    assert list(estimator.feature_names_in_) == ["x", "y", "z"]
    pred = estimator.predict(df.iloc[:300])
    assert isinstance(pred, pd.DataFrame)
    assert pred.index.equals(df.index[:300]) and list(pred.columns) == ["x", "y", "z"]
    fc = estimator.forecast(df.iloc[:300], 5)
    assert isinstance(fc, pd.DataFrame)
    assert fc.index[0] == df.index[300] and fc.index[-1] == df.index[304]
    sim = estimator.simulate(10)
    assert isinstance(sim, pd.DataFrame) and list(sim.columns) == ["x", "y", "z"]
    with pytest.raises(ValueError, match="feature names"):
        estimator.predict(df.rename(columns={"x": "a"}))


def test_three_d_and_list_input(estimator):
    from sklearn_dsr.datasets import make_lorenz63

    X3 = make_lorenz63(800, dt=0.02, n_trajectories=3, random_state=1, standardize=True)
    estimator.fit(X3)
    assert estimator.n_features_in_ == 3
    assert estimator.predict(X3).shape == X3.shape
    assert estimator.forecast(X3[:, :200], 10).shape == (3, 10, 3)
    # a batch forecast equals the separate forecasts
    assert_allclose(
        estimator.forecast(X3[:, :200], 10)[1],
        estimator.forecast(X3[1, :200], 10),
        atol=1e-5,
    )
    ragged = [X3[0], X3[1, :500]]
    estimator.fit(ragged)
    out = estimator.predict(ragged)
    assert isinstance(out, list) and out[1].shape == (500, 3)


def test_pipeline_with_scaler_and_rollout_helpers(estimator, lorenz63):
    X = lorenz63 * 3.0 + 1.0
    pipe = make_pipeline(StandardScaler(), estimator).fit(X)
    fc = sklearn_dsr.forecast(pipe, X[:300], 20)
    assert fc.shape == (20, 3)
    assert np.mean((fc[:3] - X[300:303]) ** 2) < 0.1 * X.var()
    sim = sklearn_dsr.simulate(pipe, 100, x0=X[10])
    assert_allclose(sim[0], X[10], atol=1e-8)
    assert pipe.score(X[:500]) > 0.9


def test_pipeline_with_delay_embedding(lorenz63):
    x = lorenz63[:, :1]  # one observed variable
    pipe = make_pipeline(DelayEmbedding(n_delays=3, delay=5), NGRCRegressor(dt=0.02))
    pipe.fit(x)
    fc = sklearn_dsr.forecast(pipe, x[:400], 10)
    assert fc.shape == (10, 1)


def test_grid_search_with_time_series_split_and_dsr_scorer(estimator, lorenz63):
    param = "alpha"
    search = GridSearchCV(
        estimator,
        {param: [1e-6, 1e-2]},
        cv=TimeSeriesSplit(3),
        scoring=get_scorer("neg_power_spectrum_distance"),
    )
    search.fit(lorenz63)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    scores = cross_val_score(estimator, lorenz63, cv=TimeSeriesSplit(3))
    assert np.all(scores > 0.9)  # default score: one-step R^2


def test_clone_and_pickle_keep_predictions(estimator, lorenz63):
    estimator.fit(lorenz63)
    restored = pickle.loads(pickle.dumps(estimator))
    assert_allclose(restored.predict(lorenz63[:200]), estimator.predict(lorenz63[:200]))
    fresh = clone(estimator)
    assert not hasattr(fresh, "n_features_in_")


def test_pickle_in_fresh_process(estimator, lorenz63, tmp_path):
    import joblib

    estimator.fit(lorenz63)
    path = tmp_path / "model.joblib"
    joblib.dump(estimator, path)
    np.save(tmp_path / "x.npy", lorenz63[:100])
    expected = estimator.simulate(50, lorenz63[99])
    np.save(tmp_path / "expected.npy", expected)
    code = (
        "import joblib, numpy as np;"
        f"m = joblib.load({str(path)!r});"
        f"x = np.load({str(tmp_path / 'x.npy')!r});"
        f"e = np.load({str(tmp_path / 'expected.npy')!r});"
        "np.testing.assert_allclose(m.simulate(50, x[99]), e)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_same_seed_same_model(lorenz63):
    a = ReservoirRegressor(n_reservoir=50, washout=10, random_state=3).fit(lorenz63)
    b = ReservoirRegressor(n_reservoir=50, washout=10, random_state=3).fit(lorenz63)
    c = ReservoirRegressor(n_reservoir=50, washout=10, random_state=4).fit(lorenz63)
    assert_allclose(a.coef_, b.coef_)
    assert not np.allclose(a.coef_, c.coef_)


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.arange(10.0), "Reshape your data"),
        (np.array([[1.0, np.nan]] * 300), r"NaN or infinity \(row 0, column 1\)"),
        (np.array([[1.0, np.inf]] * 300), "infinity"),
        (np.ones((1, 3)), "n_samples = 1"),
    ],
)
def test_bad_input_errors(estimator, bad, message):
    with pytest.raises(ValueError, match=message):
        estimator.fit(bad)


def test_non_numeric_columns_named(estimator):
    df = pd.DataFrame({"x": np.arange(300.0), "label": ["a"] * 300})
    with pytest.raises(ValueError, match=r"non-numeric columns \['label'\]"):
        estimator.fit(df)


def test_nan_row_is_named_in_second_trajectory(estimator, lorenz63):
    bad = lorenz63[:400].copy()
    bad[123, 2] = np.nan
    with pytest.raises(ValueError, match=r"trajectory 1, row 123, column 2"):
        estimator.fit([lorenz63[:400], bad])


def test_unfitted_and_feature_mismatch(estimator, lorenz63):
    with pytest.raises(NotFittedError):
        estimator.predict(lorenz63)
    with pytest.raises(NotFittedError):
        estimator.simulate(10)
    estimator.fit(lorenz63)
    with pytest.raises(ValueError, match="3 features"):
        estimator.predict(lorenz63[:, :2])
    with pytest.raises(ValueError, match="3 features"):
        estimator.forecast(lorenz63[:, :2], 5)
    with pytest.raises(ValueError, match="n_steps must be >= 1"):
        estimator.forecast(lorenz63, 0)


def test_too_short_for_window():
    X = np.random.default_rng(0).standard_normal((4, 2))
    with pytest.raises(ValueError, match="needs at least 5 time steps"):
        NGRCRegressor(n_delays=4).fit(X)


def test_divergence_raises_with_partial_trajectory(lorenz63):
    model = NGRCRegressor(dt=0.02).fit(lorenz63)
    model.coef_ = model.coef_ * 50.0  # an unstable map
    with pytest.raises(SimulationDivergedError) as info:
        model.simulate(5000)
    err = info.value
    assert err.step < 5000
    assert np.all(np.isfinite(err.trajectory))


def test_observer_mode_infers_unobserved_variable(lorenz63):
    # infer z from the dynamics of (x, y): the "reservoir observer"
    X, y = lorenz63[:, :2], lorenz63[:, 2]
    model = ReservoirRegressor(n_reservoir=100, washout=50, random_state=0)
    model.fit(X[:1500], y[:1500])
    assert model.predict(X[1500:]).shape == (500,)
    assert model.score(X[1500:], y[1500:]) > 0.9
    # the dynamics of X are still learned
    assert model.simulate(10).shape == (10, 2)
    with pytest.raises(ValueError, match="pass the true y"):
        model.score(X[1500:])


def test_lazy_import_does_not_load_heavy_dependencies():
    code = (
        "import sys, sklearn_dsr;"
        "assert 'torch' not in sys.modules, 'torch';"
        "assert 'qiskit' not in sys.modules, 'qiskit';"
        "assert 'pysindy' not in sys.modules, 'pysindy';"
        "sklearn_dsr.NGRCRegressor;"
        "assert 'torch' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
