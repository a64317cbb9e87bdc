"""EDMD and its residual check (ResDMD), on plain dictionary matrices.

Notation (Colbrook & Townsend 2024): snapshot pairs ``(x_m, y_m = F(x_m))``,
dictionary matrices ``Psi_X[m, j] = psi_j(x_m)`` and ``Psi_Y[m, j] =
psi_j(y_m)``. EDMD approximates the Koopman operator on the span of the
dictionary by ``K = Psi_X^+ Psi_Y``; a candidate eigenpair ``(lam, v)`` stands
for the observable ``g = psi . v``. Its *residual*

    res(lam, v) = ||Psi_Y v - lam Psi_X v|| / ||Psi_X v||

is the relative error of ``g(F(x)) = lam g(x)`` over the data -- it needs
nothing beyond the snapshots, and separates true spectral content (small
residual) from the spurious eigenvalues a truncated dictionary produces.
It equals the quadratic form ``v*(L - lam A* - conj(lam) A + |lam|^2 G) v /
(v* G v)`` of the paper but is evaluated directly, which keeps full precision
for residuals near zero.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from scipy import linalg

__all__ = ["edmd", "pseudospectrum", "residuals", "snapshot_factor"]


def edmd(psi_x, psi_y, rank=None):
    """EDMD in the principal basis of the dictionary.

    The dictionary matrix is factored as ``Psi_X = U S Vh``. Working with the
    ``r`` leading directions ``P = Vh[:r].conj().T`` drops the numerically
    redundant combinations (duplicated or collinear observables) that would
    otherwise appear as spurious eigenvalues; ``rank`` truncates further.

    Parameters
    ----------
    psi_x, psi_y : ndarray of shape (n_pairs, n_observables)
        Dictionary evaluated on the snapshots and on their successors.
    rank : int or None, default=None
        Number of principal directions kept; None keeps the numerical rank.

    Returns
    -------
    K : ndarray of shape (r, r)
        Koopman matrix acting on coefficient vectors: ``Psi_X P K ~ Psi_Y P``.
    basis : ndarray of shape (n_observables, r)
        ``P``: the reduced observables are ``psi(x) @ P``.
    """
    U, s, Vh = linalg.svd(psi_x, full_matrices=False)
    numerical_rank = int(np.sum(s > s[0] * max(psi_x.shape) * np.finfo(float).eps))
    if rank is None:
        rank = numerical_rank
    elif rank > numerical_rank:
        raise ValueError(
            f"rank={rank} is larger than the data allow: the dictionary has "
            f"numerical rank {numerical_rank} on these {len(psi_x)} snapshot "
            "pairs. Lower rank or add data."
        )
    basis = Vh[:rank].conj().T
    K = (U[:, :rank].conj().T @ (psi_y @ basis)) / s[:rank, None]
    return K, basis


def residuals(psi_x, psi_y, eigenvalues, eigenvectors):
    """ResDMD residual of every candidate eigenpair.

    Parameters
    ----------
    psi_x, psi_y : ndarray of shape (n_pairs, n_observables)
        Dictionary matrices of the snapshot pairs.
    eigenvalues : ndarray of shape (n_eigs,)
    eigenvectors : ndarray of shape (n_observables, n_eigs)
        Coefficient vectors of the candidate eigenfunctions.

    Returns
    -------
    residuals : ndarray of shape (n_eigs,)
        Relative residual of each pair; ``inf`` where the candidate vanishes
        on the data.
    """
    gx = psi_x @ eigenvectors
    gy = psi_y @ eigenvectors
    num = np.linalg.norm(gy - gx * eigenvalues, axis=0)
    den = np.linalg.norm(gx, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, np.inf)


def snapshot_factor(psi_x, psi_y):
    """Triangular factor ``R`` of ``[Psi_X, Psi_Y] = Q R``, for pseudospectra.

    It holds everything :func:`pseudospectrum` needs from the snapshots in a
    ``(2n, 2n)`` matrix, so a fitted model need not keep the data.
    """
    n = psi_x.shape[1]
    R = linalg.qr(np.hstack([psi_x, psi_y]), mode="r")[0]
    return np.vstack([R, np.zeros((max(2 * n - len(R), 0), 2 * n))])[: 2 * n]


def pseudospectrum(factor, z):
    """Residual-based pseudospectrum ``tau(z)`` on points of the complex plane.

    ``tau(z) = min_g ||K g - z g|| / ||g||`` over observables ``g`` in the span
    of the dictionary, computed as the smallest singular value of
    ``(Psi_Y - z Psi_X) R_X^-1`` with ``Psi_X = Q R_X`` (Colbrook & Townsend's
    Algorithm 2). ``{z : tau(z) < eps}`` is contained in the
    ``eps``-pseudospectrum of the Koopman operator.

    Parameters
    ----------
    factor : ndarray of shape (2n, 2n)
        :func:`snapshot_factor` of dictionary matrices of full column rank.
    z : array-like of complex
        Points at which to evaluate.

    Returns
    -------
    tau : ndarray of the shape of ``z``
    """
    n = factor.shape[1] // 2
    rx, ry = factor[:, :n], factor[:, n:]
    # Psi_Y - z Psi_X = Q (ry - z rx): every z needs only a small (2n x n) SVD
    rx_inv = linalg.solve_triangular(rx[:n], np.eye(n))
    z = np.asarray(z, dtype=complex)
    tau = [linalg.svdvals((ry - zk * rx) @ rx_inv)[-1] for zk in z.ravel()]
    return np.reshape(tau, z.shape)
