import numpy as np
import pandas as pd
import pysindy as ps
import pytest
from numpy.testing import assert_allclose
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_dsr import SINDyRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.exceptions import SimulationDivergedError
from sklearn_dsr.metrics import get_scorer
from sklearn_dsr.sindy._components import library_function

# Lorenz-63 in pysindy's PolynomialLibrary(degree=2) order:
# 1, x, y, z, x^2, xy, xz, y^2, yz, z^2
TRUE_LORENZ = np.zeros((3, 10))
TRUE_LORENZ[0, [1, 2]] = [-10.0, 10.0]
TRUE_LORENZ[1, [1, 2, 6]] = [28.0, -1.0, -1.0]
TRUE_LORENZ[2, [3, 5]] = [-8.0 / 3.0, 1.0]


@pytest.fixture(scope="module")
def lorenz_clean():
    # pysindy's canonical setup: dt = 0.002 over 10 time units
    return make_lorenz63(n_steps=5000, dt=0.002, random_state=0)


def assert_true_lorenz(coef):
    assert np.array_equal(coef != 0, TRUE_LORENZ != 0), (
        "support is not the 7 true terms"
    )
    support = TRUE_LORENZ != 0
    rel = np.abs(coef[support] - TRUE_LORENZ[support]) / np.abs(TRUE_LORENZ[support])
    assert rel.max() < 0.01


def test_recovers_lorenz_exactly(lorenz_clean):
    model = SINDyRegressor(dt=0.002).fit(lorenz_clean)
    assert_true_lorenz(model.coef_)
    assert model.coefficients_ is model.coef_
    assert model.library_feature_names_[6] == "x0 x2"
    assert model.equations(precision=1)[0] == "x0' = -10.0 x0 + 10.0 x1"


def test_several_trajectories_3d_and_list():
    X = make_lorenz63(n_steps=2000, dt=0.002, n_trajectories=3, random_state=1)
    assert_true_lorenz(SINDyRegressor(dt=0.002).fit(X).coef_)
    ragged = [X[0], X[1, :1200], X[2, :700]]
    assert_true_lorenz(SINDyRegressor(dt=0.002).fit(ragged).coef_)


def test_smoothed_differences_handle_five_percent_noise():
    X = make_lorenz63(n_steps=5000, dt=0.002, noise=0.05, random_state=2)
    model = SINDyRegressor(
        dt=0.002,
        differentiation="smoothed_finite_difference",
        smoother_window=21,
        threshold=0.5,
    ).fit(X)
    assert np.array_equal(model.coef_ != 0, TRUE_LORENZ != 0)


def test_passed_components_are_not_mutated(lorenz_clean):
    library = ps.PolynomialLibrary(degree=2)
    diff = ps.SmoothedFiniteDifference(smoother_kws={"window_length": 9})
    params = (library.get_params(), diff.get_params())
    model = SINDyRegressor(dt=0.002, library=library, differentiation=diff)
    model.fit(lorenz_clean)
    assert not hasattr(library, "powers_") and not hasattr(diff, "smoothed_x_")
    assert (library.get_params(), diff.get_params()) == params
    assert model.get_params()["library"] is library


def test_dataframe_names_in_equations(lorenz_clean):
    df = pd.DataFrame(lorenz_clean, columns=["u", "v", "w"])
    model = SINDyRegressor(dt=0.002).fit(df)
    assert model.equations(precision=0)[2] == "w' = -3 w + 1 u v"
    assert list(model.simulate(5).columns) == ["u", "v", "w"]


def test_simulate_matches_pysindy(lorenz_clean):
    model = SINDyRegressor(dt=0.002, rtol=1e-12, atol=1e-12).fit(lorenz_clean)
    reference = ps.SINDy(
        optimizer=ps.STLSQ(threshold=0.1), feature_library=ps.PolynomialLibrary(2)
    ).fit(lorenz_clean, t=0.002)
    assert_allclose(model.coef_, reference.coefficients(), atol=1e-12)
    t = 0.002 * np.arange(500)
    expected = reference.simulate(lorenz_clean[0], t)
    assert_allclose(model.simulate(500), expected, atol=1e-6)
    # the batched path (two states, DOP853) agrees with the single-state one
    batch = model.forecast(np.stack([lorenz_clean[:1], lorenz_clean[:1]]), 499)
    assert_allclose(batch[1], expected[1:], atol=1e-6)


def test_one_step_predictions_and_score(lorenz_clean):
    model = SINDyRegressor(dt=0.002).fit(lorenz_clean)
    pred = model.predict(lorenz_clean[:100])
    assert_allclose(pred[:-1], lorenz_clean[1:100], atol=1e-3)
    assert model.score(lorenz_clean) > 0.9999


def test_library_function_matches_pysindy_transform():
    x = np.random.default_rng(0).normal(size=(50, 3))
    libraries = [
        ps.PolynomialLibrary(degree=3, include_bias=False),
        ps.FourierLibrary(n_frequencies=2),
        ps.FourierLibrary(n_frequencies=1, include_cos=False),
        ps.PolynomialLibrary(degree=2) + ps.FourierLibrary(n_frequencies=2),
        ps.IdentityLibrary(),
    ]
    for library in libraries:
        library.fit(x)
        assert_allclose(library_function(library)(x), library.transform(x), atol=1e-12)


def test_discrete_time_recovers_logistic_map():
    x = [0.2]
    for _ in range(300):
        x.append(3.7 * x[-1] * (1 - x[-1]))
    model = SINDyRegressor(discrete_time=True, threshold=0.01).fit(np.array(x)[:, None])
    assert_allclose(model.coef_[0], [0.0, 3.7, -3.7], atol=1e-8)
    assert model.equations(precision=1) == ["x0[k+1] = 3.7 x0 - 3.7 x0^2"]
    assert_allclose(model.simulate(20, x0=[0.2]).ravel(), x[:20], atol=1e-6)


def test_ensemble_is_reproducible_and_reports_inclusion(lorenz_clean):
    kw = dict(dt=0.002, ensemble=True, n_models=10, random_state=0)
    a = SINDyRegressor(**kw).fit(lorenz_clean)
    b = SINDyRegressor(**kw).fit(lorenz_clean)
    assert_allclose(a.coef_, b.coef_)
    assert_true_lorenz(a.coef_)
    assert_allclose(a.inclusion_probability_, (TRUE_LORENZ != 0).astype(float))


def test_blow_up_is_reported_with_the_step(lorenz_clean):
    model = SINDyRegressor(dt=0.01).fit(lorenz_clean)
    model.coef_ = np.zeros_like(model.coef_)
    model.coef_[0, 4] = 1.0  # x' = x^2 explodes in finite time from x > 0
    with pytest.raises(SimulationDivergedError) as info:
        model.simulate(1000, x0=[1.0, 0.0, 0.0])
    assert 0 < info.value.step < 1000
    model.discrete_time = True
    with pytest.raises(SimulationDivergedError):
        model.simulate(100, x0=[2.0, 0.0, 0.0])


def test_everything_thresholded_warns(lorenz_clean):
    with pytest.warns(ConvergenceWarning, match="removed every term"):
        SINDyRegressor(dt=0.002, threshold=1e4).fit(lorenz_clean)


@pytest.mark.filterwarnings("ignore:threshold=50.0 removed every term")
@pytest.mark.parametrize("scoring", [None, get_scorer("neg_state_space_divergence")])
def test_grid_search_with_time_series_split(lorenz_clean, scoring):
    grid = {"threshold": [0.05, 0.5, 50.0]}
    search = GridSearchCV(
        SINDyRegressor(dt=0.002), grid, cv=TimeSeriesSplit(3), scoring=scoring
    ).fit(lorenz_clean)
    assert search.best_params_["threshold"] in (0.05, 0.5)
    pipe = make_pipeline(StandardScaler(), SINDyRegressor(dt=0.002))
    search = GridSearchCV(
        pipe,
        {"sindyregressor__threshold": [0.01, 0.1]},
        cv=TimeSeriesSplit(3),
        scoring=scoring,
    ).fit(lorenz_clean)
    assert np.isfinite(search.best_score_)


def test_bad_input_errors(lorenz_clean):
    bad = lorenz_clean[:100].copy()
    bad[7, 1] = np.nan
    with pytest.raises(ValueError, match="contains NaN or infinity"):
        SINDyRegressor().fit(bad)
    with pytest.raises(ValueError, match=r"needs at least \d+ time steps"):
        SINDyRegressor(differentiation="smoothed_finite_difference").fit(
            lorenz_clean[:6]
        )
