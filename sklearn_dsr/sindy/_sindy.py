"""SINDy (sparse identification of nonlinear dynamics) as a DSR estimator."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from sklearn_dsr.base import DIVERGENCE_BOUND, BaseDSREstimator
from sklearn_dsr.sindy._components import (
    fit_stlsq,
    library_function,
    make_differentiation,
    make_library,
    min_samples,
)
from sklearn_dsr.sindy._integrate import INTEGRATORS, integrate
from sklearn_dsr.utils._param_validation import HasMethods, Interval, StrOptions

__all__ = ["SINDyRegressor"]


class SINDyRegressor(BaseDSREstimator):
    """Sparse identification of nonlinear dynamics (Brunton et al. 2016).

    Fits ``dx/dt = Theta(x) @ coef_.T`` -- or, with ``discrete_time=True``, the
    map ``x[k+1] = Theta(x[k]) @ coef_.T`` -- where ``Theta`` is a library of
    candidate terms (polynomials, Fourier modes) and ``coef_`` is sparse,
    found by sequentially thresholded ridge regression (STLSQ). Built on
    pysindy, with every setting a flat parameter (so ``GridSearchCV`` can tune
    ``threshold`` or ``degree`` directly), fresh pysindy objects in every
    ``fit`` (what you pass is never mutated), several trajectories, and a fast
    ``simulate``: the identified right-hand side is a vectorised numpy function
    integrated by scipy.

    Parameters
    ----------
    degree : int, default=2
        Highest degree of the polynomial library.
    threshold : float, default=0.1
        STLSQ sparsity threshold: coefficients smaller in magnitude are zeroed.
    alpha : float, default=0.05
        Ridge penalty of each STLSQ regression.
    library : {"polynomial", "fourier", "polynomial+fourier"} or pysindy \
            library, default="polynomial"
        Candidate terms. A pysindy ``BaseFeatureLibrary`` is copied, not
        mutated.
    n_frequencies : int, default=1
        Frequencies of the Fourier library.
    include_bias : bool, default=True
        Constant term in the polynomial library.
    differentiation : {"finite_difference", "smoothed_finite_difference", \
            "spectral"} or pysindy differentiation, default="finite_difference"
        How ``dx/dt`` is estimated from the samples. Use
        ``"smoothed_finite_difference"`` (Savitzky-Golay smoothing, whose
        smoothed states also enter the library) for noisy data. Unused when
        ``discrete_time=True``.
    smoother_window : int, default=11
        Window length of the Savitzky-Golay smoother.
    ensemble : bool, default=False
        Bagging ("ensemble SINDy", Fasel et al. 2022): fit ``n_models`` models
        on bootstrap samples of the rows and keep the median coefficients;
        ``inclusion_probability_`` says how often each term was selected.
    n_models : int, default=20
        Number of bagged models when ``ensemble=True``.
    discrete_time : bool, default=False
        Identify a map ``x[k] -> x[k+1]`` instead of an ODE.
    max_iter : int, default=20
        Maximum STLSQ iterations.
    normalize_columns : bool, default=False
        Normalise the library columns before thresholding (then ``threshold``
        is relative to each term's typical size).
    integrator : {"LSODA", "DOP853", "RK45", "Radau", "BDF"}, default="LSODA"
        ODE solver of ``simulate``/``forecast``/``predict``. A single
        trajectory uses LSODA in ``odeint``; batches of states use DOP853.
    rtol : float, default=1e-10
        Relative tolerance of the integrator.
    atol : float, default=1e-10
        Absolute tolerance of the integrator.
    dt : float, default=1.0
        Sampling interval of the data.
    standardize : bool, default=False
        Z-score the data before identification. Off by default: sparsity is a
        property of the equations in the user's own variables, and centring
        turns every product term into a dense polynomial. With ``True`` the
        equations are in z-scored variables.
    random_state : int, RandomState instance or None, default=None
        Seeds the bootstrap samples of ``ensemble``.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features, n_library_features)
        Coefficients, one row per equation and one column per library term.
    library_feature_names_ : list of str
        Names of the library terms (columns of ``coef_``).
    n_iter_ : int
        STLSQ iterations run (the most over the bagged models).
    inclusion_probability_ : ndarray of shape (n_features, n_library_features)
        With ``ensemble=True``, fraction of bagged models in which each term
        is nonzero; otherwise 1 on the support of ``coef_`` and 0 elsewhere.
    n_features_in_ : int
        Number of variables seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the variables, when ``X`` was a DataFrame.

    See Also
    --------
    KoopmanRegressor : Linear dynamics of a dictionary of observables (EDMD).

    References
    ----------
    .. [1] Brunton, Proctor & Kutz, "Discovering governing equations from data
       by sparse identification of nonlinear dynamical systems", PNAS 113,
       3932 (2016).
    .. [2] Fasel, Kutz, Brunton & Brunton, "Ensemble-SINDy", Proc. R. Soc. A
       478, 20210904 (2022).

    Examples
    --------
    >>> from sklearn_dsr import SINDyRegressor
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> X = make_lorenz63(n_steps=5000, dt=0.002, random_state=0)
    >>> model = SINDyRegressor(dt=0.002).fit(X)
    >>> for eq in model.equations(precision=1):
    ...     print(eq)
    x0' = -10.0 x0 + 10.0 x1
    x1' = 28.0 x0 - 1.0 x1 - 1.0 x0 x2
    x2' = -2.7 x2 + 1.0 x0 x1
    >>> model.simulate(1000).shape
    (1000, 3)
    """

    _parameter_constraints: dict = {
        **BaseDSREstimator._parameter_constraints,
        "degree": [Interval(Integral, 1, None, closed="left")],
        "threshold": [Interval(Real, 0, None, closed="left")],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "library": [
            StrOptions({"polynomial", "fourier", "polynomial+fourier"}),
            HasMethods(["fit", "transform", "get_feature_names"]),
        ],
        "n_frequencies": [Interval(Integral, 1, None, closed="left")],
        "include_bias": ["boolean"],
        "differentiation": [
            StrOptions({"finite_difference", "smoothed_finite_difference", "spectral"}),
            callable,
        ],
        "smoother_window": [Interval(Integral, 5, None, closed="left")],
        "ensemble": ["boolean"],
        "n_models": [Interval(Integral, 2, None, closed="left")],
        "discrete_time": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "normalize_columns": ["boolean"],
        "integrator": [StrOptions(set(INTEGRATORS))],
        "rtol": [Interval(Real, 0, None, closed="neither")],
        "atol": [Interval(Real, 0, None, closed="neither")],
    }

    def __init__(
        self,
        *,
        degree=2,
        threshold=0.1,
        alpha=0.05,
        library="polynomial",
        n_frequencies=1,
        include_bias=True,
        differentiation="finite_difference",
        smoother_window=11,
        ensemble=False,
        n_models=20,
        discrete_time=False,
        max_iter=20,
        normalize_columns=False,
        integrator="LSODA",
        rtol=1e-10,
        atol=1e-10,
        dt=1.0,
        standardize=False,
        random_state=None,
    ):
        self.degree = degree
        self.threshold = threshold
        self.alpha = alpha
        self.library = library
        self.n_frequencies = n_frequencies
        self.include_bias = include_bias
        self.differentiation = differentiation
        self.smoother_window = smoother_window
        self.ensemble = ensemble
        self.n_models = n_models
        self.discrete_time = discrete_time
        self.max_iter = max_iter
        self.normalize_columns = normalize_columns
        self.integrator = integrator
        self.rtol = rtol
        self.atol = atol
        self.dt = dt
        self.standardize = standardize
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def _min_timesteps(self):
        if self.discrete_time:
            return 2
        return min_samples(self.differentiation, self.smoother_window)

    def _regression_data(self, trajectories):
        """Library inputs and targets: (x, dx/dt) pairs or (x[k], x[k+1])."""
        inputs, targets = [], []
        for Z in trajectories:
            if self.discrete_time:
                inputs.append(Z[:-1])
                targets.append(Z[1:])
                continue
            differentiate = make_differentiation(
                self.differentiation, self.smoother_window
            )
            dZ = np.asarray(differentiate(Z, t=self.dt), dtype=np.float64)
            # smoothing differentiators also denoise the states they saw
            smooth = getattr(differentiate, "smoothed_x_", None)
            x = Z if smooth is None else np.asarray(smooth, dtype=np.float64)
            keep = np.all(np.isfinite(dZ), axis=1)
            inputs.append(x[keep])
            targets.append(dZ[keep])
        return np.concatenate(inputs), np.concatenate(targets)

    def _fit_standardized(self, trajectories, rng):
        x, target = self._regression_data(trajectories)
        self.library_ = make_library(
            self.library, self.degree, self.n_frequencies, self.include_bias
        )
        self.library_.fit(x)
        self._evaluate = library_function(self.library_)
        theta = self._evaluate(x)
        stlsq = dict(
            threshold=self.threshold,
            alpha=self.alpha,
            max_iter=self.max_iter,
            normalize_columns=self.normalize_columns,
        )
        if self.ensemble:
            fits = []
            for _ in range(self.n_models):
                rows = rng.randint(0, len(theta), len(theta))
                fits.append(fit_stlsq(theta[rows], target[rows], **stlsq))
            models = np.stack([coef for coef, _ in fits])
            self.n_iter_ = max(n for _, n in fits)
            self.coef_ = np.median(models, axis=0)
            self.inclusion_probability_ = np.mean(models != 0, axis=0)
        else:
            self.coef_, self.n_iter_ = fit_stlsq(theta, target, **stlsq)
            self.inclusion_probability_ = (self.coef_ != 0).astype(float)
        if not np.any(self.coef_):
            warnings.warn(
                f"threshold={self.threshold} removed every term: the identified "
                "model is constant. Lower the threshold.",
                ConvergenceWarning,
                stacklevel=3,
            )
        names = self._variable_names()
        self.library_feature_names_ = list(self.library_.get_feature_names(names))

    _derived_attributes = ("_evaluate",)  # a closure over library_

    def _restore_derived(self):
        if hasattr(self, "library_"):
            self._evaluate = library_function(self.library_)

    # ------------------------------------------------------------- roll-out
    def _teacher_forced_states(self, trajectory):
        return trajectory

    def _vector_field(self, x):
        return self._evaluate(x) @ self.coef_.T

    def _rollout(self, states, n_steps, rng):
        if self.discrete_time:
            out = np.empty((len(states), n_steps, states.shape[1]))
            x = states
            for k in range(n_steps):
                x = self._vector_field(x)
                out[:, k] = x
                x = np.where(np.abs(x) > DIVERGENCE_BOUND, np.nan, x)
            return out
        return integrate(
            self._vector_field,
            states,
            n_steps,
            self.dt,
            method=self.integrator,
            rtol=self.rtol,
            atol=self.atol,
            bound=DIVERGENCE_BOUND,
        )

    # ------------------------------------------------------- interpretation
    @property
    def coefficients_(self):
        """Alias of ``coef_`` (pysindy's name), shape (n_features, n_terms)."""
        return self.coef_

    def _variable_names(self):
        if hasattr(self, "feature_names_in_"):
            return [str(name) for name in self.feature_names_in_]
        return [f"x{i}" for i in range(self.n_features_in_)]

    def equations(self, precision=3):
        """The identified equations as readable strings.

        Parameters
        ----------
        precision : int, default=3
            Decimals of the printed coefficients.

        Returns
        -------
        equations : list of str
            One equation per variable, e.g. ``"x0' = -10.0 x0 + 10.0 x1"``
            (``"x0[k+1] = ..."`` for a discrete-time model); terms that are
            zero at ``precision`` are left out. Variables are the
            DataFrame's column names when ``fit`` saw one.
        """
        names = self._variable_names()
        lhs = [f"{n}[k+1]" if self.discrete_time else f"{n}'" for n in names]
        lines = []
        for left, row in zip(lhs, self.coef_):
            terms = []
            for c, term in zip(row, self.library_feature_names_):
                value = f"{abs(c):.{precision}f}"
                if float(value) == 0:  # zero at this precision, as pysindy prints
                    continue
                body = value if term == "1" else f"{value} {term}"
                if terms:
                    terms.append(f"{'-' if c < 0 else '+'} {body}")
                else:
                    terms.append(f"-{body}" if c < 0 else body)
            lines.append(f"{left} = {' '.join(terms) if terms else '0'}")
        return lines
