import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.preprocessing import FunctionTransformer, PolynomialFeatures

from sklearn_dsr import KoopmanRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.koopman import RadialBasisObservables

LAM, MU = 0.9, 0.5


def quadratic_map(x):
    """x' = lam x, y' = mu y + (lam^2 - mu) x^2: span{x, y, x^2} is invariant."""
    return np.c_[LAM * x[:, 0], MU * x[:, 1] + (LAM**2 - MU) * x[:, 0] ** 2]


@pytest.fixture(scope="module")
def pairs():
    # one-step snapshot pairs from random states: 400 trajectories of length 2
    x0 = np.random.default_rng(0).uniform(-1, 1, size=(400, 2))
    return np.stack([x0, quadratic_map(x0)], axis=1)


def linear_trajectory(n=300):
    theta = 0.3
    A = np.zeros((3, 3))
    A[:2, :2] = 0.95 * np.array(
        [[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]
    )
    A[2, 2] = 0.7
    X = np.empty((n, 3))
    X[0] = [1.0, 0.5, 2.0]
    for k in range(n - 1):
        X[k + 1] = A @ X[k]
    return X, np.sort_complex(np.linalg.eigvals(A))


def test_linear_system_eigenvalues_exact():
    X, expected = linear_trajectory()
    linear = PolynomialFeatures(degree=1, include_bias=False)
    model = KoopmanRegressor(linear, standardize=False, dt=0.1).fit(X)
    assert_allclose(np.sort_complex(model.eigenvalues_), expected, atol=1e-8)
    assert model.residuals_.max() < 1e-6
    assert_allclose(model.continuous_eigenvalues_, np.log(model.eigenvalues_) / 0.1)
    assert_allclose(model.forecast(X[:1], 50), X[1:51], atol=1e-8)
    # z-scoring adds a constant: the spectrum gains lam = 1, nothing else moves
    model = KoopmanRegressor(PolynomialFeatures(degree=1)).fit(X)
    got = np.sort_complex(model.eigenvalues_)
    assert_allclose(got, np.sort_complex(np.append(expected, 1.0)), atol=1e-8)


def test_invariant_polynomial_subspace_exact(pairs):
    invariant = FunctionTransformer(lambda x: np.c_[x, x[:, 0] ** 2])
    model = KoopmanRegressor(invariant, standardize=False).fit(pairs)
    assert_allclose(model.eigenvalues_, [LAM, LAM**2, MU], atol=1e-8)
    assert model.residuals_.max() < 1e-6
    # along a trajectory each eigenfunction is multiplied by its eigenvalue
    X = np.empty((20, 2))
    X[0] = [0.8, -0.3]
    for k in range(19):
        X[k + 1] = quadratic_map(X[k : k + 1])[0]
    phi = model.eigenfunctions(X)
    assert_allclose(phi[1:], phi[:-1] * model.eigenvalues_, atol=1e-10)
    assert_allclose(model.mean_ + (phi @ model.modes_).real, X, atol=1e-10)


def test_residuals_expose_and_remove_spurious_eigenvalues(pairs):
    true = np.array([1.0, LAM, LAM**2, LAM**3, MU, LAM * MU])
    model = KoopmanRegressor(PolynomialFeatures(3), standardize=False).fit(pairs)
    is_true = np.min(np.abs(model.eigenvalues_[:, None] - true), axis=1) < 1e-8
    assert is_true.sum() == len(true)
    assert model.residuals_[is_true].max() < 1e-6
    assert model.residuals_[~is_true].min() > 1e-2  # truncation: spurious
    verified = KoopmanRegressor(
        PolynomialFeatures(3), standardize=False, residual_threshold=1e-6
    ).fit(pairs)
    assert verified.n_discarded_ == (~is_true).sum()
    assert_allclose(np.sort(verified.eigenvalues_.real), np.sort(true), atol=1e-8)
    # x and y lie in the span of the verified eigenfunctions: exact forecasts
    x0 = np.array([[0.5, -0.4]])
    x1 = quadratic_map(x0)
    assert_allclose(
        verified.forecast(x0, 2), np.vstack([x1, quadratic_map(x1)]), atol=1e-8
    )


def test_pseudospectrum_vanishes_at_true_eigenvalues(pairs):
    invariant = FunctionTransformer(lambda x: np.c_[x, x[:, 0] ** 2])
    model = KoopmanRegressor(invariant, standardize=False).fit(pairs)
    tau = model.pseudospectrum([LAM, MU, 0.2 + 0.3j])
    assert tau[0] < 1e-8 and tau[1] < 1e-8
    # |z - nearest eigenvalue| bounds tau from below for this (normal) case
    assert tau[2] > 0.1


def test_rank_truncation_and_errors(pairs):
    X, _ = linear_trajectory()
    model = KoopmanRegressor(PolynomialFeatures(2), rank=4).fit(X)
    assert model.rank_ == 4 and model.koopman_matrix_.shape == (4, 4)
    with pytest.raises(ValueError, match="rank=50 is larger than the data allow"):
        KoopmanRegressor(PolynomialFeatures(2), rank=50).fit(X)
    bad = X.copy()
    bad[3, 0] = np.inf
    with pytest.raises(ValueError, match="contains NaN or infinity"):
        KoopmanRegressor().fit(bad)


def test_delay_observables_recover_oscillator_from_one_variable():
    t = np.arange(400) * 0.05
    x = (np.exp(-0.1 * t) * np.cos(2.0 * t))[:, None]  # damped oscillation
    linear = PolynomialFeatures(degree=1, include_bias=False)
    model = KoopmanRegressor(linear, n_delays=2, standardize=False, dt=0.05).fit(x)
    assert_allclose(
        np.sort_complex(model.continuous_eigenvalues_),
        [-0.1 - 2.0j, -0.1 + 2.0j],
        atol=1e-8,
    )
    assert_allclose(model.forecast(x[:10], 30), x[10:40], atol=1e-8)


def test_radial_basis_dictionary_on_lorenz():
    X = make_lorenz63(n_steps=3000, dt=0.01, random_state=0)
    rbf = RadialBasisObservables(n_centers=40, random_state=0)
    model = KoopmanRegressor(rbf, dt=0.01).fit(X)
    # lam = 1 (the constant) is exact; the forecast is good for a short while
    assert np.min(np.abs(model.eigenvalues_ - 1.0)) < 1e-8
    assert np.abs(model.forecast(X[:100], 5) - X[100:105]).max() < 0.5
    assert rbf.get_params()["n_centers"] == 40 and not hasattr(rbf, "centers_")
