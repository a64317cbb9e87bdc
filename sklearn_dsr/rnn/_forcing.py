"""Teacher-forced roll-outs: the reference loop and the fused, analytic-BPTT kernel.

The forcing rule (sparse and generalized teacher forcing in one): every
``interval`` steps the ``n_forced`` read-out units of the predicted state are
replaced by ``(1 - alpha) * z + alpha * x`` (Mikhaeil et al. 2022; Hess et al.
2023). ``alpha = 1`` with ``interval = 16`` is sparse teacher forcing (the
AL-RNN setting); ``interval = 1`` with ``alpha < 1`` is GTF. The gradient
through a forced unit is scaled by ``1 - alpha`` (cut for STF), exactly as the
custom rrule of the reference code.

At the training sizes of these models (M = 20, batch 16, 200 steps) a
per-step PyTorch loop spends nearly all its time in operator dispatch and
autograd bookkeeping. :class:`FusedForcedRollout` therefore runs the forward
loop and the backward (BPTT) loop by hand in numpy on the canonical form of
:mod:`sklearn_dsr.analysis._pwl_map` -- three numpy calls per step forward and
four backward -- and hands torch the gradients of ``V``, ``K`` and the initial
state, from which autograd derives the gradients of the model's parameters.
The maths is that of :func:`reference_forced_rollout`; the tests check the
gradients agree to round-off.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from functools import lru_cache

import numpy as np
import torch

__all__ = ["FusedForcedRollout", "forced_rollout", "reference_forced_rollout"]


def _is_forced(t, interval):
    """Whether the state produced at step ``t`` (1-based) is teacher forced."""
    return t % interval == 0


@lru_cache(maxsize=32)
def _schedule(n_steps, interval, forcing):
    """``_is_forced`` for steps 0 .. n_steps (cached: the same for every batch)."""
    return tuple(forcing and _is_forced(t, interval) for t in range(n_steps + 1))


def reference_forced_rollout(module, X, *, interval, alpha):
    """Straightforward per-step PyTorch loop (the textbook implementation).

    Parameters
    ----------
    module : LatentPWLModel
        The latent model (its ``step`` and ``initial_state``).
    X : tensor of shape (batch, seq_len + 1, n_obs)
        Windows of data; row 0 initialises the latent state.
    interval : int
        Forcing interval.
    alpha : float
        Forcing strength.

    Returns
    -------
    predictions : tensor of shape (batch, seq_len, n_obs)
        Model predictions (before forcing) of ``X[:, 1:]``.
    """
    N = X.shape[-1]
    z = module.initial_state(X[:, 0])
    preds = []
    for t in range(1, X.shape[1]):
        z = module.step(z)
        preds.append(z[:, :N])
        if _is_forced(t, interval) and alpha > 0:
            forced = (1 - alpha) * z[:, :N] + alpha * X[:, t]
            z = torch.cat([forced, z[:, N:]], dim=1)
    return torch.stack(preds, dim=1)


def _forward(V, K, z0, X, interval, alpha):
    """Forced roll-out in numpy.

    Works on column vectors -- the ``[1, z, r]`` buffer ``U`` has shape
    ``(T, 1 + M + H, batch)`` -- so every per-step result is a contiguous
    block that ``np.dot`` can write in place (about half the cost of the
    row layout at these sizes). Returns ``U`` and the predictions of the
    read-out units, shape ``(T, N, batch)``.
    """
    T = X.shape[1] - 1
    B, M = z0.shape
    N = X.shape[2]
    W = 1 + M + V.shape[1]
    U = np.empty((T, W, B), dtype=K.dtype)
    U[:, 0] = 1.0
    U[0, 1 : M + 1] = z0.T
    KT = np.ascontiguousarray(K.T)
    KT_forced = KT.copy()
    KT_forced[:N] *= 1.0 - alpha
    VT = np.ascontiguousarray(V.T)
    aX = np.ascontiguousarray((alpha * X[:, 1:]).transpose(1, 2, 0), dtype=K.dtype)
    forced = _schedule(T, interval, alpha > 0)
    for t in range(T):
        Ut = U[t]
        switch = Ut[M + 1 :]
        np.dot(VT, Ut[: M + 1], out=switch)
        np.maximum(switch, 0.0, out=switch)
        if t + 1 < T:
            nxt = U[t + 1, 1 : M + 1]
            if forced[t + 1]:
                np.dot(KT_forced, Ut, out=nxt)
                nxt[:N] += aX[t]
            else:
                np.dot(KT, Ut, out=nxt)
    return U, np.matmul(KT[:N], U)


def _backward(V, K, U, G, interval, alpha):
    """BPTT through :func:`_forward`; ``G`` is dL/d(predictions), (T, N, batch).

    Returns the gradients of ``V``, ``K`` (row-vector form, as the matrices)
    and of the initial state, shape (batch, M).
    """
    T, W, B = U.shape
    M = K.shape[1]
    N = G.shape[1]
    H = W - 1 - M
    K_switch = np.ascontiguousarray(K[M + 1 :])  # (H, M)
    # d z_{t+1} as a function of [dL/d pred_{t+1}; dL/d switches_{t+1}]
    backT = np.ascontiguousarray(np.hstack([K[1 : M + 1], V[1:]]))  # (M, M + H)
    backT_forced = backT.copy()
    backT_forced[:N] *= 1.0 - alpha
    active = (U[:, M + 1 :] > 0).astype(K.dtype)
    # Q[t] = [dL/d pred_{t+1}; dL/d switch pre-activations at step t]
    Q = np.zeros((T, M + H, B), dtype=K.dtype)
    Q[:, :N] = G
    forced = _schedule(T, interval, alpha > 0)
    for t in range(T - 1, -1, -1):
        Qt = Q[t]
        q = Qt[:M]
        if t + 1 < T:
            q += np.dot(backT_forced if forced[t + 1] else backT, Q[t + 1])
        gs = Qt[M:]
        np.dot(K_switch, q, out=gs)
        gs *= active[t]
    # sum_t U_t Q_t^T as T small products (no transposed copies of U)
    Q_T = Q.transpose(0, 2, 1)
    dK = np.matmul(U, Q_T[:, :, :M]).sum(axis=0)
    dV = np.matmul(U[:, : M + 1], Q_T[:, :, M:]).sum(axis=0)
    dz0 = (backT @ Q[0]).T
    return dV, dK, dz0


class FusedForcedRollout(torch.autograd.Function):
    """Forced roll-out with hand-written forward and BPTT loops (see module doc)."""

    @staticmethod
    def forward(ctx, V, K, z0, X, interval, alpha):
        Vn, Kn = V.detach().cpu().numpy(), K.detach().cpu().numpy()
        Xn = X.detach().cpu().numpy().astype(Kn.dtype, copy=False)
        U, preds = _forward(Vn, Kn, z0.detach().cpu().numpy(), Xn, interval, alpha)
        ctx.save_for_backward(V, K)
        ctx.U, ctx.interval, ctx.alpha = U, interval, alpha
        out = np.ascontiguousarray(preds.transpose(2, 0, 1))
        return torch.from_numpy(out).to(device=K.device)

    @staticmethod
    def backward(ctx, grad_preds):
        V, K = ctx.saved_tensors
        G = grad_preds.detach().cpu().numpy().transpose(1, 2, 0)
        dV, dK, dz0 = _backward(
            V.detach().cpu().numpy(),
            K.detach().cpu().numpy(),
            ctx.U,
            G.astype(ctx.U.dtype, copy=False),
            ctx.interval,
            ctx.alpha,
        )
        del ctx.U
        to = lambda a: torch.from_numpy(np.ascontiguousarray(a)).to(K.device)  # noqa: E731
        return to(dV), to(dK), to(dz0), None, None, None


def forced_rollout(module, X, *, interval, alpha):
    """Fused teacher-forced roll-out of ``module`` over windows ``X``.

    Same inputs and result as :func:`reference_forced_rollout`, differentiable
    with respect to the module's parameters, many times faster.
    """
    V, K = module.canonical()
    z0 = module.initial_state(X[:, 0])
    return FusedForcedRollout.apply(V, K, z0, X, int(interval), float(alpha))
