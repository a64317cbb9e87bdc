"""Lyapunov spectrum of a piecewise-linear map (Benettin / QR method)."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

__all__ = ["lyapunov_spectrum"]


def lyapunov_spectrum(
    pwl_map, z0, *, n_steps=10_000, transient=1000, dt=1.0, qr_every=1
):
    """All Lyapunov exponents of the map from the Jacobians along an orbit.

    Parameters
    ----------
    pwl_map : PiecewiseLinearMap
    z0 : ndarray of shape (n_latent,)
        Initial latent state.
    n_steps : int, default=10_000
        Steps over which the exponents are averaged.
    transient : int, default=1000
        Steps run first and discarded.
    dt : float, default=1.0
        Time per step; exponents are returned per time unit.
    qr_every : int, default=1
        Re-orthonormalise every this many steps.

    Returns
    -------
    exponents : ndarray of shape (n_latent,)
        Sorted in decreasing order.
    """
    z = pwl_map.advance(z0, transient)
    Z = pwl_map.rollout(z, n_steps)[0]
    patterns = pwl_map.switches(Z)
    unique, inverse = np.unique(patterns, axis=0, return_inverse=True)
    jacobians = np.swapaxes(pwl_map.region_jacobians(unique), 1, 2)
    inverse = inverse.ravel()
    M = pwl_map.n_latent
    Q = np.eye(M)
    log_growth = np.zeros(M)
    for t in range(n_steps):
        Q = jacobians[inverse[t]] @ Q
        if (t + 1) % qr_every == 0 or t + 1 == n_steps:
            Q, R = np.linalg.qr(Q)
            log_growth += np.log(np.maximum(np.abs(np.diag(R)), 1e-300))
    return np.sort(log_growth / (n_steps * dt))[::-1]
