"""Next-generation reservoir computing (NG-RC, Gauthier et al. 2021)."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral

import numpy as np

from sklearn_dsr.preprocessing._delay import delay_embed
from sklearn_dsr.reservoir._base import BaseReservoir
from sklearn_dsr.utils._param_validation import Interval
from sklearn_dsr.utils._polynomial import (
    evaluate_monomials,
    monomial_indices,
    monomial_jacobian,
)

__all__ = ["NGRCRegressor"]


class NGRCRegressor(BaseReservoir):
    """Next-generation reservoir computer: delays, monomials and a ridge readout.

    The feature vector of time ``t`` is the constant 1, the *linear* part
    ``[x_t, x_{t-s}, ..., x_{t-(k-1)s}]`` (``k = n_delays``, ``s = delay``) and
    all monomials of the linear part up to ``degree``. A ridge readout maps it
    to the increment ``x_{t+1} - x_t`` (Gauthier et al. 2021), so the model is
    an explicit, polynomial, discrete-time map -- an "NVAR". It needs no random
    reservoir, trains in one linear solve and forecasts chaotic flows for
    several Lyapunov times from a few hundred samples.

    Parameters
    ----------
    n_delays : int, default=2
        Number of time-delayed copies ``k`` in the linear part.
    delay : int, default=1
        Spacing ``s`` of the delays, in samples.
    degree : int, default=2
        Highest total degree of the monomials (2: quadratic, as the paper).
    alpha : float, default=1e-6
        Ridge penalty of the readout (on standardised data when
        ``standardize=True``).
    learn_increments : bool, default=True
        Predict ``x_{t+1} - x_t`` (the paper) instead of ``x_{t+1}``.
    dt : float, default=1.0
        Sampling interval (reporting only, e.g. Lyapunov exponents).
    standardize : bool, default=True
        Z-score the data inside ``fit``; outputs are in the user's units.
    random_state : int, RandomState instance or None, default=None
        Unused (the model is deterministic); kept for the common contract.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features, n_readout_features)
        Readout weights, one column per monomial (see ``monomials_``).
    monomials_ : ndarray of shape (n_readout_features, degree)
        Index table of the monomials into ``[1, linear part]``.
    n_readout_features_ : int
        Number of features of the readout.
    mean_ : ndarray of shape (n_features,)
        Mean used for standardisation.
    scale_ : ndarray of shape (n_features,)
        Standard deviation used for standardisation.
    initial_context_ : ndarray of shape (n_context, n_features)
        Start of the training data; the default initial condition of
        ``simulate``.
    n_features_in_ : int
        Number of variables seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the variables, when ``X`` was a DataFrame.

    See Also
    --------
    ReservoirRegressor : Echo-state network with a random recurrent reservoir.

    References
    ----------
    .. [1] Gauthier, Bollt, Griffith & Barbosa, "Next generation reservoir
       computing", Nature Communications 12, 5564 (2021).

    Examples
    --------
    >>> from sklearn_dsr import NGRCRegressor
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> X = make_lorenz63(n_steps=1000, dt=0.025, random_state=0)
    >>> model = NGRCRegressor(dt=0.025).fit(X[:400])
    >>> model.forecast(X[:400], n_steps=50).shape
    (50, 3)
    >>> model.n_readout_features_
    28
    """

    _parameter_constraints: dict = {
        **BaseReservoir._parameter_constraints,
        "n_delays": [Interval(Integral, 1, None, closed="left")],
        "delay": [Interval(Integral, 1, None, closed="left")],
        "degree": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        n_delays=2,
        *,
        delay=1,
        degree=2,
        alpha=1e-6,
        learn_increments=True,
        dt=1.0,
        standardize=True,
        random_state=None,
    ):
        self.n_delays = n_delays
        self.delay = delay
        self.degree = degree
        self.alpha = alpha
        self.learn_increments = learn_increments
        self.dt = dt
        self.standardize = standardize
        self.random_state = random_state

    # The state is the window of the last (k - 1) s + 1 observations, newest
    # first, flattened to ((k - 1) s + 1) * n_features.
    def _warmup_length(self):
        return (self.n_delays - 1) * self.delay

    def _initialize(self, n_features, rng):
        self.monomials_ = monomial_indices(self.n_delays * n_features, self.degree)

    def _linear(self, states):
        F = self.n_features_in_
        window = states.reshape(len(states), -1, F)
        return window[:, :: self.delay].reshape(len(states), -1)

    def _features(self, states):
        return evaluate_monomials(self._linear(states), self.monomials_)

    def _teacher_forced_states(self, trajectory):
        return delay_embed(trajectory, self._warmup_length() + 1)

    def _advance(self, states):
        """One free-running step: (next states, next observations)."""
        F = self.n_features_in_
        x_next = self._readout(states)
        nxt = np.empty_like(states)
        nxt[:, F:] = states[:, :-F]
        nxt[:, :F] = x_next
        return nxt, x_next

    def _rollout(self, states, n_steps, rng):
        out = np.empty((len(states), n_steps, self.n_features_in_))
        for t in range(n_steps):
            states, out[:, t] = self._advance(states)
        return out

    def _tangent_step(self, state, V):
        F = self.n_features_in_
        dfeat = monomial_jacobian(
            self._linear(state[None, :])[0], self.monomials_, self._linear(V.T).T
        )
        dx = self.coef_ @ dfeat
        if self.learn_increments:
            dx = dx + V[:F]
        return self._advance(state[None, :])[0][0], np.vstack([dx, V[:-F]])
