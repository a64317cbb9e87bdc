"""torch modules of the latent piecewise-linear RNNs (AL-RNN, shallow PLRNN).

One small interface (:class:`LatentPWLModel`): ``step`` (the map, written
directly from the paper's equation -- the reference the fused kernel is tested
against), ``canonical`` (the same map as the numpy ``(V, K)`` matrices of
:mod:`sklearn_dsr.analysis._pwl_map`) with its adjoint ``canonical_grads``,
``initial_state`` (state inference from an observation) and ``observe``.

Observation model: the identity of Brenner et al. (2022) -- the first ``n_obs``
latent units are the observations, and the remaining units of the first state
are a trained linear map ``L`` of the first observation.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import abc
import math

import numpy as np
import torch
from torch import nn

__all__ = ["ALRNNModule", "LatentPWLModel", "ShallowPLRNNModule"]


def normalized_positive_definite(n):
    """Diagonal of ``K / lambda_max(K)``, ``K = R^T R / n + I`` (Talathi & Vartak)."""
    R = torch.randn(n, n)
    K = R.T @ R / n + torch.eye(n)
    return torch.diagonal(K) / torch.linalg.eigvalsh(K).max()


def _uniform(shape, bound):
    return (torch.rand(shape) * 2 - 1) * bound


def _numpy(parameter):
    """The values of a parameter as a numpy array (a view on CPU)."""
    return parameter.detach().cpu().numpy()


class LatentPWLModel(nn.Module, abc.ABC):
    """Interface of a latent RNN trained by :mod:`sklearn_dsr.rnn._training`."""

    def __init__(self, n_obs, n_latent):
        super().__init__()
        if n_latent < n_obs:
            raise ValueError(
                f"n_latent={n_latent} must be at least the number of observed "
                f"variables ({n_obs}): the first n_obs latent units are the "
                "observations."
            )
        self.n_obs = n_obs
        self.n_latent = n_latent
        # trained map from the first observation to the unobserved units
        self.L = nn.Parameter(_uniform((n_latent - n_obs, n_obs), 1 / math.sqrt(n_obs)))

    @abc.abstractmethod
    def step(self, z):
        """``z_{t+1} = F(z_t)`` for a batch ``z`` of shape (batch, n_latent)."""

    @abc.abstractmethod
    def canonical(self):
        """``(V, K)`` of the canonical piecewise-linear form, numpy, no gradient.

        Built in numpy because it runs once per training batch, where a dozen
        small torch operations would cost more than the step they feed.
        """

    @abc.abstractmethod
    def canonical_grads(self, dV, dK):
        """Gradients of the parameters (except ``L``) from those of ``(V, K)``.

        ``canonical`` is linear in the parameters; this is its adjoint, in
        numpy. Returns a dict: parameter name -> gradient array.
        """

    def initial_state(self, x):
        """Latent state from an observation: ``[x, L x]``."""
        return torch.cat([x, x @ self.L.T], dim=-1)

    def observe(self, z):
        """Observation of latent states: their first ``n_obs`` units."""
        return z[..., : self.n_obs]

    def numpy_map(self, dtype=np.float64):
        """The current model as a :class:`PiecewiseLinearMap` (with ``L``).

        float64 for analysis and roll-outs; the adaptive-GTF update asks for
        the trained float32.
        """
        from sklearn_dsr.analysis._pwl_map import PiecewiseLinearMap

        V, K = (m.astype(dtype) for m in self.canonical())
        return PiecewiseLinearMap(V, K, self.n_obs, _numpy(self.L).astype(dtype))

    def snapshot(self):
        """Copies of the parameters (for :meth:`restore`)."""
        return [p.detach().clone() for p in self.parameters()]

    def restore(self, snapshot):
        """Set the parameters to a :meth:`snapshot`."""
        with torch.no_grad():
            for p, saved in zip(self.parameters(), snapshot):
                p.copy_(saved)


class ALRNNModule(LatentPWLModel):
    """Almost-linear RNN: ``z' = A * z + W phi(z) + h``, ReLU on the last P units.

    Initialisation as the reference code: ``A`` normalised positive definite,
    ``W ~ N(0, 0.01^2)``, ``h = 0``, ``L ~ U(+-1/sqrt(N))``.
    """

    def __init__(self, n_obs, n_latent=20, n_pwl=2):
        super().__init__(n_obs, n_latent)
        if not 0 <= n_pwl <= n_latent:
            raise ValueError(f"n_pwl={n_pwl} must be in [0, n_latent={n_latent}].")
        self.n_pwl = n_pwl
        self.A = nn.Parameter(normalized_positive_definite(n_latent))
        self.W = nn.Parameter(torch.randn(n_latent, n_latent) * 0.01)
        self.h = nn.Parameter(torch.zeros(n_latent))

    def step(self, z):
        n_lin = self.n_latent - self.n_pwl  # explicit slice: P = 0 is linear
        phi = torch.cat([z[:, :n_lin], torch.relu(z[:, n_lin:])], dim=1)
        return self.A * z + phi @ self.W.T + self.h

    def canonical(self):
        M, P = self.n_latent, self.n_pwl
        WT = _numpy(self.W).T
        V = np.zeros((M + 1, P), dtype=WT.dtype)
        V[1 + M - P :] = np.eye(P, dtype=WT.dtype)
        K = np.zeros((1 + M + P, M), dtype=WT.dtype)
        K[0] = _numpy(self.h)
        K[1 : M - P + 1] = WT[: M - P]
        K[1 : M + 1] += np.diag(_numpy(self.A))
        K[M + 1 :] = WT[M - P :]
        return V, K

    def canonical_grads(self, dV, dK):
        M, P = self.n_latent, self.n_pwl
        dWT = np.concatenate([dK[1 : M + 1][: M - P], dK[M + 1 :]])
        return {"A": np.diagonal(dK[1 : M + 1]).copy(), "W": dWT.T, "h": dK[0]}


class ShallowPLRNNModule(LatentPWLModel):
    """Shallow PLRNN: ``z' = A * z + W1 relu(W2 z + h2) + h1`` (Hess et al. 2023).

    The clipped variant uses ``relu(W2 z + h2) - relu(W2 z)``, which keeps
    orbits bounded when ``max |A| < 1``. Initialisation as the reference code:
    ``A`` normalised positive definite, ``W1 ~ U(+-1/sqrt(L))``,
    ``W2 ~ U(+-1/sqrt(M))``, ``h1 = 0``, ``h2 = 0`` (clipped: ``U(+-1/sqrt(L))``).
    """

    def __init__(self, n_obs, n_latent=3, n_hidden=50, clipped=True):
        super().__init__(n_obs, n_latent)
        self.n_hidden = n_hidden
        self.clipped = clipped
        self.A = nn.Parameter(normalized_positive_definite(n_latent))
        self.W1 = nn.Parameter(_uniform((n_latent, n_hidden), 1 / math.sqrt(n_hidden)))
        self.W2 = nn.Parameter(_uniform((n_hidden, n_latent), 1 / math.sqrt(n_latent)))
        self.h1 = nn.Parameter(torch.zeros(n_latent))
        h2 = (
            _uniform(n_hidden, 1 / math.sqrt(n_hidden))
            if clipped
            else torch.zeros(n_hidden)
        )
        self.h2 = nn.Parameter(h2)

    def step(self, z):
        pre = z @ self.W2.T
        hidden = torch.relu(pre + self.h2)
        if self.clipped:
            hidden = hidden - torch.relu(pre)
        return self.A * z + hidden @ self.W1.T + self.h1

    def canonical(self):
        W2T, W1T = _numpy(self.W2).T, _numpy(self.W1).T
        V = np.vstack([_numpy(self.h2)[None], W2T])
        K_switch = W1T
        if self.clipped:
            V = np.hstack([V, np.vstack([np.zeros_like(V[:1]), W2T])])
            K_switch = np.vstack([W1T, -W1T])
        K = np.vstack([_numpy(self.h1)[None], np.diag(_numpy(self.A)), K_switch])
        return V, K

    def canonical_grads(self, dV, dK):
        M, L = self.n_latent, self.n_hidden
        dW2T, dW1T = dV[1:, :L], dK[M + 1 : M + 1 + L]
        if self.clipped:
            dW2T = dW2T + dV[1:, L:]
            dW1T = dW1T - dK[M + 1 + L :]
        return {
            "A": np.diagonal(dK[1 : M + 1]).copy(),
            "W1": dW1T.T,
            "W2": dW2T.T,
            "h1": dK[0],
            "h2": dV[0, :L],
        }
