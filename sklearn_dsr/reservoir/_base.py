"""What the reservoir-computing family shares: a trained linear (ridge) readout.

Both the echo-state network and NG-RC map a fixed feature vector of the current
state to the next observation (or its increment) with ridge regression. The
normal equations are accumulated chunk by chunk, so 100k-step trajectories of a
500-unit reservoir never need their whole feature matrix in memory.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from abc import abstractmethod
from numbers import Real

import numpy as np
from scipy import linalg

from sklearn_dsr.base import BaseDSREstimator
from sklearn_dsr.utils._param_validation import Interval

__all__ = ["BaseReservoir", "solve_ridge"]

_CHUNK_ROWS = 8192
# feature matrices up to this many entries are solved directly (stable)
_DIRECT_SOLVE_SIZE = 2_000_000


def solve_ridge(gram, cross, alpha):
    """Solve ``(gram + alpha I) W = cross`` for a symmetric PSD ``gram``.

    Parameters
    ----------
    gram : ndarray of shape (n_features, n_features)
        ``Phi.T @ Phi``.
    cross : ndarray of shape (n_features, n_targets)
        ``Phi.T @ Y``.
    alpha : float
        Ridge penalty (``>= 0``).

    Returns
    -------
    coef : ndarray of shape (n_features, n_targets)
        Readout weights.
    """
    A = gram + alpha * np.eye(len(gram))
    try:
        return linalg.solve(A, cross, assume_a="pos")
    except (linalg.LinAlgError, ValueError):
        # singular without a penalty (e.g. constant features): least squares
        return linalg.lstsq(A, cross)[0]


class BaseReservoir(BaseDSREstimator):
    """Base of reservoir estimators: states -> features -> ridge readout.

    Subclasses implement ``_features(states)`` (the readout's input for a batch
    of states) and ``_initialize(n_features, rng)`` (the fixed random or
    combinatorial part), plus the roll-out hooks of :class:`BaseDSREstimator`.
    With ``learn_increments=True`` the readout predicts ``x[t+1] - x[t]``.
    """

    _parameter_constraints: dict = {
        **BaseDSREstimator._parameter_constraints,
        "alpha": [Interval(Real, 0, None, closed="left")],
        "learn_increments": ["boolean"],
    }

    @abstractmethod
    def _initialize(self, n_features, rng):
        """Build the fixed (untrained) part of the model."""

    @abstractmethod
    def _features(self, states):
        """Readout features of a batch of states, shape (n_states, n_outputs)."""

    def _current(self, states):
        """The current observation stored in each state (first columns)."""
        return states[:, : self.n_features_in_]

    def _fit_standardized(self, trajectories, rng):
        self._initialize(trajectories[0].shape[1], rng)
        skip = self._warmup_length()
        blocks = []  # (features, targets) chunks
        for Z in trajectories:
            states = self._teacher_forced_states(Z)
            for lo in range(skip, len(Z) - 1, _CHUNK_ROWS):
                hi = min(lo + _CHUNK_ROWS, len(Z) - 1)
                target = Z[lo + 1 : hi + 1]
                if self.learn_increments:
                    target = target - Z[lo:hi]
                blocks.append(
                    (self._features(states[lo:hi]).astype(np.float64), target)
                )
        n_rows = sum(len(b[1]) for b in blocks)
        n_cols = blocks[0][0].shape[1]
        if n_rows * n_cols <= _DIRECT_SOLVE_SIZE:
            # small problems: least squares on the augmented system, which is
            # far better conditioned than the normal equations (raw-unit
            # polynomial features reach condition numbers of 1e13)
            phi = np.vstack(
                [b[0] for b in blocks] + [np.sqrt(self.alpha) * np.eye(n_cols)]
            )
            target = np.vstack(
                [b[1] for b in blocks] + [np.zeros((n_cols, blocks[0][1].shape[1]))]
            )
            coef = linalg.lstsq(phi, target, lapack_driver="gelsd")[0]
        else:
            gram = sum(b[0].T @ b[0] for b in blocks)
            cross = sum(b[0].T @ b[1] for b in blocks)
            coef = solve_ridge(gram, cross, self.alpha)
        self.coef_ = np.ascontiguousarray(coef.T)  # layout survives save/load
        self.n_readout_features_ = self.coef_.shape[1]

    def _readout(self, states):
        out = self._features(states) @ self.coef_.T.astype(states.dtype, copy=False)
        if self.learn_increments:
            out = out + self._current(states)
        return out

    def _predict_next(self, states):
        return self._readout(states).astype(np.float64)
