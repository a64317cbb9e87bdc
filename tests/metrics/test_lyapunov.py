import numpy as np
import pytest

from sklearn_dsr import NGRCRegressor, ReservoirRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.metrics import max_lyapunov_exponent


def test_linear_model_has_known_exponent():
    # x_{t+1} = diag(0.5, 0.8) x_t: NG-RC of degree 1 learns it exactly
    t = np.arange(40)[:, None]
    x = np.hstack([0.5**t, 0.8**t])
    model = NGRCRegressor(n_delays=1, degree=1, alpha=0, standardize=False).fit(x)
    lam = max_lyapunov_exponent(model, n_steps=200, transient=100)
    assert lam == pytest.approx(np.log(0.8), abs=1e-6)
    model.set_params(dt=0.1)
    assert max_lyapunov_exponent(model, n_steps=200) == pytest.approx(10 * lam)


def test_ngrc_tangent_matches_finite_differences(lorenz63):
    model = NGRCRegressor().fit(lorenz63)
    state = model._teacher_forced_states(model._to_model(lorenz63[:50]))[-1]
    V = np.random.default_rng(0).standard_normal((len(state), 2))
    _, JV = model._tangent_step(state, V)
    eps = 1e-6
    for k in range(2):
        plus = model._advance(state[None] + eps * V[:, k])[0][0]
        minus = model._advance(state[None] - eps * V[:, k])[0][0]
        np.testing.assert_allclose(
            JV[:, k], (plus - minus) / (2 * eps), rtol=1e-4, atol=1e-6
        )


def test_esn_tangent_matches_finite_differences(lorenz63):
    model = ReservoirRegressor(n_reservoir=50, washout=10, random_state=0).fit(lorenz63)
    state = model._teacher_forced_states(model._to_model(lorenz63[:50]))[-1].astype(
        float
    )
    v = np.random.default_rng(0).standard_normal((len(state), 1))
    _, JV = model._tangent_step(state, v)
    eps = 1e-3  # float32 state: a larger step
    plus = model._advance_one((state + eps * v[:, 0]).astype(np.float32))
    minus = model._advance_one((state - eps * v[:, 0]).astype(np.float32))
    np.testing.assert_allclose(
        JV[:, 0], (plus - minus) / (2 * eps), rtol=2e-2, atol=2e-3
    )


def test_ngrc_on_lorenz_has_lorenz_exponent():
    X = make_lorenz63(4000, dt=0.025, random_state=0)
    model = NGRCRegressor(dt=0.025).fit(X)
    assert 0.6 < max_lyapunov_exponent(model, n_steps=4000) < 1.2
