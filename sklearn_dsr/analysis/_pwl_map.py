"""The canonical form shared by every piecewise-linear RNN (AL-RNN, shPLRNN).

Both model families are one map in row-vector form::

    r     = relu([1, z] @ V)            # the H switching ("ReLU") units
    z_new = [1, z, r] @ K               # affine in z and r

with ``V`` of shape ``(M + 1, H)`` and ``K`` of shape ``(1 + M + H, M)``. The
AL-RNN has ``H = P`` and a ``V`` that selects its last ``P`` units; the shallow
PLRNN has ``H = L`` (or ``2L`` for the clipped variant). Writing the models this
way lets one numpy roll-out, one fused teacher-forcing kernel and one set of
analysis tools (subregions, fixed points, cycles, Lyapunov spectra) serve both.

Inside a linear subregion (a fixed on/off pattern ``d`` of the switching
units) the map is affine: ``z_new = z @ J_d + c_d`` with
``J_d = Kz + Vz diag(d) Kr`` and ``c_d = k0 + (v0 * d) @ Kr``.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass

import numpy as np

__all__ = ["PiecewiseLinearMap"]


def identity_initial_state(X, L):
    """Latent states ``[x, L x]`` of observations ``X`` (..., n_obs), dtype kept.

    The identity observation model: the observed units are the data, the
    others a linear map ``L`` (None or empty: no unobserved units) of them.
    """
    if L is None or L.size == 0:
        return X.copy()
    return np.concatenate([X, X @ L.T], axis=-1)


@dataclass(frozen=True)
class PiecewiseLinearMap:
    """A piecewise-linear latent map in canonical form (see module docstring).

    Parameters
    ----------
    V : ndarray of shape (n_latent + 1, n_switches)
        Pre-activations of the switching units from ``[1, z]``.
    K : ndarray of shape (1 + n_latent + n_switches, n_latent)
        Next state from ``[1, z, relu(pre-activations)]``.
    n_obs : int
        The first ``n_obs`` latent units are the observations.
    L : ndarray of shape (n_latent - n_obs, n_obs), default=None
        Map from an observation to the unobserved units of its latent state
        (identity observation model); None when every unit is observed.
    """

    V: np.ndarray
    K: np.ndarray
    n_obs: int
    L: np.ndarray = None

    @property
    def n_latent(self):
        return self.K.shape[1]

    @property
    def n_switches(self):
        return self.V.shape[1]

    # ------------------------------------------------------------- dynamics
    def initial_state(self, X):
        """Latent states ``[x, L x]`` of observations ``X`` (..., n_obs)."""
        return identity_initial_state(np.asarray(X, dtype=float), self.L)

    def switches(self, Z):
        """On/off pattern (bool) of the switching units at states ``Z``.

        Computed in the map's own precision (float32 for the training-time
        map of the adaptive-GTF update).
        """
        Z = np.asarray(Z, dtype=self.V.dtype)
        # a + b > 0 exactly when a > -b; skips a temporary as large as the result
        return np.greater(Z @ self.V[1:], -self.V[0])

    def step(self, Z):
        """One step of the map for states ``Z`` of shape (..., n_latent)."""
        Z = np.asarray(Z, dtype=float)
        r = np.maximum(Z @ self.V[1:] + self.V[0], 0.0)
        M = self.n_latent
        return self.K[0] + Z @ self.K[1 : M + 1] + r @ self.K[M + 1 :]

    def advance(self, z0, n_steps):
        """States after ``n_steps`` free steps, shape (n_states, n_latent).

        The states in between are not kept (a transient to discard).
        """
        z0 = np.atleast_2d(np.asarray(z0, dtype=float))
        if n_steps == 0:
            return z0.copy()
        return self.rollout(z0, n_steps, every=n_steps)[:, -1]

    def rollout(self, z0, n_steps, every=1, n_units=None):
        """Free-run a batch of states; returns (n_states, n_steps // every, n_units).

        Entry ``[:, i]`` is the state after ``(i + 1) * every`` steps; the
        states in between are not kept, and with ``n_units`` only the first
        ``n_units`` units of a kept state (e.g. the read-out units), so long
        runs of wide states stay small in memory. The loop keeps one
        preallocated ``[1, z, r]`` buffer so each step costs three numpy
        calls (four when it keeps part of a state).
        """
        z0 = np.atleast_2d(np.asarray(z0, dtype=float))
        B, M = z0.shape
        H = self.n_switches
        n_units = M if n_units is None else n_units
        out = np.empty((n_steps // every, B, n_units))
        skipped = np.empty((B, M))  # where the states not kept whole are written
        U = np.empty((B, 1 + M + H))
        U[:, 0] = 1.0
        U[:, 1 : M + 1] = z0
        head, switch, state = U[:, : M + 1], U[:, M + 1 :], U[:, 1 : M + 1]
        V, K = self.V, self.K
        zero = np.zeros(())  # a 0-d array: a Python 0.0 takes numpy's slow path
        whole = n_units == M
        for t in range(n_steps):
            kept, rest = divmod(t + 1, every)
            target = out[kept - 1] if whole and not rest else skipped
            np.matmul(head, V, out=switch)
            np.maximum(switch, zero, out=switch)
            np.matmul(U, K, out=target)
            state[...] = target
            if not (whole or rest):
                out[kept - 1] = skipped[:, :n_units]
        return out.transpose(1, 0, 2)

    # ------------------------------------------------------ linear pieces
    def region_jacobians(self, patterns):
        """Row-form linear parts ``J_d`` of many subregions at once.

        Returns an array of shape (n_patterns, n_latent, n_latent), in the
        map's precision; see :meth:`flat_region_jacobians`.
        """
        M = self.n_latent
        return self.flat_region_jacobians(patterns).T.reshape(-1, M, M)

    def flat_region_jacobians(self, patterns):
        """``J_d`` as columns: entry ``[k * M + i, p]`` is ``J_d[k, i]`` of pattern p.

        ``J_d = Kz + sum_h d_h outer(Vz[:, h], Kr[h])``: one matrix product of
        the ``H`` outer products with the on/off patterns (n_patterns,
        n_switches). Returns an array of shape (n_latent ** 2, n_patterns), in
        the map's precision: the layout in which the adaptive-GTF update sums
        over the Jacobians' rows.
        """
        d = np.asarray(patterns, dtype=self.K.dtype).reshape(-1, self.n_switches)
        M = self.n_latent
        Kz, Kr = self.K[1 : M + 1], self.K[M + 1 :]
        outer = np.einsum("kh,hi->kih", self.V[1:], Kr).reshape(M * M, len(Kr))
        return outer @ d.T + Kz.reshape(M * M, 1)

    def region_map(self, d):
        """Affine map ``z -> z @ J + c`` of the subregion with pattern ``d``.

        Returns ``(J, c)`` in row-vector form; the usual Jacobian is ``J.T``.
        """
        d = np.asarray(d, dtype=float)
        c = self.K[0] + (self.V[0] * d) @ self.K[self.n_latent + 1 :]
        return self.region_jacobians(d)[0], c

    def jacobian(self, z):
        """Jacobian ``d z_new / d z`` (column convention) at state ``z``."""
        return self.region_map(self.switches(z))[0].T
