"""The Koopman VAE's linear latent prior."""

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_dsr.koopman._latent_prior import (
    bounded_eigenvalues,
    draw_initial_states,
    fit_initial_mixture,
    innovation_cholesky,
    linear_steps,
)


def test_radial_shrink_stays_inside_the_bound_despite_round_off():
    rng = np.random.default_rng(0)
    for _ in range(20):
        A = rng.normal(size=(16, 16)) / 2
        shrunk = bounded_eigenvalues(A, 1.0)
        radius = np.abs(np.linalg.eigvals(shrunk))
        assert radius.max() <= 1.0
        # eigenvalues inside the bound are kept
        inside = np.abs(np.linalg.eigvals(A)) < 0.9
        assert inside.sum() == (radius < 0.9).sum()


def test_no_bound_or_a_matrix_inside_it_is_returned_unchanged():
    A = np.diag([0.5, -0.3])
    assert bounded_eigenvalues(A, None) is A
    assert bounded_eigenvalues(A, 1.0) is A
    assert_allclose(np.abs(np.linalg.eigvals(bounded_eigenvalues(4 * A, 1.0))).max(), 1)


def test_linear_steps_are_matrix_powers():
    rng = np.random.default_rng(1)
    A, z = rng.normal(size=(3, 3)) / 2, rng.normal(size=(4, 3))
    Z = linear_steps(z, A, 5)
    assert Z.shape == (4, 5, 3)
    for k in range(5):
        assert_allclose(Z[:, k], z @ np.linalg.matrix_power(A, k + 1).T)


def test_noisy_steps_draw_one_block_per_step_before_it():
    A = np.array([[0.9, 0.1], [0.0, 0.8]])
    chol = np.array([[0.2, 0.0], [0.05, 0.1]])
    z0 = np.ones((3, 2))
    Z = linear_steps(z0, A, 4, innovation=chol, rng=np.random.RandomState(2))
    rng, z = np.random.RandomState(2), z0
    for k in range(4):
        z = z @ A.T + rng.standard_normal(z.shape) @ chol.T
        assert_array_equal(Z[:, k], z)


def test_innovation_covariance_is_that_of_the_residuals():
    rng = np.random.default_rng(3)
    A = np.array([[0.9, -0.2], [0.2, 0.9]])
    cov = np.array([[0.04, 0.01], [0.01, 0.02]])
    z = np.empty((200, 50, 2))
    z[:, 0] = rng.normal(size=(200, 2))
    noise = rng.multivariate_normal([0, 0], cov, size=(200, 49))
    for k in range(49):
        z[:, k + 1] = z[:, k] @ A.T + noise[:, k]
    L = innovation_cholesky(z, A)
    assert_allclose(L @ L.T, cov, atol=2e-3)
    # a single residual gives (jittered) zero covariance, still factorised
    assert_allclose(innovation_cholesky(z[:1, :2], A), 1e-9**0.5 * np.eye(2))


def test_initial_mixture_draws_follow_its_components():
    rng = np.random.default_rng(4)
    first = np.r_[rng.normal(-3, 0.1, (300, 2)), rng.normal(3, 0.1, (100, 2))]
    weights, means, chol = fit_initial_mixture(first, 2, seed=0)
    assert_allclose(np.sort(weights), [0.25, 0.75], atol=1e-6)
    drawn = draw_initial_states(np.random.RandomState(0), 4000, weights, means, chol)
    assert_allclose(drawn.mean(axis=0), first.mean(axis=0), atol=0.15)
    assert_allclose(np.mean(drawn[:, 0] > 0), 0.25, atol=0.03)
