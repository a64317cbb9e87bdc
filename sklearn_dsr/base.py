"""The estimator contract shared by every sklearn_dsr family (DESIGN.md).

Validation, standardisation, ``fit``/``predict``/``forecast``/``simulate``/
``score``, tags, pandas outputs and divergence handling live here, once. A
family implements a few private hooks that work in *standardised* units on
plain numpy arrays:

``_fit_standardized(trajectories, rng)``
    Learn from a list of ``(n_timesteps, n_features)`` arrays.
``_teacher_forced_states(trajectory) -> (n_timesteps, n_state)``
    The model state after observing each row (the state "carried along X").
``_rollout(states, n_steps, rng) -> (n_states, n_steps, n_features)``
    Free-run from a batch of states; row 0 is the observation that follows the
    state. Must be vectorised over the batch and never call ``predict``.
``_predict_next(states) -> (n_states, n_features)`` (optional)
    One-step-ahead forecasts; defaults to a one-step roll-out.
``_warmup_length()`` (optional)
    Rows at the start of a trajectory before the state is synchronised
    (echo-state washout, delay-embedding history); excluded from scores.
``_tangent_step(state, V) -> (next_state, J @ V)`` (optional)
    Jacobian-vector products of the free-running map, for Lyapunov exponents.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from abc import ABCMeta, abstractmethod
from numbers import Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import RidgeCV
from sklearn.metrics import r2_score
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from sklearn_dsr.exceptions import SimulationDivergedError
from sklearn_dsr.utils._param_validation import Interval, _fit_context
from sklearn_dsr.utils._validation import (
    as_trajectory_list,
    check_n_steps,
    check_observed_columns,
    check_targets,
    check_trajectories,
)

__all__ = ["BaseDSREstimator", "DynamicalSystemMixin"]

# In standardised units the training data lie within a few units of zero; a
# free-running state this far out has diverged even if it is still finite.
DIVERGENCE_BOUND = 1e6


class DynamicalSystemMixin:
    """Tags of a self-supervised sequence regressor (targets come from ``X``)."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False
        tags.target_tags.multi_output = True
        tags.input_tags.three_d_array = True
        return tags


class BaseDSREstimator(
    DynamicalSystemMixin, RegressorMixin, BaseEstimator, metaclass=ABCMeta
):
    """Base class of all dynamical-systems-reconstruction estimators.

    Do not use directly; subclasses implement the private hooks listed in the
    module docstring. Common parameters: ``dt`` (sampling interval, used by
    continuous-time methods and to report Lyapunov exponents per time unit),
    ``standardize`` (z-score inside ``fit``, outputs in the user's units) and
    ``random_state``.

    ``fit(X, y=None)`` learns the dynamics of ``X``. DSR is self-supervised, so
    ``y`` is normally omitted. If ``y`` is given it is treated as variables to be
    *inferred* from the reconstructed state (a "reservoir observer"): a ridge
    readout from the model state to ``y`` is fitted as well, and ``predict`` /
    ``score`` then refer to ``y``. ``forecast`` and ``simulate`` always roll out
    the dynamics of ``X``.
    """

    _parameter_constraints: dict = {
        "dt": [Interval(Real, 0, None, closed="neither")],
        "standardize": ["boolean"],
        "random_state": ["random_state"],
    }

    # NaN marks a missing sample for families that say so (Koopman VAE)
    _allow_nan = False

    # Fitted attributes that pickling and sklearn_dsr.save leave out because
    # ``_restore_derived`` rebuilds them from the rest (closures, simulators,
    # circuits): files stay small and hold data only.
    _derived_attributes = ()

    def _restore_derived(self):
        """Rebuild the ``_derived_attributes`` of a fitted estimator."""

    def __getstate__(self):
        state = dict(super().__getstate__())  # object's is __dict__ itself
        for name in self._derived_attributes:
            state.pop(name, None)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        if hasattr(self, "n_features_in_"):
            self._restore_derived()

    # ---------------------------------------------------------------- hooks
    @abstractmethod
    def _fit_standardized(self, trajectories, rng):
        """Learn the dynamics from standardised trajectories."""

    @abstractmethod
    def _teacher_forced_states(self, trajectory):
        """State after observing each row of a standardised trajectory."""

    @abstractmethod
    def _rollout(self, states, n_steps, rng):
        """Free-run ``n_steps`` from each state; returns (n_states, n_steps, F)."""

    def _predict_next(self, states):
        return self._rollout(states, 1, None)[:, 0]

    def _warmup_length(self):
        return 0

    def _min_timesteps(self):
        return self._warmup_length() + 2

    def _tangent_step(self, state, V):
        raise NotImplementedError(
            f"{type(self).__name__} does not expose Jacobians of its dynamics; "
            "estimate the Lyapunov exponent from a simulated trajectory with "
            "sklearn_dsr.metrics.max_lyapunov_exponent(model.simulate(...), dt=...)."
        )

    # -------------------------------------------------------------- scaling
    def _to_model(self, X):
        return (X - self.mean_) / self.scale_

    def _from_model(self, Z):
        return Z * self.scale_ + self.mean_

    # ------------------------------------------------------------------ fit
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the dynamics of one or several trajectories.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_timesteps, n_features), array \
                of shape (n_trajectories, n_timesteps, n_features), or list of \
                2-D arrays
            Time-ordered, uniformly sampled trajectories (sampling interval
            ``dt``). Several trajectories may have different lengths.
        y : array-like of shape (n_timesteps,) or (n_timesteps, n_targets), \
                default=None
            Usually omitted (self-supervised). If given, variables to infer from
            the model state (same structure and lengths as ``X``).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        trajectories, _ = check_trajectories(
            self,
            X,
            reset=True,
            min_timesteps=self._min_timesteps(),
            allow_nan=self._allow_nan,
        )
        targets = None
        if y is not None:
            targets, self._y_ndim = check_targets(y, trajectories)
        rng = check_random_state(self.random_state)
        stacked = np.concatenate(trajectories)
        if self._allow_nan:
            check_observed_columns(stacked)
        if self.standardize:
            self.mean_ = np.nanmean(stacked, axis=0)
            scale = np.nanstd(stacked, axis=0)
            self.scale_ = np.where(scale > 1e-12 * (1 + np.abs(self.mean_)), scale, 1.0)
        else:
            self.mean_ = np.zeros(stacked.shape[1])
            self.scale_ = np.ones(stacked.shape[1])
        standardized = [self._to_model(t) for t in trajectories]
        self._fit_standardized(standardized, rng)
        self.initial_context_ = trajectories[0][: self._warmup_length() + 1].copy()
        self.observer_ = None
        if targets is not None:
            self._fit_observer(standardized, targets)
        return self

    def _observer_features(self, trajectory):
        states = self._teacher_forced_states(trajectory)
        # a missing sample (NaN, where allowed) contributes through the state only
        return np.hstack([np.nan_to_num(trajectory), states])

    def _fit_observer(self, standardized, targets):
        features, values = [], []
        for traj, target in zip(standardized, targets):
            start = min(self._warmup_length(), len(traj) - 1)
            features.append(self._observer_features(traj)[start:])
            values.append(target[start:])
        self.observer_ = RidgeCV(alphas=np.logspace(-8, 2, 11)).fit(
            np.concatenate(features), np.concatenate(values)
        )

    # -------------------------------------------------------------- predict
    def predict(self, X):
        """One-step-ahead forecasts along ``X`` (row ``t`` forecasts ``X[t+1]``).

        The model state is carried along ``X`` (teacher forcing), so row ``t``
        uses ``X[:t+1]``. If the estimator was fitted with ``y``, returns the
        inferred ``y`` instead.

        Parameters
        ----------
        X : array-like, DataFrame, 3-D array or list of 2-D arrays
            Trajectories with ``n_features_in_`` columns.

        Returns
        -------
        y_pred : ndarray, DataFrame or list
            Same shape and type as ``X`` (a DataFrame keeps columns and index).
        """
        check_is_fitted(self)
        trajectories, form = check_trajectories(
            self, X, reset=False, allow_nan=self._allow_nan
        )
        outputs = []
        for traj in trajectories:
            Z = self._to_model(traj)
            if self.observer_ is not None:
                out = self.observer_.predict(self._observer_features(Z))
                if self._y_ndim == 1:
                    out = out.ravel()
            else:
                out = self._from_model(
                    self._predict_next(self._teacher_forced_states(Z))
                )
            if not np.all(np.isfinite(out)):
                raise SimulationDivergedError(
                    f"{type(self).__name__} produced non-finite one-step forecasts.",
                    step=0,
                    trajectory=out[:0],
                )
            outputs.append(out)
        if self.observer_ is not None:
            return (
                outputs[0]
                if form.kind == "2d"
                else (np.stack(outputs) if form.kind == "3d" else outputs)
            )
        return form.wrap(outputs)

    # ------------------------------------------------------------- roll-out
    def _checked_rollout(self, states, n_steps, rng):
        with np.errstate(all="ignore"):
            out = self._rollout(states, n_steps, rng)
        bad = ~np.isfinite(out) | (np.abs(out) > DIVERGENCE_BOUND)
        if bad.any():
            step = int(np.nonzero(bad.any(axis=(0, 2)))[0][0])
            raise SimulationDivergedError(
                f"{type(self).__name__} diverged after {step} free-running steps "
                "(the state left the data's range by more than "
                f"{DIVERGENCE_BOUND:g} standard deviations or became non-finite). "
                "The finite part is in the exception's `trajectory` attribute.",
                step=step,
                trajectory=self._from_model(out[:, :step]),
            )
        return out

    def _warm_states(self, contexts):
        return np.concatenate(
            [self._teacher_forced_states(self._to_model(c))[-1:] for c in contexts]
        )

    def forecast(self, X, n_steps):
        """Warm up on the context ``X``, then run freely for ``n_steps``.

        Parameters
        ----------
        X : array-like, DataFrame, 3-D array or list of 2-D arrays
            Context trajectory (or several, forecast as a batch).
        n_steps : int
            Number of future steps.

        Returns
        -------
        X_future : ndarray of shape (n_steps, n_features), or the form of ``X``
            The ``n_steps`` observations following each context. A DataFrame
            context gives a DataFrame whose index continues the context's.
        """
        check_is_fitted(self)
        n_steps = check_n_steps(n_steps)
        contexts, form = check_trajectories(
            self, X, reset=False, allow_nan=self._allow_nan
        )
        out = self._checked_rollout(self._warm_states(contexts), n_steps, None)
        return form.wrap([self._from_model(o) for o in out], continue_index=True)

    def simulate(self, n_steps, x0=None, *, transient=0, random_state=None):
        """A free-running trajectory of the reconstructed system.

        Parameters
        ----------
        n_steps : int
            Number of returned time steps.
        x0 : array-like of shape (n_features,) or (n_context, n_features), \
                default=None
            Initial state (row 0 of the result) in the user's units. A 2-D array
            is a context the state is warmed up on; its last row is the
            initial state. Models with memory (delays, reservoirs) started from a
            single state fill the missing history with that state. Default: the
            training data's first state after the model's warm-up.
        transient : int, default=0
            Steps to run and discard before the returned trajectory.
        random_state : int, RandomState instance or None, default=None
            Seed of stochastic roll-outs (unused by deterministic models).

        Returns
        -------
        trajectory : ndarray or DataFrame of shape (n_steps, n_features)
            A DataFrame when the model was fitted on one (columns
            ``feature_names_in_``) or ``x0`` is a pandas object.
        """
        check_is_fitted(self)
        n_steps = check_n_steps(n_steps)
        transient = check_n_steps(transient, "transient", minimum=0)
        as_frame = hasattr(self, "feature_names_in_")
        if x0 is None:
            context = self.initial_context_
        else:
            as_frame = isinstance(x0, (pd.Series, pd.DataFrame))
            if isinstance(x0, pd.Series):
                x0 = x0.to_frame().T
            if np.ndim(x0) == 1:
                x0 = np.asarray(x0)[None, :]
            (context,), _ = check_trajectories(self, x0, reset=False, name="x0")
        Z = self._to_model(context)
        n_free = transient + n_steps - 1
        rows = [Z[-1:]]
        if n_free > 0:
            rng = check_random_state(random_state)
            states = self._teacher_forced_states(Z)[-1:]
            rows.append(self._checked_rollout(states, n_free, rng)[0])
        trajectory = self._from_model(np.concatenate(rows)[transient:])
        if as_frame:
            columns = getattr(self, "feature_names_in_", None)
            return pd.DataFrame(trajectory, columns=columns)
        return trajectory

    def _forecast_from_rows(self, X, starts, n_steps):
        """``n_steps``-step forecasts from the teacher-forced state at rows ``starts``.

        Returns an array of shape (len(starts), n_steps, n_features) in the
        user's units; entry ``[i, k]`` forecasts ``X[starts[i] + k + 1]``.
        """
        Z = self._to_model(X)
        states = self._teacher_forced_states(Z)[np.asarray(starts)]
        return self._from_model(self._checked_rollout(states, n_steps, None))

    # ---------------------------------------------------------------- score
    def score(self, X, y=None):
        """R² of the one-step-ahead forecasts on ``X`` (higher is better).

        Rows of the warm-up (``_warmup_length``) are excluded. For DSR scores
        (attractor geometry, spectra, valid prediction time) use
        :func:`sklearn_dsr.metrics.get_scorer`.

        Parameters
        ----------
        X : array-like, DataFrame, 3-D array or list of 2-D arrays
            Trajectories to score on.
        y : array-like, default=None
            Only for estimators fitted with ``y``: the variables to infer.

        Returns
        -------
        score : float
            Coefficient of determination, uniformly averaged over features.
        """
        check_is_fitted(self)
        if self.observer_ is not None and y is None:
            raise ValueError(
                "This estimator was fitted with y (observer mode); pass the true "
                "y to score."
            )
        if self.observer_ is None and y is not None:
            raise ValueError(
                "This estimator was fitted without y: score(X) measures one-step "
                "forecasts of X itself, so y must be None."
            )
        trajectories, _ = check_trajectories(
            self, X, reset=False, min_timesteps=2, allow_nan=self._allow_nan
        )
        if y is not None:
            truths = as_trajectory_list(y)
            preds = as_trajectory_list(self.predict(X))
            shift = 0  # the observer estimates y at the same row
        else:
            truths, preds, shift = (
                trajectories,
                [self.predict(t) for t in trajectories],
                1,
            )
        y_true, y_pred = [], []
        for truth, pred in zip(truths, preds):
            truth = np.reshape(truth, (len(truth), -1))
            pred = np.reshape(np.asarray(pred), (len(pred), -1))
            w = self._warmup_length()
            start = w if len(truth) > w + 1 else 0  # skip the warm-up rows
            y_true.append(truth[start + shift :])
            y_pred.append(pred[start : len(pred) - shift])
        y_true, y_pred = np.concatenate(y_true), np.concatenate(y_pred)
        observed = np.all(np.isfinite(y_true), axis=1)  # missing samples: skipped
        return r2_score(y_true[observed], y_pred[observed])
