"""Numerical pieces of HAVOK: rank choice, derivatives, exact discretisation.

Kept apart from the estimator so each can be checked against its closed form:
the Gavish-Donoho threshold, the fourth-order central difference of Brunton et
al.'s code, and the first-order-hold discretisation that ``scipy.signal.lsim``
uses for a linear system driven by a sampled input.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from scipy import linalg, stats

__all__ = [
    "central_difference4",
    "foh_discretize",
    "forcing_statistics",
    "optimal_rank",
]


def optimal_rank(singular_values, shape):
    """Gavish-Donoho optimal hard threshold for an unknown noise level.

    Keeps the singular values above ``omega(beta) * median(singular_values)``
    with ``beta`` the aspect ratio and ``omega`` the authors' cubic fit
    (Gavish & Donoho 2014, eq. 5).

    Parameters
    ----------
    singular_values : ndarray
        All singular values of the matrix, in decreasing order.
    shape : tuple of int
        Shape of the matrix.

    Returns
    -------
    rank : int
        Number of singular values above the threshold (at least 1).
    """
    beta = min(shape) / max(shape)
    omega = 0.56 * beta**3 - 0.95 * beta**2 + 1.82 * beta + 1.43
    cutoff = omega * np.median(singular_values)
    return max(int(np.sum(singular_values > cutoff)), 1)


def central_difference4(V, dt):
    """Fourth-order central difference along axis 0 (interior rows only).

    Returns
    -------
    dV : ndarray of shape (len(V) - 4, n_columns)
        Derivative at rows ``2 .. len(V) - 3``.
    """
    return (-V[4:] + 8 * V[3:-1] - 8 * V[1:-3] + V[:-4]) / (12 * dt)


def foh_discretize(A, B, dt):
    """Exact sampling of ``dv/dt = A v + B u`` with ``u`` linear between samples.

    Returns
    -------
    Phi, G0, G1 : ndarray
        ``v[k+1] = Phi v[k] + G0 u[k] + G1 u[k+1]`` -- the first-order hold
        that ``scipy.signal.lsim`` applies to sampled inputs.
    """
    n, m = B.shape
    M = np.zeros((n + 2 * m, n + 2 * m))
    M[:n, :n] = A * dt
    M[:n, n : n + m] = B * dt
    M[n : n + m, n + m :] = np.eye(m)
    E = linalg.expm(M)
    Phi, gamma1, gamma2 = E[:n, :n], E[:n, n : n + m], E[:n, n + m :]
    return Phi, gamma1 - gamma2, gamma2


def forcing_statistics(forcing, threshold):
    """How intermittent a HAVOK forcing signal is.

    Parameters
    ----------
    forcing : ndarray of shape (n_samples,)
        The forcing coordinate, in units of its root mean square.
    threshold : float
        A sample is "active" when ``|forcing| > threshold``.

    Returns
    -------
    stats : dict
        ``active_fraction`` (share of active samples), ``gaussian_active_fraction``
        (the same share for a Gaussian of equal RMS, for comparison),
        ``kurtosis`` (Pearson; 3 for a Gaussian) and ``threshold``.
    """
    rms = np.sqrt(np.mean(forcing**2))
    return {
        "active_fraction": float(np.mean(np.abs(forcing) > threshold * rms)),
        "gaussian_active_fraction": float(2 * stats.norm.sf(threshold)),
        "kurtosis": float(stats.kurtosis(forcing, fisher=False)),
        "threshold": float(threshold),
    }
