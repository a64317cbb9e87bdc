import numpy as np
import pytest
from numpy.testing import assert_allclose

from sklearn_dsr.datasets import (
    get_system,
    list_systems,
    load_dysts,
    make_lorenz63,
    make_lorenz96,
    make_mackey_glass,
    make_system,
)
from sklearn_dsr.datasets._integrate import integrate_ode
from sklearn_dsr.metrics import max_lyapunov_exponent


@pytest.mark.parametrize("name", list_systems())
def test_every_system_generates_finite_bounded_data(name):
    system = get_system(name)
    X = make_system(name, 300, random_state=0)
    assert X.shape == (300, len(system.variables))
    assert np.all(np.isfinite(X))
    assert system.max_lyapunov >= 0 and system.period > 0 and system.reference


def test_random_state_reproducible_and_different():
    a = make_lorenz63(200, random_state=0)
    assert_allclose(a, make_lorenz63(200, random_state=0))
    assert not np.allclose(a, make_lorenz63(200, random_state=1))


def test_noise_standardize_and_batch():
    clean = make_lorenz63(5000, random_state=0, standardize=True)
    assert_allclose(clean.mean(0), 0, atol=1e-10)
    assert_allclose(clean.std(0), 1, atol=1e-10)
    noisy = make_lorenz63(5000, random_state=0, standardize=True, noise=0.05)
    resid = noisy - clean
    assert_allclose(resid.std(0), 0.05, rtol=0.1)
    X3 = make_lorenz63(100, n_trajectories=4, random_state=0)
    assert X3.shape == (4, 100, 3)
    assert not np.allclose(X3[0], X3[1])


def test_rk4_is_fourth_order_on_a_linear_system():
    # x' = -x has the exact solution exp(-t)
    def rhs(x):
        return (-x[0],)

    errs = []
    for dt in (0.2, 0.1):
        X = integrate_ode(rhs, (1.0,), 11, dt, (), max_step=dt)
        errs.append(abs(X[-1, 0] - np.exp(-10 * dt)))
    assert 12 < errs[0] / errs[1] < 20  # ~2^4


def test_substeps_agree_with_fine_integration():
    coarse = make_lorenz63(30, dt=0.05, transient=0, random_state=0)
    fine = make_system("lorenz63", 151, dt=0.01, transient=0, random_state=0)
    assert_allclose(coarse[:11], fine[::5][:11], atol=1e-4)


def test_lorenz_lyapunov_from_generated_data():
    X = make_lorenz63(20_000, dt=0.01, random_state=0)
    assert 0.7 < max_lyapunov_exponent(X, dt=0.01) < 1.1


def test_lorenz96_size_from_initial_state_and_bad_parameters():
    X = make_lorenz96(100, initial_state=np.full(6, 8.0) + np.arange(6) % 2)
    assert X.shape == (100, 6)
    with pytest.raises(ValueError, match="Unknown parameters"):
        make_lorenz63(10, rho_typo=3)
    with pytest.raises(ValueError, match="must have 3"):
        make_lorenz63(10, initial_state=[1.0, 2.0])
    with pytest.raises(ValueError, match="Unknown system"):
        make_system("nope")


def test_mackey_glass_delay_equation_statistics():
    X = make_mackey_glass(4000, random_state=0)
    # the tau = 17 attractor lives roughly in [0.2, 1.4] around 0.9
    assert 0.15 < X.min() and X.max() < 1.5
    assert 0.8 < X.mean() < 1.0


def test_load_dysts_matches_our_lorenz():
    pytest.importorskip("dysts")
    X, meta = load_dysts("Lorenz", n_steps=2000, random_state=0)
    assert X.shape == (2000, 3) and meta["period"] > 0
    ours = make_lorenz63(20_000, random_state=0)
    assert 0.8 < X[:, 2].mean() / ours[:, 2].mean() < 1.2
