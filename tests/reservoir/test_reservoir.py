import numpy as np
import pytest
from numpy.testing import assert_allclose

from sklearn_dsr import NGRCRegressor, ReservoirRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.metrics import state_space_divergence, valid_prediction_time
from sklearn_dsr.utils._polynomial import monomial_indices


def test_monomial_table_counts():
    # constant + 6 linear + 21 quadratic = 28 (Gauthier et al. 2021, Lorenz)
    assert len(monomial_indices(6, 2)) == 28
    idx = monomial_indices(2, 3)
    assert len(idx) == 10 and list(idx[0]) == [0, 0, 0]


def test_ngrc_recovers_a_quadratic_map_exactly():
    # logistic-type map in increments: x_{t+1} = x_t + 0.1 x_t (1 - x_t)
    x = [0.1]
    for _ in range(100):
        x.append(x[-1] + 0.1 * x[-1] * (1 - x[-1]))
    X = np.array(x)[:, None]
    model = NGRCRegressor(n_delays=1, alpha=0.0, standardize=False).fit(X)
    assert_allclose(model.coef_[0], [0.0, 0.1, -0.1], atol=1e-8)


def test_ngrc_forecasts_lorenz_for_lyapunov_times():
    X = make_lorenz63(1400, dt=0.025, random_state=0)
    model = NGRCRegressor(dt=0.025).fit(X[:400])
    fc = model.forecast(X[:400], 300)
    vpt = valid_prediction_time(
        X[400:700], fc, dt=0.025, lyapunov_exponent=0.906, scale=X.std(0)
    )
    assert vpt > 3.0


def test_esn_reconstructs_lorenz_attractor():
    X = make_lorenz63(20_000, dt=0.02, random_state=0, standardize=True)
    model = ReservoirRegressor(n_reservoir=300, random_state=0).fit(X)
    sim = model.simulate(20_000, transient=500)
    assert state_space_divergence(X, sim) < 1.0


def test_esn_batch_rollout_equals_single(lorenz63):
    model = ReservoirRegressor(n_reservoir=80, washout=20, random_state=0).fit(lorenz63)
    states = model._teacher_forced_states(model._to_model(lorenz63[:300]))[[100, 299]]
    batch = model._rollout(states, 15, None)
    single = model._rollout(states[1:], 15, None)
    assert_allclose(batch[1], single[0], rtol=1e-4, atol=1e-5)


def test_esn_parameters_validated():
    with pytest.raises(ValueError, match="leak_rate"):
        ReservoirRegressor(leak_rate=1.5).fit(np.ones((300, 2)))
