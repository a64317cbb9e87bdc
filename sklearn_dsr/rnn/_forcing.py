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
:mod:`sklearn_dsr.analysis._pwl_map` -- two numpy calls per step forward and
two backward for the AL-RNN, three each for the shPLRNN, forced or not, by
folding each step's products (and the data of a forced step) into one -- and
maps the gradients of ``V``, ``K`` and the initial state back to the model's
parameters through the module's ``canonical_grads``, bypassing autograd.
The maths is that of :func:`reference_forced_rollout`; the tests check the
gradients agree to round-off.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from functools import lru_cache

import numpy as np
import torch

from sklearn_dsr.analysis._pwl_map import identity_initial_state
from sklearn_dsr.rnn._pool import ArrayPool

__all__ = ["FusedForcedRollout", "forced_rollout", "reference_forced_rollout"]


def _is_forced(t, interval):
    """Whether the state produced at step ``t`` (1-based) is teacher forced."""
    return t % interval == 0


@lru_cache(maxsize=32)
def _schedule(n_steps, interval, forcing):
    """``_is_forced`` for steps 0 .. n_steps (cached: the same for every batch)."""
    return tuple(forcing and _is_forced(t, interval) for t in range(n_steps + 1))


def _forced_rows(n_steps, interval, forcing):
    """``_is_forced`` as a slice of the rows ``t - 1`` of steps ``t < n_steps``.

    Basic indexing with it makes views where an index array would copy (GTF
    forces every step).
    """
    return slice(interval - 1, n_steps - 1 if forcing else 0, interval)


def _readout_embedding(n_latent, n_obs, dtype):
    """The ``(M, N)`` block that puts ``N`` read-out values on the first units."""
    embed = np.zeros((n_latent, n_obs), dtype=dtype)
    embed[:n_obs, :n_obs] = np.eye(n_obs, dtype=dtype)
    return embed


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


_POOL = ArrayPool()


def _fuses(n_latent, n_switches):
    """Whether a step's state and switch products are folded into one.

    Composing them costs ``(M + H) * W`` multiplications instead of
    ``M * W + H * (M + 1)``: the same for few switching units (the AL-RNN),
    many times more for many (the shPLRNN).
    """
    return n_switches <= n_latent


def _separate_steps(U, KT, KT_forced, VT, forced):
    """The roll-out loop of :func:`_forward` for many switching units.

    ``KT`` and ``KT_forced`` act on the whole column of ``U`` (its data rows
    included, see :func:`_forward`); same signature as :func:`_fused_steps`.
    """
    T = U.shape[0]
    M = KT.shape[0]
    H = VT.shape[0]
    zero = np.zeros((), dtype=U.dtype)
    # iterating over views made up front: indexing U inside the loop would
    # cost a fifth of the step
    views = _POOL.views(
        U,
        ("separate", M, H),
        lambda U: (
            list(U[:-1]),
            list(U[1:, : M + 1]),
            list(U[1:, 1 : M + 1]),
            list(U[1:, M + 1 : M + 1 + H]),
        ),
    )
    for cur, nxt, z, switch, is_forced in zip(*views, forced[1:T]):
        np.dot(KT_forced if is_forced else KT, cur, out=z)
        np.dot(VT, nxt, out=switch)
        np.maximum(switch, zero, out=switch)


def _fused_steps(U, KT, KT_forced, VT, forced):
    """The roll-out loop of :func:`_forward` for few switching units.

    ``[z'; s'] = [K^T; V_z^T K^T + v_0 e_0^T] [1; z; r; a]`` gives the next
    state and its switch pre-activations in one product; the data rows ``a``
    of a forced step add ``[alpha x; alpha V_z^T x]`` to it.
    """
    T = U.shape[0]
    M = KT.shape[0]
    H = VT.shape[0]

    def with_switches(kt):
        out = np.vstack([kt, VT[:, 1:] @ kt])
        out[M:, 0] += VT[:, 0]
        return out

    step, step_forced = with_switches(KT), with_switches(KT_forced)
    zero = np.zeros((), dtype=U.dtype)
    views = _POOL.views(
        U,
        ("fused", M, H),
        lambda U: (
            list(U[:-1]),
            list(U[1:, 1 : M + 1 + H]),
            list(U[1:, M + 1 : M + 1 + H]),
        ),
    )
    for cur, nxt, switch, is_forced in zip(*views, forced[1:T]):
        np.dot(step_forced if is_forced else step, cur, out=nxt)
        np.maximum(switch, zero, out=switch)


def _forward(V, K, z0, X, interval, alpha):
    """Forced roll-out in numpy.

    Works on column vectors -- the buffer ``U`` of shape
    ``(T, 1 + M + H + N, batch)`` holds ``[1, z, r, a]`` -- so every per-step
    result is a contiguous block that ``np.dot`` can write in place (about
    half the cost of the row layout at these sizes). The data rows ``a`` of
    step ``t`` hold ``alpha * x_{t+1}`` when the state after the step is
    forced (zero otherwise), and the step matrix carries an identity block
    for them, so a forced step costs the same single product as a free one:
    ``z' = (1 - alpha) F(z) + alpha x`` on the read-out units. With few
    switching units (the AL-RNN) :func:`_fused_steps` needs two numpy calls
    per step; with many (the shPLRNN) :func:`_separate_steps` keeps the state
    and switch products apart (see :func:`_fuses`) and needs three. Returns
    ``U`` and the predictions of the read-out units (before forcing), shape
    ``(T, N, batch)``.
    """
    T = X.shape[1] - 1
    B, M = z0.shape
    N = X.shape[2]
    H = V.shape[1]
    W = 1 + M + H
    dtype = K.dtype
    U = _POOL.take((T, W + N, B), dtype)  # given back by the caller
    U[:, 0] = 1.0
    U[0, 1 : M + 1] = z0.T
    forced = _schedule(T, interval, alpha > 0)
    forced_t = _forced_rows(T, interval, alpha > 0)  # steps whose result is forced
    aX = (alpha * X[:, 1:]).transpose(1, 2, 0).astype(dtype)  # (T, N, B)
    U[:, W:] = 0.0
    U[forced_t, W:] = aX[forced_t]
    KT = np.hstack([K.T, _readout_embedding(M, N, dtype)])  # (M, W + N)
    VT = np.ascontiguousarray(V.T)  # (H, M + 1)
    KT_forced = KT.copy()
    KT_forced[:N, :W] *= 1.0 - alpha
    zero = np.zeros((), dtype=dtype)
    switch = U[0, M + 1 : W]
    np.dot(VT, U[0, : M + 1], out=switch)
    np.maximum(switch, zero, out=switch)
    steps = _fused_steps if _fuses(M, H) else _separate_steps
    steps(U, KT, KT_forced, VT, forced)
    # predictions: the read-out rows of U, except where forcing moved them:
    # there (1 - alpha) * prediction = forced state - alpha * x. Strong
    # forcing would amplify the round-off of that difference, so above
    # alpha = 0.9 (and at alpha = 1, which leaves nothing to recover; then
    # forcing is sparse, STF) the predictions are recomputed instead.
    preds = np.empty((T, N, B), dtype=dtype)
    preds[:-1] = U[1:, 1 : N + 1]
    if alpha <= 0.9:
        preds[forced_t] -= aX[forced_t]
        preds[forced_t] /= dtype.type(1.0 - alpha)
    else:
        preds[forced_t] = np.matmul(KT[:N, :W], U[forced_t, :W])
    np.dot(KT[:N, :W], U[T - 1, :W], out=preds[T - 1])
    return U, preds


def _backward(V, K, U, G, interval, alpha):
    """BPTT through :func:`_forward`; ``G`` is dL/d(predictions), (T, N, batch).

    With ``Q_t = [dL/d pred_{t+1}; dL/d switch pre-activations at step t]``
    the recursion is ``q_t = g_t + R Q_{t+1}`` (``R`` the back-propagation
    matrix, forcing-scaled) and ``s_t = active_t * (K_r q_t)``. With few
    switching units both come from one product with ``[R, E; K_r R, K_r E]``
    applied to ``[Q_{t+1}; g_t]`` (``E`` embeds the ``N`` read-out gradients),
    so a step is two numpy calls; with many, ``K_r q_t`` is its own product.
    The buffer ``Y`` holds ``Q_t`` in ``Y[t, :M + H]`` and ``g_t`` in
    ``Y[t + 1, M + H:]`` to make ``[Q_{t+1}; g_t]`` one contiguous block.

    Returns the gradients of ``V``, ``K`` (row-vector form, as the matrices)
    and of the initial state, shape (batch, M).
    """
    T, _, B = U.shape
    M = K.shape[1]
    N = G.shape[1]
    H = V.shape[1]
    W = 1 + M + H  # the rows of U before its data rows
    dtype = K.dtype
    K_switch = np.ascontiguousarray(K[M + 1 :])  # (H, M)
    backT = np.hstack([K[1 : M + 1], V[1:]])  # (M, M + H)
    backT_forced = backT.copy()
    backT_forced[:N] *= 1.0 - alpha
    embed = _readout_embedding(M, N, dtype)
    fuse = _fuses(M, H)

    def stacked(back):
        top = np.hstack([back, embed])
        if not fuse:
            return top
        return np.ascontiguousarray(np.vstack([top, K_switch @ top]))

    step, step_forced = stacked(backT), stacked(backT_forced)
    # the switch units of U are ReLU outputs (>= 0): positive ones pass
    active = _POOL.take((T, H, B), dtype)
    np.copyto(active, U[:, M + 1 : W] > 0)
    Y = _POOL.take((T + 1, M + H + N, B), dtype)
    Y[T, : M + H] = 0.0  # Q_T; every other row is written before it is read
    Y[1:, M + H :] = G
    # whether the state after step t + 1 was forced, for t = 0 .. T - 1
    next_forced = (*_schedule(T, interval, alpha > 0)[1:T], False)
    views = _POOL.views(
        Y,
        ("backward", M, H),
        lambda Y: (
            list(Y[:T, : M + H]),
            list(Y[:T, :M]),
            list(Y[:T, M : M + H]),
            list(Y[1:]),
        ),
    )
    rows = _POOL.views(active, "rows", list)
    steps = zip(*(reversed(v) for v in views), reversed(rows), reversed(next_forced))
    for Qt, q, gs, nxt, active_t, is_forced in steps:
        back = step_forced if is_forced else step
        if fuse:
            np.dot(back, nxt, out=Qt)
        else:
            np.dot(back, nxt, out=q)
            np.dot(K_switch, q, out=gs)
        np.multiply(gs, active_t, out=gs)
    Q = Y[:T, : M + H]
    # sum_t U_t Q_t^T as T small products (no transposed copies of U)
    Q_T = Q.transpose(0, 2, 1)
    products = _POOL.take((T, W, M), dtype)
    dK = np.matmul(U[:, :W], Q_T[:, :, :M], out=products).sum(axis=0)
    products_V = _POOL.take((T, M + 1, H), dtype)
    dV = np.matmul(U[:, : M + 1], Q_T[:, :, M:], out=products_V).sum(axis=0)
    dz0 = (backT @ Q[0]).T
    _POOL.give(active, Y, products, products_V)
    return dV, dK, dz0


class FusedForcedRollout(torch.autograd.Function):
    """Forced roll-out with hand-written forward and BPTT loops (see module doc).

    Takes the module's parameters themselves: the gradients of the canonical
    ``(V, K)`` and of the initial state are mapped back to the parameters by
    the module's ``canonical_grads`` (the adjoint of the linear map
    parameters -> ``(V, K)``), which spares autograd a dozen small nodes per
    batch.
    """

    @staticmethod
    def forward(ctx, X, module, interval, alpha, *params):
        V, K, x0, U, out = _module_forward(module, X, interval, alpha)
        ctx.module, ctx.V, ctx.K, ctx.x0, ctx.U = module, V, K, x0, U
        ctx.interval, ctx.alpha = interval, alpha
        return out

    @staticmethod
    def backward(ctx, grad_preds):
        G = grad_preds.detach().cpu().numpy().transpose(1, 2, 0)
        dV, dK, dz0 = _backward(
            ctx.V,
            ctx.K,
            ctx.U,
            G.astype(ctx.U.dtype, copy=False),
            ctx.interval,
            ctx.alpha,
        )
        module = ctx.module
        grads = module.canonical_grads(dV, dK)
        grads["L"] = dz0[:, module.n_obs :].T @ ctx.x0
        _POOL.give(ctx.U)
        del ctx.U, ctx.module
        device = grad_preds.device
        return (
            None,
            None,
            None,
            None,
            *(
                torch.from_numpy(np.ascontiguousarray(grads[name])).to(device)
                for name, _ in module.named_parameters()
            ),
        )


def _module_forward(module, X, interval, alpha):
    """:func:`_forward` of a module on torch windows; the predictions as torch."""
    V, K = module.canonical()
    Xn = X.detach().cpu().numpy().astype(K.dtype, copy=False)
    x0 = Xn[:, 0]
    z0 = identity_initial_state(x0, module.L.detach().cpu().numpy())
    U, preds = _forward(V, K, z0, Xn, interval, alpha)
    out = np.ascontiguousarray(preds.transpose(2, 0, 1))
    return V, K, x0, U, torch.from_numpy(out).to(device=module.L.device)


def forced_rollout(module, X, *, interval, alpha):
    """Fused teacher-forced roll-out of ``module`` over windows ``X``.

    Same inputs and result as :func:`reference_forced_rollout`, differentiable
    with respect to the module's parameters, many times faster.
    """
    params = tuple(module.parameters())
    if torch.is_grad_enabled() and any(p.requires_grad for p in params):
        return FusedForcedRollout.apply(X, module, int(interval), float(alpha), *params)
    # no backward pass will follow (validation, evaluation): the work array
    # goes back to the pool at once instead of being lost with its views
    *_, U, out = _module_forward(module, X, int(interval), float(alpha))
    _POOL.give(U)
    return out
