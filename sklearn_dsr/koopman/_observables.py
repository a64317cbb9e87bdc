"""Dictionaries of observables that sklearn does not already provide.

Any fitted sklearn transformer can be an EDMD dictionary (``PolynomialFeatures``
is the default; ``SplineTransformer``, ``Nystroem`` or a ``FeatureUnion`` work
as they are). Radial basis functions centred on the data are the one classic
choice missing from sklearn: ``RBFSampler`` gives random Fourier features, not
bumps at chosen centres.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral, Real

import numpy as np
from scipy.spatial.distance import cdist
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.cluster import KMeans
from sklearn.utils.validation import check_is_fitted, validate_data

from sklearn_dsr.utils._param_validation import Interval, _fit_context

__all__ = ["RadialBasisObservables"]


class RadialBasisObservables(TransformerMixin, BaseEstimator):
    """Gaussian bumps centred on k-means centres of the data, plus the state.

    The output is ``[1, x, exp(-gamma ||x - c_1||^2), ..., exp(-gamma ||x -
    c_n||^2)]``: the constant and the state itself keep the Koopman model able
    to represent the mean and to map back to the state exactly, and the bumps
    resolve the nonlinear structure between the centres.

    Parameters
    ----------
    n_centers : int, default=50
        Number of radial basis functions (k-means clusters of the data).
    gamma : float or None, default=None
        Width parameter; None uses ``1 / (2 median_distance^2)`` between
        neighbouring centres, so the bumps overlap whatever the data's scale.
    include_state : bool, default=True
        Prepend the constant and the state.
    random_state : int, RandomState instance or None, default=None
        Seeds k-means.

    Attributes
    ----------
    centers_ : ndarray of shape (n_centers, n_features)
        Centres of the basis functions.
    gamma_ : float
        Width parameter used.
    n_features_in_ : int
        Number of input variables.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_dsr.koopman import RadialBasisObservables
    >>> X = np.random.default_rng(0).normal(size=(200, 2))
    >>> RadialBasisObservables(n_centers=10, random_state=0).fit_transform(X).shape
    (200, 13)
    """

    _parameter_constraints: dict = {
        "n_centers": [Interval(Integral, 1, None, closed="left")],
        "gamma": [Interval(Real, 0, None, closed="neither"), None],
        "include_state": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self, n_centers=50, *, gamma=None, include_state=True, random_state=None
    ):
        self.n_centers = n_centers
        self.gamma = gamma
        self.include_state = include_state
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Place the centres by k-means on ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training states.
        y : None
            Ignored.

        Returns
        -------
        self : object
        """
        X = validate_data(self, X, dtype=np.float64)
        n_centers = min(self.n_centers, len(np.unique(X, axis=0)))
        km = KMeans(n_clusters=n_centers, n_init=1, random_state=self.random_state)
        self.centers_ = km.fit(X).cluster_centers_
        if self.gamma is None:
            d = cdist(self.centers_, self.centers_)
            np.fill_diagonal(d, np.inf)
            nearest = d.min(axis=1) if len(d) > 1 else np.ones(1)
            spread = float(np.median(nearest[np.isfinite(nearest)])) or 1.0
            self.gamma_ = 1.0 / (2.0 * spread**2)
        else:
            self.gamma_ = float(self.gamma)
        return self

    def transform(self, X):
        """Evaluate the observables.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            States.

        Returns
        -------
        features : ndarray of shape (n_samples, n_outputs)
            ``1 + n_features_in_ + n_centers`` columns with ``include_state``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        bumps = np.exp(-self.gamma_ * cdist(X, self.centers_, "sqeuclidean"))
        if not self.include_state:
            return bumps
        return np.hstack([np.ones((len(X), 1)), X, bumps])
