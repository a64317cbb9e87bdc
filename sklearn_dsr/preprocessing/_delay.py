"""Delay (Takens) embedding as a scikit-learn transformer."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from sklearn_dsr.utils._param_validation import Interval, StrOptions, _fit_context
from sklearn_dsr.utils._validation import check_trajectories

__all__ = ["DelayEmbedding", "delay_embed"]


def delay_embed(X, n_delays, delay=1, *, drop=False):
    """Rows ``[x_t, x_{t-d}, ..., x_{t-(k-1)d}]`` of one trajectory, newest first.

    Parameters
    ----------
    X : ndarray of shape (n_timesteps, n_features)
        One trajectory.
    n_delays : int
        Number of lags ``k`` (including lag 0).
    delay : int, default=1
        Spacing ``d`` of the lags.
    drop : bool, default=False
        Drop the first ``(k-1) d`` rows (incomplete history) instead of
        filling the missing lags with the first sample.

    Returns
    -------
    embedded : ndarray of shape (n_rows, k * n_features)
        Lags grouped by time: the first ``n_features`` columns are ``X``.
    """
    span = (n_delays - 1) * delay
    if not drop:
        X = np.concatenate([np.repeat(X[:1], span, axis=0), X])
    windows = sliding_window_view(X, (span + 1, X.shape[1]))[:, 0]
    lags = windows[:, ::-1][:, ::delay]  # newest first
    return lags.reshape(len(lags), -1)


class DelayEmbedding(TransformerMixin, BaseEstimator):
    """Append time-delayed copies of every variable (a Takens embedding).

    Row ``t`` of the output is ``[x_t, x_{t-d}, ..., x_{t-(k-1)d}]`` with
    ``k = n_delays`` and ``d = delay``; the columns of each lag are grouped
    (all variables at lag 0, then all at lag ``d``, ...), so the first
    ``n_features_in_`` columns are the input itself and
    :meth:`inverse_transform` simply selects them. A scalar measurement of a
    chaotic system becomes a state whose dynamics is equivalent to the
    original one for ``k`` large enough (Takens 1981).

    Parameters
    ----------
    n_delays : int, default=3
        Number of lags ``k`` (including lag 0).
    delay : int, default=1
        Spacing ``d`` of the lags, in samples.
    padding : {"edge", "drop"}, default="edge"
        ``"edge"`` keeps the number of rows (as scikit-learn transformers must,
        e.g. inside a Pipeline): the first ``(k-1) d`` rows use the first
        sample for lags before the start. ``"drop"`` returns only rows with a
        complete history, ``(k-1) d`` fewer.

    Attributes
    ----------
    n_features_in_ : int
        Number of input variables.
    feature_names_in_ : ndarray of shape (n_features,)
        Input variable names, when ``X`` was a DataFrame.

    See Also
    --------
    NGRCRegressor : Builds on delay vectors of the same form.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_dsr.preprocessing import DelayEmbedding
    >>> X = np.arange(10.0).reshape(5, 2)
    >>> DelayEmbedding(n_delays=2, padding="drop").fit_transform(X)
    array([[2., 3., 0., 1.],
           [4., 5., 2., 3.],
           [6., 7., 4., 5.],
           [8., 9., 6., 7.]])
    >>> DelayEmbedding(n_delays=2).fit(X).get_feature_names_out()
    array(['x0', 'x1', 'x0_lag1', 'x1_lag1'], dtype=object)
    """

    _parameter_constraints: dict = {
        "n_delays": [Interval(Integral, 1, None, closed="left")],
        "delay": [Interval(Integral, 1, None, closed="left")],
        "padding": [StrOptions({"edge", "drop"})],
    }

    def __init__(self, n_delays=3, *, delay=1, padding="edge"):
        self.n_delays = n_delays
        self.delay = delay
        self.padding = padding

    @property
    def _span(self):
        return (self.n_delays - 1) * self.delay

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check ``X`` and remember its variables.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_timesteps, n_features)
            Trajectory (or a 3-D stack / list of trajectories).
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        check_trajectories(self, X, reset=True, min_timesteps=self._span + 1)
        return self

    def transform(self, X):
        """Delay-embed ``X``.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_timesteps, n_features)
            Trajectory (or a 3-D stack / list of trajectories).

        Returns
        -------
        X_embedded : ndarray of shape (n_rows, n_features * n_delays)
            ``n_rows`` is ``n_timesteps`` (``padding="edge"``) or
            ``n_timesteps - (n_delays - 1) * delay`` (``"drop"``). Pandas output
            is available through ``set_output(transform="pandas")``.
        """
        check_is_fitted(self)
        trajectories, form = check_trajectories(
            self, X, reset=False, min_timesteps=self._span + 1
        )
        out = [self._embed(t) for t in trajectories]
        if form.kind == "3d":
            return np.stack(out)
        return out if form.kind == "list" else out[0]

    def _embed(self, X):
        return delay_embed(X, self.n_delays, self.delay, drop=self.padding == "drop")

    def inverse_transform(self, X):
        """Return the lag-0 columns (the original variables).

        Parameters
        ----------
        X : array-like of shape (n_rows, n_features * n_delays)
            Embedded data.

        Returns
        -------
        X_original : ndarray of shape (n_rows, n_features)
            The undelayed variables.
        """
        check_is_fitted(self)
        X = np.asarray(X, dtype=float)
        expected = self.n_features_in_ * self.n_delays
        if X.ndim != 2 or X.shape[1] != expected:
            raise ValueError(
                f"Expected embedded data with {expected} columns, got shape {X.shape}."
            )
        return X[:, : self.n_features_in_]

    def get_feature_names_out(self, input_features=None):
        """Names of the embedded columns: ``name`` at lag 0, ``name_lag{j}`` after.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input names; defaults to ``feature_names_in_`` or ``x0, x1, ...``.

        Returns
        -------
        names : ndarray of str objects
            One name per output column.
        """
        check_is_fitted(self)
        if input_features is None:
            input_features = getattr(
                self,
                "feature_names_in_",
                [f"x{i}" for i in range(self.n_features_in_)],
            )
        elif len(input_features) != self.n_features_in_:
            raise ValueError(
                f"input_features has {len(input_features)} names, expected "
                f"{self.n_features_in_}."
            )
        names = []
        for j in range(self.n_delays):
            lag = j * self.delay
            names += [str(f) if lag == 0 else f"{f}_lag{lag}" for f in input_features]
        return np.asarray(names, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        return tags
