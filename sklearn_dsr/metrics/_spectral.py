"""Power-spectrum distance D_H: Hellinger distance of smoothed spectra."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Real

import numpy as np
from scipy.ndimage import gaussian_filter1d

from sklearn_dsr.metrics._checks import check_pair
from sklearn_dsr.utils._param_validation import Interval, validate_params

__all__ = ["power_spectrum_distance"]


def _normalized_spectra(X, sigma):
    std = X.std(axis=0, ddof=1)
    constant = ~(std > 1e-10 * np.maximum(1.0, np.abs(X.mean(axis=0))))
    Z = (X - X.mean(axis=0)) / np.where(constant, 1.0, std)
    P = np.abs(np.fft.rfft(Z, axis=0)) ** 2
    if sigma > 0:
        P = gaussian_filter1d(P, sigma, axis=0, mode="reflect", truncate=4.0)
        P = np.clip(P, 0.0, None)
    total = P.sum(axis=0)
    return P / np.where(total > 0, total, 1.0), constant


@validate_params(
    {
        "X_true": ["array-like"],
        "X_gen": ["array-like"],
        "sigma": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def power_spectrum_distance(X_true, X_gen, *, sigma=20.0):
    """Power-spectrum distance D_H between two equally long trajectories.

    Per variable: z-score, power spectrum ``|rfft|^2``, Gaussian smoothing with
    standard deviation ``sigma`` frequency bins (reflect, truncate 4),
    normalisation to unit mass, Hellinger distance
    ``sqrt(1 - sum sqrt(P Q))``; the mean over variables is returned. In
    [0, 1], lower is better. A constant variable (e.g. a model collapsed to a
    fixed point) has no spectrum and gets the maximal distance 1.

    Parameters
    ----------
    X_true : array-like of shape (n_timesteps, n_features)
        Reference trajectory.
    X_gen : array-like of shape (n_timesteps, n_features)
        Generated trajectory of the same length.
    sigma : float, default=20.0
        Smoothing width in frequency bins (the field's standard; 0 disables).

    Returns
    -------
    distance : float
        Mean Hellinger distance over variables.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_dsr.metrics import power_spectrum_distance
    >>> t = np.arange(4000)[:, None] * 0.05
    >>> power_spectrum_distance(np.sin(t), np.sin(t + 1.0)) < 0.01  # same frequency
    True
    >>> power_spectrum_distance(np.sin(t), np.sin(3 * t)) > 0.8  # another frequency
    True
    """
    X_true, X_gen = check_pair(X_true, X_gen, same_length=True)
    P, const_p = _normalized_spectra(X_true, sigma)
    Q, const_q = _normalized_spectra(X_gen, sigma)
    overlap = np.sqrt(P * Q).sum(axis=0)
    H = np.sqrt(np.clip(1.0 - overlap, 0.0, None))
    H[const_p | const_q] = 1.0
    H[const_p & const_q] = 0.0
    return float(H.mean())
