"""The Koopman VAE's linear latent prior: its matrix, initial states and noise.

``z_{k+1} = A z_k (+ innovation)``: ``simulate``/``forecast`` run it without
noise from encoded states, ``sample`` draws the initial states from a
Gaussian mixture and adds Gaussian innovations. Both go through
:func:`linear_steps`.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from sklearn.mixture import GaussianMixture

__all__ = [
    "bounded_eigenvalues",
    "draw_initial_states",
    "fit_initial_mixture",
    "innovation_cholesky",
    "linear_steps",
]


def bounded_eigenvalues(A, max_eigenvalue):
    """``A`` with eigenvalues shrunk radially onto ``|lam| <= max_eigenvalue``.

    ``max_eigenvalue=None`` returns ``A`` unchanged, as does a matrix that
    already respects the bound.
    """
    if max_eigenvalue is None:
        return A
    lam, V = np.linalg.eig(A)
    radius = np.abs(lam)
    if radius.max() <= max_eigenvalue:
        return A
    # aim a hair inside the bound: rebuilding the matrix from its
    # eigenvectors moves the eigenvalues by round-off (1 + 4e-16 was seen)
    target = max_eigenvalue * (1.0 - 1e-12)
    lam = lam * np.minimum(1.0, target / np.maximum(radius, 1e-300))
    return np.real(V @ np.diag(lam) @ np.linalg.inv(V))


def fit_initial_mixture(first_states, n_components, seed):
    """Gaussian mixture of initial latent states: ``(weights, means, cholesky)``.

    Fitted after training ("ex-post density estimation", Ghosh et al. 2020):
    the encoded states do not follow the ``N(0, I)`` of the training prior,
    and on an attractor they are far from Gaussian.
    """
    mixture = GaussianMixture(
        min(n_components, len(first_states)), reg_covar=1e-6, random_state=seed
    ).fit(first_states)
    return mixture.weights_, mixture.means_, np.linalg.cholesky(mixture.covariances_)


def innovation_cholesky(latent_sequences, A):
    """Cholesky factor of the covariance of the one-step residuals ``z' - A z``.

    ``latent_sequences`` has shape (n_sequences, n_steps, n_latent). The
    covariance is zero from fewer than two residuals and slightly jittered so
    that it always factorises.
    """
    residuals = latent_sequences[:, 1:] - latent_sequences[:, :-1] @ A.T
    residuals = residuals.reshape(-1, A.shape[0])
    d = A.shape[0]
    if len(residuals) > 1:
        cov = np.cov(residuals.T).reshape(d, d)
    else:
        cov = np.zeros((d, d))
    return np.linalg.cholesky(cov + 1e-9 * np.eye(d))


def draw_initial_states(rng, n_samples, weights, means, cholesky):
    """``n_samples`` draws from the Gaussian mixture of initial states."""
    component = rng.choice(len(weights), n_samples, p=weights)
    noise = rng.standard_normal((n_samples, means.shape[1]))
    return means[component] + np.einsum("nij,nj->ni", cholesky[component], noise)


def linear_steps(z, A, n_steps, *, innovation=None, rng=None):
    """States after each of ``n_steps`` steps ``z <- A z (+ noise)`` from ``z``.

    Parameters
    ----------
    z : ndarray of shape (n, n_latent)
        Start states (not part of the output).
    A : ndarray of shape (n_latent, n_latent)
        The Koopman matrix.
    n_steps : int
        Number of steps.
    innovation : ndarray of shape (n_latent, n_latent), default=None
        Cholesky factor of the noise covariance; None runs without noise.
    rng : RandomState, default=None
        Draws the noise (one standard-normal block per step, before the
        step), required with ``innovation``.

    Returns
    -------
    Z : ndarray of shape (n, n_steps, n_latent)
    """
    Z = np.empty((len(z), n_steps, z.shape[1]))
    for k in range(n_steps):
        if innovation is None:
            z = z @ A.T
        else:
            noise = rng.standard_normal(z.shape) @ innovation.T
            z = z @ A.T + noise
        Z[:, k] = z
    return Z
