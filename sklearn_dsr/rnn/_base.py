"""``BaseLatentRNN``: the sklearn facade shared by the latent piecewise-linear RNNs.

The estimator *holds* a skorch net (``net_``) rather than being one, so it
keeps explicit, grid-searchable parameters and passes sklearn's estimator
checks (see docs/developers/conventions.rst). A family only supplies
``_make_module`` and ``_export_parameters``.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import copy
from abc import abstractmethod
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.utils.validation import check_is_fitted
from skorch.callbacks import GradientNormClipping

from sklearn_dsr.analysis import (
    fixed_points,
    lyapunov_spectrum,
    symbol_sequence,
)
from sklearn_dsr.base import BaseDSREstimator
from sklearn_dsr.rnn._callbacks import (
    AttractorCheckpoint,
    EpochProgressBar,
    GTFAlphaScheduler,
    schedule_callbacks,
)
from sklearn_dsr.rnn._data import TailWindows, WindowBatches, split_tails
from sklearn_dsr.rnn._optim import FlatRAdam
from sklearn_dsr.rnn._training import (
    TRAINING_CONSTRAINTS,
    TeacherForcingNet,
    train,
)
from sklearn_dsr.utils._param_validation import Interval, StrOptions

__all__ = ["BaseLatentRNN"]


class BaseLatentRNN(BaseDSREstimator):
    """Shared parameters, training and roll-outs of AL-RNN and shPLRNN.

    Do not use directly. Training (Brenner et al. 2022; Hess et al. 2023):
    each epoch draws ``batches_per_epoch`` mini-batches of ``batch_size``
    random windows of ``seq_len + 1`` steps; the model is rolled out over each
    window from the state inferred from its first row, and every
    ``forcing_interval`` steps the read-out units are pulled towards the data
    with strength ``gtf_alpha``; RAdam minimises the mean squared error of the
    (pre-forcing) predictions, with the learning rate decaying exponentially
    from ``lr`` to ``lr_end`` over ``max_epochs``.
    """

    _parameter_constraints: dict = {
        **BaseDSREstimator._parameter_constraints,
        **TRAINING_CONSTRAINTS,
        "n_latent": [Interval(Integral, 1, None, closed="left")],
        "seq_len": [Interval(Integral, 1, None, closed="left")],
        "forcing_interval": [Interval(Integral, 1, None, closed="left")],
        "gtf_alpha": [Interval(Real, 0, 1, closed="both"), StrOptions({"adaptive"})],
        "lr_end": [Interval(Real, 0, None, closed="neither"), None],
        "noise": [Interval(Real, 0, None, closed="left")],
        "gradient_clip": [Interval(Real, 0, None, closed="neither"), None],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither"), None],
        "checkpoint_every": [Interval(Integral, 1, None, closed="left"), None],
        "checkpoint_metric": [StrOptions({"state_space", "power_spectrum"})],
        "callbacks": [list, None],
    }

    # ---------------------------------------------------------- family hooks
    @abstractmethod
    def _make_module(self, n_obs):
        """The torch module (built inside the seeded block)."""

    @abstractmethod
    def _export_parameters(self, module):
        """Set the fitted numpy attributes (``A_``, ``W_``, ...)."""

    # ---------------------------------------------------------------- fit
    def _callbacks(self, train):
        ratio = self.lr_end / self.lr if self.lr_end else 1.0
        callbacks = schedule_callbacks(self.max_epochs, ratio, verbose=False)
        if self.gradient_clip is not None:
            callbacks.append(("clip", GradientNormClipping(self.gradient_clip)))
        if self.gtf_alpha == "adaptive":
            callbacks.append(("gtf_alpha", GTFAlphaScheduler()))
        if self.checkpoint_every is not None:
            reference = np.concatenate(train)
            callbacks.append(
                (
                    "checkpoint",
                    AttractorCheckpoint(
                        reference,
                        every=self.checkpoint_every,
                        metric=self.checkpoint_metric,
                    ),
                )
            )
        if self.verbose:  # last, so the bar shows the checkpoint's work too
            callbacks.append(("progress", EpochProgressBar()))
        # copies: skorch stores state on callbacks, and fit must not change
        # the user's constructor parameters
        return callbacks + [copy.deepcopy(c) for c in self.callbacks or []]

    def _fit_standardized(self, trajectories, rng):
        seed = int(rng.randint(2**31 - 1))
        n_obs = trajectories[0].shape[1]
        seq_len = min(self.seq_len, max(len(t) for t in trajectories) - 1)
        train_windows, valid = trajectories, None
        if self.validation_fraction is not None:
            train_windows, valid = split_tails(
                trajectories, self.validation_fraction, seq_len + 1
            )
            seq_len = min(seq_len, min(len(t) for t in train_windows) - 1)
        data = WindowBatches(
            train_windows,
            seq_len,
            self.batch_size,
            self.batches_per_epoch,
            self.noise,
            np.random.default_rng(seed),
        )
        split = None
        if valid is not None:
            valid_data = TailWindows(valid, seq_len, self.batch_size)
            split = lambda dataset, y=None, **kw: (dataset, valid_data)  # noqa: E731
        module = train(
            self,
            TeacherForcingNet,
            lambda: self._make_module(n_obs),
            data,
            seed=seed,
            advice="Lower lr, set gradient_clip, or use teacher forcing more "
            "often (smaller forcing_interval or larger gtf_alpha).",
            forcing_interval=self.forcing_interval,
            gtf_alpha=self.gtf_alpha,
            fused=self.device == "cpu",
            # the same RAdam update, without torch's per-tensor dispatch
            optimizer=FlatRAdam if self.device == "cpu" else torch.optim.RAdam,
            train_split=split,
            callbacks=self._callbacks(train_windows),
        )
        self.seq_len_ = seq_len
        self.pwl_map_ = module.numpy_map()
        self.L_ = self.pwl_map_.L
        self._export_parameters(module)

    # -------------------------------------------------------------- hooks
    def _teacher_forced_states(self, trajectory):
        """Latent states along ``trajectory``, read-out units set to the data."""
        N = trajectory.shape[1]
        states = np.empty((len(trajectory), self.pwl_map_.n_latent))
        z = self.pwl_map_.initial_state(trajectory[0])
        states[0] = z
        for t in range(1, len(trajectory)):
            z = self.pwl_map_.step(z)
            z[:N] = trajectory[t]
            states[t] = z
        return states

    def _rollout(self, states, n_steps, rng):
        return self.pwl_map_.rollout(states, n_steps, n_units=self.n_features_in_)

    def _predict_next(self, states):
        return self.pwl_map_.step(states)[:, : self.n_features_in_]

    def _tangent_step(self, state, V):
        return self.pwl_map_.step(state), self.pwl_map_.jacobian(state) @ V

    def latent_trajectory(self, n_steps, x0=None, *, transient=0):
        """Free-running trajectory of the full latent state (standardised units).

        Parameters
        ----------
        n_steps : int
            Number of returned steps.
        x0 : array-like of shape (n_features,), default=None
            Initial observation in the user's units (default: the first
            training state); the unobserved units start at ``L_ @ x0``.
        transient : int, default=0
            Steps discarded first.

        Returns
        -------
        Z : ndarray of shape (n_steps, n_latent)
        """
        x = self.initial_context_[0] if x0 is None else np.asarray(x0, dtype=float)
        z0 = self._teacher_forced_states(self._to_model(x[None, :]))[-1:]
        z = self.pwl_map_.advance(z0, transient)  # the transient is not stored
        return np.concatenate([z, self.pwl_map_.rollout(z, n_steps - 1)[0]])

    def lyapunov_spectrum(self, n_steps=10_000, *, transient=1000, x0=None):
        """Lyapunov spectrum of the reconstruction, per time unit (``dt``).

        Parameters
        ----------
        n_steps : int, default=10_000
            Steps over which the exponents are averaged.
        transient : int, default=1000
            Steps discarded first.
        x0 : array-like of shape (n_features,), default=None
            Initial observation (default: the first training state).

        Returns
        -------
        exponents : ndarray of shape (n_latent,)
            Decreasing; the first is the largest Lyapunov exponent.
        """
        check_is_fitted(self)
        z0 = self.latent_trajectory(1, x0)[0]
        return lyapunov_spectrum(
            self.pwl_map_, z0, n_steps=n_steps, transient=transient, dt=self.dt
        )

    def fixed_points(self, n_steps=10_000, *, transient=1000, x0=None):
        """Fixed points of the linear subregions a free-running orbit visits.

        Parameters
        ----------
        n_steps, transient, x0
            The orbit whose subregions are analysed (see ``latent_trajectory``).

        Returns
        -------
        points : list of Cycle
            One per visited subregion: ``real`` (it lies in its subregion) or
            virtual, with eigenvalues, ``n_unstable`` and ``kind()``. Latent
            states are in standardised units.
        """
        check_is_fitted(self)
        Z = self.latent_trajectory(n_steps, x0, transient=transient)
        return fixed_points(self.pwl_map_, symbol_sequence(self.pwl_map_, Z)[1])
