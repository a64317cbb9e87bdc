"""skorch callbacks of the teacher-forcing loop: adaptive GTF alpha, progress."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from skorch.callbacks import Callback

__all__ = [
    "AttractorCheckpoint",
    "EpochProgressBar",
    "GTFAlphaScheduler",
    "optimal_alpha",
]


def _top_eigenvalue_of_gram(G):
    """Largest eigenvalue of symmetric 1x1, 2x2 or 3x3 matrices, closed form.

    ``G`` holds the matrix entries ``G[i][j]`` as arrays over the matrices
    (only ``i <= j`` is read). A batch of thousands of small LAPACK calls
    costs more than the rest of the alpha update together. 3 x 3 uses the
    trigonometric solution of the characteristic cubic (relative error ~1e-9
    at a double top eigenvalue, far below what alpha needs).
    """
    M = len(G)
    if M == 1:
        return G[0][0]
    if M == 2:
        half_trace = (G[0][0] + G[1][1]) / 2
        half_gap = (G[0][0] - G[1][1]) / 2
        return half_trace + np.hypot(half_gap, G[0][1])
    a, b, c = G[0][0], G[1][1], G[2][2]
    d, e, f = G[0][1], G[1][2], G[0][2]
    q = (a + b + c) / 3
    a, b, c = a - q, b - q, c - q  # the diagonal of G - q I
    p = np.sqrt((a**2 + b**2 + c**2 + 2 * (d**2 + e**2 + f**2)) / 6)
    det = a * (b * c - e**2) - d * (d * c - e * f) + f * (d * e - b * f)
    safe = np.where(p > 0, p, 1.0)
    r = np.clip(det / (2 * safe**3), -1.0, 1.0)
    return q + 2 * p * np.cos(np.arccos(r) / 3)


def _spectral_norms(J, M):
    """``||J||_2`` of flat row-form Jacobians ``J`` (M * M, n), row ``k M + i``."""
    J = J.astype(np.float64, copy=False)
    if M > 3:
        Jm = np.ascontiguousarray(J.T).reshape(-1, M, M)
        top = np.linalg.eigvalsh(np.swapaxes(Jm, 1, 2) @ Jm)[:, -1]
    else:
        # the entries of J^T J as M * (M + 1) / 2 sums over rows of J: on a
        # batch of 3 x 3 matrices this beats a batched matmul several-fold
        rows = J.reshape(M, M, -1)  # rows[k, i] = J[k, i] over the states
        gram = [[None] * M for _ in range(M)]
        for i in range(M):
            for j in range(i, M):
                gram[i][j] = (rows[:, i] * rows[:, j]).sum(axis=0)
        top = _top_eigenvalue_of_gram(gram)
    return np.sqrt(np.maximum(top, 0))


def jacobian_norm_bound(pwl_map, states):
    """Product upper bound: ``max_s geomean_t ||J(z_{s,t})||_2``.

    ``pwl_map`` is the model's :class:`PiecewiseLinearMap`, in the precision
    the Jacobians are to be computed in (training uses float32: alpha needs a
    few digits); ``states`` has shape (n_sequences, n_timesteps, n_latent).
    """
    S, T, M = states.shape
    d = pwl_map.switches(states.reshape(S * T, M))  # (S*T, H)
    inverse = None
    if d.shape[1] <= 16:  # few switching units: few distinct Jacobians
        d, inverse = np.unique(d, axis=0, return_inverse=True)
    norms = _spectral_norms(pwl_map.flat_region_jacobians(d), M)
    if inverse is not None:
        norms = norms[inverse.ravel()]
    log_norms = np.log(np.maximum(norms, 1e-300)).reshape(S, T)
    return float(np.exp(log_norms.mean(axis=1)).max())


def optimal_alpha(norm_bound):
    """GTF's optimal forcing ``alpha* = max(0, 1 - 1 / N)`` (Hess et al. 2023)."""
    return max(0.0, 1.0 - 1.0 / norm_bound) if norm_bound > 0 else 0.0


class GTFAlphaScheduler(Callback):
    """Adaptive generalized teacher forcing ("aGTF").

    Every ``update_every`` training batches, estimate the Jacobian norm bound
    at the data-inferred states of the batch (read-out units set to the data,
    the others to zero, as the reference code does) and move the net's
    ``alpha_`` towards ``alpha*``: upwards at once, downwards slowly
    (``alpha <- decay * alpha + (1 - decay) * alpha*``). Starts at
    ``initial_alpha``.
    """

    def __init__(self, initial_alpha=1.0, update_every=5, decay=0.999):
        self.initial_alpha = initial_alpha
        self.update_every = update_every
        self.decay = decay

    def on_train_begin(self, net, **kwargs):
        net.alpha_ = float(self.initial_alpha)
        self.n_batches_ = 0

    def on_batch_end(self, net, batch, training, **kwargs):
        if not training:
            return
        self.n_batches_ += 1
        if self.n_batches_ % self.update_every:
            return
        # the model in its own float32, as trained: alpha needs a few digits
        pwl_map = net.module_.numpy_map(dtype=np.float32)
        x = batch[0][:, 1:].detach().cpu().numpy()
        states = np.zeros((*x.shape[:2], pwl_map.n_latent), dtype=pwl_map.K.dtype)
        states[..., : x.shape[2]] = x
        estimate = optimal_alpha(jacobian_norm_bound(pwl_map, states))
        if estimate > net.alpha_:
            net.alpha_ = estimate
        else:
            net.alpha_ = self.decay * net.alpha_ + (1 - self.decay) * estimate
        net.history.record_batch("gtf_alpha", net.alpha_)


class EpochProgressBar(Callback):
    """One tqdm bar over the epochs, with the latest training loss."""

    def on_train_begin(self, net, **kwargs):
        from tqdm.auto import tqdm

        self.bar_ = tqdm(total=net.max_epochs, desc=type(net.module_).__name__)

    def on_epoch_end(self, net, **kwargs):
        self.bar_.update(1)
        self.bar_.set_postfix(loss=f"{net.history[-1, 'train_loss']:.4g}")

    def on_train_end(self, net, **kwargs):
        self.bar_.close()


class AttractorCheckpoint(Callback):
    """Keep the parameters whose free-running attractor best matches the data.

    Every ``every`` epochs the model is run freely from ``n_starts`` states
    spread over the training data, ``transient`` steps and then ``run_length``
    steps each; every ``n_starts * run_length // n_points``-th state of the
    runs is pooled and compared with the training data by the state-space
    divergence D_stsp (``n_bins`` bins per dimension for up to 5 variables,
    the GMM estimate beyond). At the end of training the parameters with the
    lowest D_stsp are restored -- the model selection of the AL-RNN reference
    code, which matters because training can pass through a faithful chaotic
    attractor and later settle on a limit cycle with a lower teacher-forced
    loss.

    The runs are long and many because a model can also carry a second,
    spurious attractor -- typically a small stable cycle in the hole around a
    lobe centre of Lorenz-63, where no training state lies. Orbits fall into
    it only after thousands of steps (on a shPLRNN seen here: 2 000 to 52 000
    steps from 27 of 32 training states), so short runs from a few states
    never see it, while ``simulate`` over 100 000 steps does. Pooling strided
    states of long runs makes such a model score badly. (A mean of per-start
    divergences was tried and selected worse models: each estimate rests on
    too few points.) A diverging roll-out scores ``inf``. Only training data
    are used.

    The same runs give the power-spectrum distance D_H (``train_dh``): the
    spectra of the runs and of segments of the training data, each as long
    as one run, are averaged (Welch) and smoothed as ``sigma = 20`` smooths a
    spectrum of the whole training series. ``metric="power_spectrum"``
    selects on it instead of D_stsp -- for data whose rhythm matters more
    than the exact shape of the attractor, such as an ECG, whose D_H is
    decided by the model's heart period to a fraction of a per cent.
    """

    def __init__(
        self,
        reference,
        every=10,
        n_points=20_000,
        run_length=12_500,
        transient=1000,
        n_starts=16,
        n_bins=None,
        metric="state_space",
    ):
        self.reference = reference
        self.every = every
        self.n_points = n_points
        self.run_length = run_length
        self.transient = transient
        self.n_starts = n_starts
        self.n_bins = n_bins
        self.metric = metric

    def on_train_begin(self, net, **kwargs):
        self.best_score_ = np.inf
        self.best_params_ = None
        self.best_epoch_ = None

    def _free_runs(self, net):
        """Observed units of the runs, shape (n_starts, run_length, n_obs)."""
        pwl_map = net.module_.numpy_map()
        picks = np.linspace(0, len(self.reference) - 1, self.n_starts).astype(int)
        z = pwl_map.initial_state(self.reference[picks])
        with np.errstate(all="ignore"):
            z = pwl_map.advance(z, self.transient)
            # every step is kept for D_H, so only the read-out units
            return pwl_map.rollout(z, self.run_length, n_units=pwl_map.n_obs)

    def _score(self, net):
        """``(D_stsp, D_H)`` of the free runs against the training data."""
        from sklearn_dsr.metrics import (
            power_spectrum_distance,
            state_space_divergence,
        )

        runs = self._free_runs(net)
        if not np.all(np.isfinite(runs)) or np.abs(runs).max() > 1e6:
            return np.inf, 1.0
        n_obs = runs.shape[2]
        stride = max(1, self.n_starts * self.run_length // self.n_points)
        X = runs[:, stride - 1 :: stride].reshape(-1, n_obs)
        n_bins = self.n_bins or (30 if n_obs <= 3 else 8)
        dstsp = state_space_divergence(self.reference, X, n_bins=n_bins)
        length = min(self.run_length, len(self.reference))
        dh = power_spectrum_distance(
            self.reference,
            runs[:, :length].reshape(-1, n_obs),
            sigma=20.0 * length / len(self.reference),
            segment_length=length,
        )
        return dstsp, dh

    def on_epoch_end(self, net, **kwargs):
        epoch = len(net.history)
        if epoch % self.every and epoch != net.max_epochs:
            return
        dstsp, dh = self._score(net)
        net.history.record("train_dstsp", dstsp)
        net.history.record("train_dh", dh)
        if self.metric == "state_space" or not np.isfinite(dstsp):
            score = dstsp  # a diverged run is never kept
        else:
            score = dh
        if score < self.best_score_:
            self.best_score_, self.best_epoch_ = score, epoch
            self.best_params_ = net.module_.snapshot()

    def on_train_end(self, net, **kwargs):
        if self.best_params_ is None:
            return
        net.module_.restore(self.best_params_)
        net.history.record("best_epoch", self.best_epoch_)
        # a fitted model should not carry a copy of its training data
        self.reference, self.best_params_ = None, None


def schedule_callbacks(max_epochs, lr_ratio, verbose):
    """Exponential learning-rate decay by ``lr_ratio`` over training, and a bar.

    Returns
    -------
    callbacks : list of (str, Callback)
        ``lr_decay`` and, when ``verbose``, ``progress``.
    """
    import torch
    from skorch.callbacks import LRScheduler

    gamma = lr_ratio ** (1.0 / max_epochs)
    callbacks = [
        ("lr_decay", LRScheduler(torch.optim.lr_scheduler.ExponentialLR, gamma=gamma))
    ]
    if verbose:
        callbacks.append(("progress", EpochProgressBar()))
    return callbacks
