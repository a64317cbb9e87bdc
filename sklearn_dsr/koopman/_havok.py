"""HAVOK: chaos as an intermittently forced linear system (Brunton et al. 2017)."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral

import numpy as np
from scipy import linalg
from sklearn.base import clone
from sklearn.neighbors import KNeighborsRegressor
from sklearn.utils.validation import check_is_fitted

from sklearn_dsr.base import BaseDSREstimator
from sklearn_dsr.koopman._hankel import (
    central_difference4,
    foh_discretize,
    forcing_statistics,
    optimal_rank,
)
from sklearn_dsr.preprocessing._delay import delay_embed
from sklearn_dsr.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn_dsr.utils._validation import check_trajectories

__all__ = ["HAVOKRegressor"]


class HAVOKRegressor(BaseDSREstimator):
    """Hankel alternative view of Koopman: linear delay dynamics plus forcing.

    The delay vectors ``[x_t, x_{t-1}, ..., x_{t-q+1}]`` are decomposed by an
    SVD; in their ``r`` leading coordinates ``v_1 .. v_r`` the dynamics is
    almost linear, ``dv/dt = A v + B v_r`` with ``v = v_{1..r-1}``, and the last
    coordinate ``v_r`` acts as an intermittent, heavy-tailed *forcing* that
    switches the lobes of a chaotic attractor (Brunton et al. 2017).

    HAVOK cannot forecast by itself: ``v_r`` over the horizon must come from
    somewhere. ``forcing`` decides where:

    - ``"learned"``: a regression model (``forcing_model``) predicts the next
      forcing value from the current delay coordinates, so ``forecast`` and
      ``simulate`` are honest, closed-loop forecasts;
    - ``"zero"``: no forcing (the linear part alone; decays or oscillates);
    - ``"oracle"``: the forcing is measured from data. This is the paper's
      *reconstruction* setting, not a forecast: use :meth:`reconstruct`;
      ``forecast``/``simulate`` raise, ``predict`` uses the forcing measured
      at the next row.

    Parameters
    ----------
    n_delays : int, default=100
        Number of delays ``q`` (rows of the Hankel matrix per variable).
    delay : int, default=1
        Spacing of the delays, in samples.
    rank : int or "optimal", default=15
        Number ``r`` of SVD coordinates (the last one is the forcing); or the
        Gavish-Donoho optimal hard threshold.
    discrete_time : bool, default=False
        Fit ``v[k+1] = A v[k] + B v_r[k]`` instead of the ODE (the paper's
        choice for Rössler and EEG).
    forcing : {"learned", "zero", "oracle"}, default="learned"
        Source of the forcing in ``forecast``/``simulate``/``predict``.
    forcing_model : regressor or None, default=None
        Model of ``v_r[k+1]`` given the delay coordinates ``v_{1..r}[k]`` (unit
        RMS each), for ``forcing="learned"``. None uses nearest-neighbour
        analogues (``KNeighborsRegressor(10, weights="distance")``), which
        stay within the forcing values seen in training.
    dt : float, default=1.0
        Sampling interval.
    standardize : bool, default=False
        Z-score the data inside ``fit``. Off by default: the method is the SVD
        of the raw signal's Hankel matrix, and centring changes its modes.
        Turn it on when several variables have very different units.
    random_state : int, RandomState instance or None, default=None
        Unused (HAVOK is deterministic); kept for the common contract.

    Attributes
    ----------
    A_ : ndarray of shape (rank - 1, rank - 1)
        Linear dynamics of the first ``r - 1`` coordinates (per time unit, or
        per sample with ``discrete_time=True``).
    B_ : ndarray of shape (rank - 1,)
        Coupling of the forcing ``v_r`` into them.
    forcing_ : ndarray of shape (n_windows,)
        The forcing ``v_r`` along the training data, in units of its RMS.
    forcing_kurtosis_ : float
        Pearson kurtosis of ``forcing_`` (3 for a Gaussian; large values mean
        rare, strong bursts).
    rank_ : int
        Number of SVD coordinates used.
    singular_values_ : ndarray
        All singular values of the Hankel matrix.
    forcing_model_ : regressor or None
        The fitted forcing model (``forcing="learned"``).
    n_features_in_ : int
        Number of variables seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the variables, when ``X`` was a DataFrame.

    See Also
    --------
    KoopmanRegressor : EDMD on a dictionary of observables.

    References
    ----------
    .. [1] Brunton, Brunton, Proctor, Kaiser & Kutz, "Chaos as an
       intermittently forced linear system", Nature Communications 8, 19 (2017).

    Examples
    --------
    >>> from sklearn_dsr import HAVOKRegressor
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> x = make_lorenz63(n_steps=20000, dt=0.005, random_state=0)[:, :1]
    >>> model = HAVOKRegressor(n_delays=40, rank=11, dt=0.005).fit(x)
    >>> model.A_.shape, model.B_.shape
    ((10, 10), (10,))
    >>> model.reconstruct(x[:4000]).shape      # driven by the measured forcing
    (3961, 1)
    """

    _parameter_constraints: dict = {
        **BaseDSREstimator._parameter_constraints,
        "n_delays": [Interval(Integral, 2, None, closed="left")],
        "delay": [Interval(Integral, 1, None, closed="left")],
        "rank": [Interval(Integral, 2, None, closed="left"), StrOptions({"optimal"})],
        "discrete_time": ["boolean"],
        "forcing": [StrOptions({"learned", "zero", "oracle"})],
        "forcing_model": [HasMethods(["fit", "predict"]), None],
    }

    def __init__(
        self,
        n_delays=100,
        *,
        delay=1,
        rank=15,
        discrete_time=False,
        forcing="learned",
        forcing_model=None,
        dt=1.0,
        standardize=False,
        random_state=None,
    ):
        self.n_delays = n_delays
        self.delay = delay
        self.rank = rank
        self.discrete_time = discrete_time
        self.forcing = forcing
        self.forcing_model = forcing_model
        self.dt = dt
        self.standardize = standardize
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def _warmup_length(self):
        return (self.n_delays - 1) * self.delay

    def _min_timesteps(self):
        # the derivative stencil needs five complete windows
        return self._warmup_length() + 5

    def _svd_rank(self, singular_values, shape):
        if self.rank == "optimal":
            return max(optimal_rank(singular_values, shape), 2)
        if self.rank > min(shape):
            raise ValueError(
                f"rank={self.rank} is larger than the data allow: the Hankel "
                f"matrix is {shape[0]} windows x {shape[1]} delay coordinates. "
                "Lower rank or n_delays, or pass a longer series."
            )
        return self.rank

    def _fit_standardized(self, trajectories, rng):
        segments = [
            delay_embed(Z, self.n_delays, self.delay, drop=True) for Z in trajectories
        ]
        H = np.concatenate(segments)
        U, s, Vt = linalg.svd(H, full_matrices=False)
        r = self.rank_ = self._svd_rank(s, H.shape)
        # SVD signs are arbitrary; fix them so the mode's weight on the oldest
        # sample of the first variable is positive (the first row of Brunton
        # et al.'s Hankel matrix), making A_ and B_ reproducible
        sign = np.sign(Vt[:r, (self.n_delays - 1) * H.shape[1] // self.n_delays])
        sign[sign == 0] = 1.0
        U, Vt = U[:, :r] * sign, Vt[:r] * sign[:, None]
        self.singular_values_ = s
        # coordinates with unit RMS: A and B do not depend on this scaling
        root = np.sqrt(len(H))
        self._projection = Vt[:r].T / s[:r] * root
        self._readout = (s[:r, None] / root) * Vt[:r, : trajectories[0].shape[1]]
        coords = np.split(U[:, :r] * root, np.cumsum([len(g) for g in segments])[:-1])

        if self.discrete_time:
            inputs = np.concatenate([c[:-1] for c in coords])
            targets = np.concatenate([c[1:, : r - 1] for c in coords])
        else:
            inputs = np.concatenate([c[2:-2] for c in coords])
            targets = np.concatenate(
                [central_difference4(c[:, : r - 1], self.dt) for c in coords]
            )
        xi = linalg.lstsq(inputs, targets)[0]  # (r, r - 1)
        self.A_, self.B_ = xi[: r - 1].T, xi[r - 1]
        if self.discrete_time:
            self._step = (self.A_, self.B_, np.zeros_like(self.B_))
        else:
            Phi, G0, G1 = foh_discretize(self.A_, self.B_[:, None], self.dt)
            self._step = (Phi, G0[:, 0], G1[:, 0])

        self.forcing_ = np.concatenate([c[:, r - 1] for c in coords])
        self.forcing_kurtosis_ = forcing_statistics(self.forcing_, 1.0)["kurtosis"]
        self.forcing_model_ = None
        if self.forcing == "learned":
            inputs = np.concatenate([c[:-1] for c in coords])
            model = self.forcing_model
            if model is None:
                k = min(10, len(inputs))
                model = KNeighborsRegressor(n_neighbors=k, weights="distance")
            self.forcing_model_ = clone(model).fit(
                inputs, np.concatenate([c[1:, r - 1] for c in coords])
            )

    # ------------------------------------------------------------- dynamics
    def _teacher_forced_states(self, trajectory):
        return delay_embed(trajectory, self.n_delays, self.delay) @ self._projection

    def _advance(self, states, u_next):
        Phi, G0, G1 = self._step
        v, u = states[:, :-1], states[:, -1:]
        v = v @ Phi.T + u * G0 + u_next[:, None] * G1
        return np.hstack([v, u_next[:, None]])

    def _next_forcing(self, states):
        if self.forcing == "zero":
            return np.zeros(len(states))
        return np.asarray(self.forcing_model_.predict(states), dtype=float).ravel()

    def _rollout(self, states, n_steps, rng):
        if self.forcing == "oracle":
            raise ValueError(
                "forcing='oracle' needs the measured forcing over the horizon, "
                "so it cannot forecast or simulate. Use reconstruct(X) to drive "
                "the model with the forcing measured from X, or refit with "
                "forcing='learned'."
            )
        out = np.empty((len(states), n_steps, self._readout.shape[1]))
        for k in range(n_steps):
            states = self._advance(states, self._next_forcing(states))
            out[:, k] = states @ self._readout
        return out

    def _predict_next(self, states):
        if self.forcing == "oracle":  # forcing measured at the next row
            u_next = np.append(states[1:, -1], states[-1, -1])
            return self._advance(states, u_next) @ self._readout
        return self._rollout(states, 1, None)[:, 0]

    # ------------------------------------------------------- reconstruction
    def reconstruct(self, X, forcing=None):
        """Run the linear model along ``X``, driven by a given forcing.

        This is the reconstruction of Brunton et al. (their Fig. 1): the
        forcing is *measured* from ``X`` itself (or passed), so it shows how
        much of the dynamics the forced linear model explains -- it is not a
        forecast.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_timesteps, n_features)
            Trajectory in the user's units, longer than the delay window.
        forcing : array-like of shape (n_timesteps - (n_delays - 1) * delay,), \
                default=None
            Forcing in the units of ``forcing_``; None measures it from ``X``.

        Returns
        -------
        X_rec : ndarray of shape (n_timesteps - (n_delays - 1) * delay, \
                n_features)
            Reconstruction of ``X[(n_delays - 1) * delay:]``, started from the
            first complete delay window.
        """
        check_is_fitted(self)
        span = self._warmup_length()
        (trajectory,), _ = check_trajectories(
            self, X, reset=False, min_timesteps=span + 2
        )
        states = self._teacher_forced_states(self._to_model(trajectory))[span:]
        u = states[:, -1]
        if forcing is not None:
            u = np.asarray(forcing, dtype=float).ravel()
            if u.shape != (len(states),) or not np.all(np.isfinite(u)):
                raise ValueError(
                    f"forcing must be {len(states)} finite values (one per "
                    f"complete delay window of X), got shape {np.shape(forcing)}."
                )
        out = np.empty((len(states), self._readout.shape[1]))
        state = np.append(states[0, :-1], u[0])[None, :]
        out[0] = state @ self._readout
        for k in range(1, len(states)):
            state = self._advance(state, u[k : k + 1])
            out[k] = state @ self._readout
        return self._from_model(out)

    def forcing_statistics(self, threshold=0.9):
        """Intermittency of the training forcing.

        Parameters
        ----------
        threshold : float, default=0.9
            A sample is "active" when ``|v_r|`` exceeds ``threshold`` times its
            RMS. 0.9 matches Brunton et al.'s ``v_r^2 > 4e-6`` for unit-norm
            SVD columns of 200 000 samples.

        Returns
        -------
        stats : dict
            ``active_fraction``, ``gaussian_active_fraction`` (the same for a
            Gaussian signal), ``kurtosis`` and ``threshold``.
        """
        check_is_fitted(self)
        return forcing_statistics(self.forcing_, threshold)
