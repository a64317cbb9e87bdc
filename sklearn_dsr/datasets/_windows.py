"""Window data sets of the time-series generation literature."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral

import numpy as np
from sklearn.utils import check_random_state

from sklearn_dsr.utils._param_validation import Interval, validate_params

__all__ = ["make_sines", "random_windows"]


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "seq_len": [Interval(Integral, 1, None, closed="left")],
        "n_channels": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_sines(n_samples=10_000, seq_len=24, n_channels=5, *, random_state=None):
    """Windows of sines with random frequencies and phases (TimeGAN's "sines").

    Channel ``c`` of window ``i`` is ``sin(f t + phi)`` for ``t = 0 ..
    seq_len - 1`` with ``f`` and ``phi`` drawn uniformly from ``[0, 0.1)`` per
    window and channel, rescaled to ``[0, 1]`` -- the data of Yoon et al.
    (2019) used by KoVAE and most time-series generators.

    Parameters
    ----------
    n_samples : int, default=10_000
        Number of windows.
    seq_len : int, default=24
        Window length.
    n_channels : int, default=5
        Number of channels.
    random_state : int, RandomState instance or None, default=None
        Seeds the frequencies and phases.

    Returns
    -------
    X : ndarray of shape (n_samples, seq_len, n_channels)

    Examples
    --------
    >>> from sklearn_dsr.datasets import make_sines
    >>> make_sines(3, random_state=0).shape
    (3, 24, 5)
    """
    rng = check_random_state(random_state)
    f = rng.uniform(0, 0.1, size=(n_samples, 1, n_channels))
    phi = rng.uniform(0, 0.1, size=(n_samples, 1, n_channels))
    t = np.arange(seq_len)[None, :, None]
    return (np.sin(f * t + phi) + 1.0) / 2.0


def random_windows(X, n_windows, seq_len, *, random_state=None):
    """Random windows of ``seq_len`` consecutive rows of one trajectory.

    Parameters
    ----------
    X : array-like of shape (n_timesteps, n_features)
    n_windows : int
    seq_len : int
    random_state : int, RandomState instance or None, default=None

    Returns
    -------
    windows : ndarray of shape (n_windows, seq_len, n_features)
    """
    X = np.asarray(X)
    if len(X) < seq_len:
        raise ValueError(f"X has {len(X)} time steps, fewer than seq_len={seq_len}.")
    rng = check_random_state(random_state)
    starts = rng.randint(0, len(X) - seq_len + 1, n_windows)
    return X[starts[:, None] + np.arange(seq_len)]
