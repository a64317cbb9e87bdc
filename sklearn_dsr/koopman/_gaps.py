"""Irregular and missing samples: placing them on a grid, filling the gaps."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

__all__ = ["interpolated_residuals", "regrid"]


def regrid(X, times, dt):
    """Place irregularly timed samples on a uniform grid (NaN where empty).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    times : array-like of shape (n_samples,)
        Increasing sample times.
    dt : float
        Grid spacing.

    Returns
    -------
    grid : ndarray of shape (n_grid, n_features)
        Row ``k`` holds the sample nearest to ``times[0] + k dt`` if one falls
        within ``dt / 2`` of it, else NaN.
    """
    X = np.asarray(X, dtype=float)
    times = np.asarray(times, dtype=float).ravel()
    if times.shape != (len(X),) or np.any(np.diff(times) <= 0):
        raise ValueError(
            f"times must be {len(X)} strictly increasing values, one per row of X."
        )
    index = np.rint((times - times[0]) / dt).astype(int)
    grid = np.full((index[-1] + 1, X.shape[1]), np.nan)
    grid[index] = X
    return grid


def interpolated_residuals(residuals):
    """NaN entries of ``residuals`` (n, d) filled by linear interpolation in time.

    Observed entries become 0: the correction applies to the gaps only.
    Columns without observations get no correction.
    """
    out = np.zeros_like(residuals)
    t = np.arange(len(residuals))
    for j, column in enumerate(residuals.T):
        seen = np.isfinite(column)
        if seen.any() and not seen.all():
            out[~seen, j] = np.interp(t[~seen], t[seen], column[seen])
    return out
