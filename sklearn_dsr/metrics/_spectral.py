"""Power-spectrum distance D_H: Hellinger distance of smoothed spectra."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral, Real

import numpy as np
from scipy.ndimage import gaussian_filter1d

from sklearn_dsr.metrics._checks import check_pair
from sklearn_dsr.utils._param_validation import Interval, validate_params

__all__ = ["power_spectrum_distance"]


def _normalized_spectra(X, sigma, segment_length=None):
    n = len(X) if segment_length is None else segment_length
    # non-overlapping segments (the remainder is dropped); one without segmenting
    segments = X[: len(X) // n * n].reshape(-1, n, X.shape[1])
    mean = segments.mean(axis=1, keepdims=True)
    std = segments.std(axis=1, ddof=1, keepdims=True)
    flat = ~(std > 1e-10 * np.maximum(1.0, np.abs(mean)))
    Z = (segments - mean) / np.where(flat, 1.0, std)
    # Welch-style average of the z-scored segments' periodograms
    P = (np.abs(np.fft.rfft(Z, axis=1)) ** 2).mean(axis=0)
    constant = flat.all(axis=0)[0]
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
        "segment_length": [Interval(Integral, 2, None, closed="left"), None],
    },
    prefer_skip_nested_validation=True,
)
def power_spectrum_distance(X_true, X_gen, *, sigma=20.0, segment_length=None):
    """Power-spectrum distance D_H between two trajectories.

    Per variable: z-score, power spectrum ``|rfft|^2``, Gaussian smoothing with
    standard deviation ``sigma`` frequency bins (reflect, truncate 4),
    normalisation to unit mass, Hellinger distance
    ``sqrt(1 - sum sqrt(P Q))``; the mean over variables is returned. In
    [0, 1], lower is better. A constant variable (e.g. a model collapsed to a
    fixed point) has no spectrum and gets the maximal distance 1.

    With ``segment_length``, each trajectory is cut into non-overlapping
    segments of that length (a remainder is dropped) and the z-scored
    segments' spectra are averaged before smoothing (Welch's method without
    overlap or window). The two trajectories may then differ in length, e.g.
    many short free runs of a model against one long recording; ``sigma``
    counts bins of the segments' spectra, so ``sigma * segment_length / T``
    smooths as much as ``sigma`` does over a whole series of length ``T``.

    Parameters
    ----------
    X_true : array-like of shape (n_timesteps, n_features)
        Reference trajectory.
    X_gen : array-like of shape (n_timesteps, n_features)
        Generated trajectory of the same length (any length of at least
        ``segment_length`` when that is given).
    sigma : float, default=20.0
        Smoothing width in frequency bins (the field's standard; 0 disables).
    segment_length : int or None, default=None
        Average the spectra of segments of this many steps; None uses each
        whole trajectory as one segment.

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
    X_true, X_gen = check_pair(X_true, X_gen, same_length=segment_length is None)
    for name, X in (("X_true", X_true), ("X_gen", X_gen)):
        if segment_length is not None and segment_length > len(X):
            raise ValueError(
                f"segment_length={segment_length} exceeds the {len(X)} time steps "
                f"of {name}."
            )
    P, const_p = _normalized_spectra(X_true, sigma, segment_length)
    Q, const_q = _normalized_spectra(X_gen, sigma, segment_length)
    overlap = np.sqrt(P * Q).sum(axis=0)
    H = np.sqrt(np.clip(1.0 - overlap, 0.0, None))
    H[const_p | const_q] = 1.0
    H[const_p & const_q] = 0.0
    return float(H.mean())
