"""Extended dynamic mode decomposition with ResDMD verification."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral, Real

import numpy as np
from scipy import linalg
from sklearn.base import clone
from sklearn.preprocessing import PolynomialFeatures
from sklearn.utils.validation import check_is_fitted

from sklearn_dsr.base import BaseDSREstimator
from sklearn_dsr.koopman._resdmd import (
    edmd,
    pseudospectrum,
    residuals,
    snapshot_factor,
)
from sklearn_dsr.preprocessing._delay import delay_embed
from sklearn_dsr.utils._param_validation import HasMethods, Interval
from sklearn_dsr.utils._validation import check_trajectories

__all__ = ["KoopmanRegressor"]


class KoopmanRegressor(BaseDSREstimator):
    """Koopman operator by EDMD, with residuals of every eigenpair (ResDMD).

    The state (optionally with delayed copies) is lifted by a dictionary of
    observables ``psi`` -- any sklearn transformer -- and the Koopman operator
    is approximated on their span by least squares over consecutive samples,
    ``psi(x[k+1]) ~ psi(x[k]) K`` (Williams et al. 2015). Its eigenvalues and
    eigenfunctions describe the dynamics; the ResDMD residual of each eigenpair
    (Colbrook & Townsend 2024) measures on the data how far the candidate
    eigenfunction is from satisfying ``g(x[k+1]) = lam g(x[k])``, so a
    truncated dictionary's spurious eigenvalues can be recognised and, with
    ``residual_threshold``, removed. Forecasts iterate the lifted linear model
    and map back to the state.

    Parameters
    ----------
    observables : transformer or None, default=None
        Dictionary, fitted on the training states (a copy; the passed object is
        not changed). None uses ``PolynomialFeatures(degree=2)``. Compose
        dictionaries with sklearn (``FeatureUnion``, ``SplineTransformer``) or
        use :class:`RadialBasisObservables`.
    n_delays : int, default=1
        Number of lags in the state (1: the current sample only). With more,
        the dictionary acts on ``[x_t, x_{t-d}, ...]`` (delay observables).
    delay : int, default=1
        Spacing ``d`` of the lags, in samples.
    rank : int or None, default=None
        Keep this many principal directions of the lifted data (truncated
        EDMD). None keeps the numerical rank, which removes exactly redundant
        observables.
    residual_threshold : float or None, default=None
        Keep only eigenpairs whose residual is at most this; forecasts then
        use the kept (verified) modes only. None keeps all.
    dt : float, default=1.0
        Sampling interval; ``continuous_eigenvalues_ = log(eigenvalues_) / dt``.
    standardize : bool, default=True
        Z-score the data inside ``fit`` (eigenvalues are unchanged for
        dictionaries closed under affine maps, such as full polynomials).
    random_state : int, RandomState instance or None, default=None
        Unused (EDMD is deterministic; a random dictionary has its own seed).

    Attributes
    ----------
    eigenvalues_ : ndarray of shape (n_modes,), complex
        Discrete-time Koopman eigenvalues (per sample), by decreasing modulus.
    continuous_eigenvalues_ : ndarray of shape (n_modes,), complex
        ``log(eigenvalues_) / dt``: growth rates and angular frequencies.
    residuals_ : ndarray of shape (n_modes,)
        ResDMD residual of each eigenpair (relative, on the training pairs).
    modes_ : ndarray of shape (n_modes, n_features), complex
        Koopman modes: ``x = mean_ + Re(eigenfunctions(x) @ modes_)`` in the
        user's units.
    koopman_matrix_ : ndarray of shape (rank, rank)
        EDMD matrix in the principal basis of the dictionary.
    rank_ : int
        Number of principal directions used.
    n_discarded_ : int
        Eigenpairs removed by ``residual_threshold``.
    observables_ : transformer
        The fitted dictionary.
    n_features_in_ : int
        Number of variables seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the variables, when ``X`` was a DataFrame.

    See Also
    --------
    HAVOKRegressor : Linear model of delay coordinates with intermittent forcing.
    RadialBasisObservables : Gaussian-bump dictionary.

    References
    ----------
    .. [1] Williams, Kevrekidis & Rowley, "A data-driven approximation of the
       Koopman operator: extending dynamic mode decomposition", J. Nonlinear
       Sci. 25, 1307 (2015).
    .. [2] Colbrook & Townsend, "Rigorous data-driven computation of spectral
       properties of Koopman operators for dynamical systems", Comm. Pure Appl.
       Math. 77, 221 (2024).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.preprocessing import PolynomialFeatures
    >>> from sklearn_dsr import KoopmanRegressor
    >>> A = np.array([[0.9, -0.2], [0.2, 0.9]])       # a damped rotation
    >>> X = np.empty((200, 2)); X[0] = [1.0, 0.0]
    >>> for k in range(199):
    ...     X[k + 1] = A @ X[k]
    >>> linear = PolynomialFeatures(degree=1, include_bias=False)
    >>> model = KoopmanRegressor(observables=linear, standardize=False).fit(X)
    >>> np.round(model.eigenvalues_, 6)
    array([0.9+0.2j, 0.9-0.2j])
    >>> bool(model.residuals_.max() < 1e-10)
    True
    """

    _parameter_constraints: dict = {
        **BaseDSREstimator._parameter_constraints,
        "observables": [HasMethods(["fit", "transform"]), None],
        "n_delays": [Interval(Integral, 1, None, closed="left")],
        "delay": [Interval(Integral, 1, None, closed="left")],
        "rank": [Interval(Integral, 1, None, closed="left"), None],
        "residual_threshold": [Interval(Real, 0, None, closed="left"), None],
    }

    def __init__(
        self,
        observables=None,
        *,
        n_delays=1,
        delay=1,
        rank=None,
        residual_threshold=None,
        dt=1.0,
        standardize=True,
        random_state=None,
    ):
        self.observables = observables
        self.n_delays = n_delays
        self.delay = delay
        self.rank = rank
        self.residual_threshold = residual_threshold
        self.dt = dt
        self.standardize = standardize
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def _warmup_length(self):
        return (self.n_delays - 1) * self.delay

    def _teacher_forced_states(self, trajectory):
        return delay_embed(trajectory, self.n_delays, self.delay)

    def _lift(self, states):
        """Reduced dictionary ``psi(states) @ basis_``."""
        return np.asarray(self.observables_.transform(states), float) @ self.basis_

    def _fit_standardized(self, trajectories, rng):
        F, w = trajectories[0].shape[1], self._warmup_length()
        windows = [self._teacher_forced_states(Z)[w:] for Z in trajectories]
        s_x = np.concatenate([s[:-1] for s in windows])
        s_y = np.concatenate([s[1:] for s in windows])
        dictionary = (
            PolynomialFeatures(2) if self.observables is None else self.observables
        )
        self.observables_ = clone(dictionary).fit(np.concatenate(windows))
        psi_x = np.asarray(self.observables_.transform(s_x), dtype=np.float64)
        psi_y = np.asarray(self.observables_.transform(s_y), dtype=np.float64)
        K, self.basis_ = edmd(psi_x, psi_y, self.rank)
        px, py = psi_x @ self.basis_, psi_y @ self.basis_
        self.koopman_matrix_, self.rank_ = K, K.shape[0]
        # linear map back from the lifted coordinates to the current state
        # contiguous copies: a saved and loaded model then computes bit for bit
        # the same (BLAS paths depend on memory layout)
        self._readout = np.ascontiguousarray(linalg.lstsq(px, s_x[:, :F])[0])

        eigenvalues, eigenvectors = linalg.eig(K)
        order = np.argsort(-np.abs(eigenvalues), kind="stable")
        eigenvalues, eigenvectors = eigenvalues[order], eigenvectors[:, order]
        res = residuals(px, py, eigenvalues, eigenvectors)
        keep = np.ones(len(res), bool)
        if self.residual_threshold is not None:
            keep = res <= self.residual_threshold
        self.n_discarded_ = int(np.sum(~keep))
        self.eigenvalues_, self.residuals_ = eigenvalues[keep], res[keep]
        self._eigenvectors = np.ascontiguousarray(eigenvectors[:, keep])
        with np.errstate(divide="ignore"):
            self.continuous_eigenvalues_ = np.log(self.eigenvalues_) / self.dt
        # modes: least-squares map from the kept eigenfunctions to the state
        self._modes = np.ascontiguousarray(
            linalg.lstsq(px @ self._eigenvectors, s_x[:, :F])[0]
        )
        self._factor = snapshot_factor(px, py)

    @property
    def modes_(self):
        """Koopman modes in the user's units, shape (n_modes, n_features)."""
        check_is_fitted(self)
        return self._modes * self.scale_

    # ------------------------------------------------------------- roll-out
    def _rollout(self, states, n_steps, rng):
        lifted = self._lift(states)
        if self.n_discarded_ == 0:  # the full lifted linear model, in reals
            out = np.empty((len(states), n_steps, self._readout.shape[1]))
            for k in range(n_steps):
                lifted = lifted @ self.koopman_matrix_
                out[:, k] = lifted @ self._readout
            return out
        # verified modes only: phi_k(x[n]) = lam_k^n phi_k(x[0])
        phi = lifted @ self._eigenvectors
        powers = self.eigenvalues_[None, :] ** np.arange(1, n_steps + 1)[:, None]
        return np.einsum("bk,nk,kf->bnf", phi, powers, self._modes).real

    # ------------------------------------------------------- interpretation
    def eigenfunctions(self, X):
        """Values of the kept Koopman eigenfunctions along a trajectory.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_timesteps, n_features)
            Trajectory in the user's units (the first ``(n_delays - 1) *
            delay`` rows have incomplete histories).

        Returns
        -------
        phi : ndarray of shape (n_timesteps, n_modes), complex
            ``phi[t, k]`` is eigenfunction ``k`` at the state of row ``t``;
            along an exact eigenfunction ``phi[t + 1] = eigenvalues_ * phi[t]``.
        """
        check_is_fitted(self)
        (trajectory,), _ = check_trajectories(self, X, reset=False)
        states = self._teacher_forced_states(self._to_model(trajectory))
        return self._lift(states) @ self._eigenvectors

    def pseudospectrum(self, z):
        """ResDMD pseudospectrum ``tau(z)`` at points ``z`` of the complex plane.

        ``tau(z)`` is the smallest relative residual ``||K g - z g|| / ||g||``
        over observables in the dictionary's span (on the training pairs); the
        region ``tau < eps`` approximates the ``eps``-pseudospectrum.

        Parameters
        ----------
        z : complex or array-like of complex
            Evaluation points (discrete-time spectrum).

        Returns
        -------
        tau : ndarray of the shape of ``z``
        """
        check_is_fitted(self)
        return pseudospectrum(self._factor, z)
