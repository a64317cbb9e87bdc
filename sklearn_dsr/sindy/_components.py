"""pysindy building blocks made from flat, grid-searchable parameters.

pysindy's objects validate in ``__init__``, mutate default dictionaries and keep
state across refits (``EnsembleOptimizer.coef_list``), so the estimator never
stores them: it builds fresh ones from its own parameters in every ``fit``, and
copies any object the user passed. This module does that building, plus the
one thing pysindy cannot do quickly: evaluating a fitted library on one state
thousands of times inside an ODE solver. :func:`library_function` turns a
fitted polynomial/Fourier library into a vectorised numpy function.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import copy
import warnings

import numpy as np
import pysindy as ps
from sklearn.base import clone

from sklearn_dsr.utils._polynomial import evaluate_monomials, powers_to_indices

__all__ = [
    "fit_stlsq",
    "library_function",
    "make_differentiation",
    "make_library",
    "min_samples",
]


def _copy(obj):
    # pysindy objects are BaseEstimators, but some break clone's invariants
    try:
        return clone(obj)
    except (RuntimeError, TypeError):
        return copy.deepcopy(obj)


def make_library(library, degree, n_frequencies, include_bias):
    """A fresh pysindy feature library.

    Parameters
    ----------
    library : {"polynomial", "fourier", "polynomial+fourier"} or library object
        Named library, or a pysindy ``BaseFeatureLibrary`` (copied).
    degree : int
        Highest degree of the polynomial terms.
    n_frequencies : int
        Number of frequencies of the Fourier terms.
    include_bias : bool
        Whether the polynomial library has a constant term.
    """
    if not isinstance(library, str):
        return _copy(library)
    parts = []
    if "polynomial" in library:
        parts.append(ps.PolynomialLibrary(degree=degree, include_bias=include_bias))
    if "fourier" in library:
        parts.append(ps.FourierLibrary(n_frequencies=n_frequencies))
    return parts[0] if len(parts) == 1 else ps.ConcatLibrary(parts)


def make_differentiation(differentiation, smoother_window):
    """A fresh pysindy differentiation method (called as ``method(x, t)``).

    Parameters
    ----------
    differentiation : {"finite_difference", "smoothed_finite_difference", \
            "spectral"} or differentiation object
        Second-order central differences; the same after a Savitzky-Golay
        smoother (for noisy data); Fourier differentiation (periodic data); or
        a pysindy ``BaseDifferentiation`` (copied).
    smoother_window : int
        Window length of the Savitzky-Golay smoother.
    """
    if not isinstance(differentiation, str):
        return _copy(differentiation)
    if differentiation == "finite_difference":
        return ps.FiniteDifference(order=2)
    if differentiation == "smoothed_finite_difference":
        # a fresh dict: pysindy fills its default dict in place
        kws = {"window_length": smoother_window, "polyorder": 3}
        return ps.SmoothedFiniteDifference(smoother_kws=kws)
    return ps.SpectralDerivative()


def min_samples(differentiation, smoother_window):
    """Fewest samples per trajectory the differentiation method can handle."""
    if differentiation == "smoothed_finite_difference":
        return max(smoother_window, 5)
    return 3


def fit_stlsq(theta, target, *, threshold, alpha, max_iter, normalize_columns):
    """Sequentially thresholded ridge regression (pysindy's ``STLSQ``).

    Returns
    -------
    coef : ndarray of shape (n_targets, n_library_features)
    n_iter : int
        Thresholding iterations run.
    """
    optimizer = ps.STLSQ(
        threshold=threshold,
        alpha=alpha,
        max_iter=max_iter,
        normalize_columns=normalize_columns,
    )
    with warnings.catch_warnings():
        # an empty model is reported once, by the estimator, with advice
        warnings.filterwarnings("ignore", message="Sparsity parameter is too big")
        optimizer.fit(theta, target)
    return np.asarray(optimizer.coef_, dtype=np.float64), len(optimizer.history_)


def _fourier_function(library):
    ks = np.arange(1, library.n_frequencies + 1)
    switches = ((np.sin, library.include_sin), (np.cos, library.include_cos))
    trig = [f for f, on in switches if on]

    def evaluate(x):
        # columns: for each frequency k, for each variable j: sin(k x_j), cos(k x_j)
        kx = ks[None, :, None] * x[:, None, :]  # (n, n_freq, n_vars)
        blocks = np.stack([f(kx) for f in trig], axis=3)  # (n, n_freq, n_vars, n_trig)
        return blocks.reshape(len(x), -1)

    return evaluate


def library_function(library):
    """A vectorised numpy evaluator of a *fitted* pysindy library.

    Polynomial and Fourier libraries (and their concatenation) are evaluated
    from index tables with a handful of numpy calls, independently of the
    number of terms; any other library falls back to its own ``transform``.

    Returns
    -------
    evaluate : callable
        ``evaluate(x)`` maps ``(n_points, n_variables)`` to
        ``(n_points, n_library_features)``.
    """
    if isinstance(library, ps.PolynomialLibrary):
        table = powers_to_indices(library.powers_)
        return lambda x: evaluate_monomials(x, table)
    if isinstance(library, ps.FourierLibrary):
        return _fourier_function(library)
    if type(library) is ps.ConcatLibrary:
        parts = [library_function(lib) for lib in library.libraries]
        return lambda x: np.hstack([f(x) for f in parts])
    return lambda x: np.asarray(library.transform(x), dtype=np.float64)
