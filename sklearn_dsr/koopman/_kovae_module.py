"""The torch model of the Koopman VAE: a sequence encoder, a linear latent prior.

Windows ``x_1..x_T`` (NaN = missing) are encoded by a bidirectional GRU that
reads ``[x_t * m_t, m_t]`` (``m`` the observation mask), as in KoVAE. During
training a random share (``mask_rate``) of the observed entries is hidden
from the encoder but kept in the reconstruction loss, so the model learns to
fill gaps from their neighbours in time and across variables. The prior is
linear: ``z_{t+1} ~ N(A z_t, sigma^2)`` with ``A`` the least-squares Koopman
matrix of the batch's latent sequences (the paper's prior; the released code
samples a GRU prior instead). A decoder MLP maps each ``z_t`` to ``x_t``, so
a generated trajectory is ``A``'s linear dynamics seen through a nonlinear
observable map. A roll-out term decodes each window a second time from its
first latent state moved by ``A`` alone (the Koopman-autoencoder loss of
Lusch et al. 2018): that is the path generation takes, so it is trained
directly.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import math

import numpy as np
import torch
from torch import nn

__all__ = ["KoopmanVAEModule", "least_squares_koopman"]


def least_squares_koopman(z, ridge=1e-4):
    """``A`` minimising ``sum_t ||z_{t+1} - A z_t||^2`` over a batch (B, T, d)."""
    past = z[:, :-1].reshape(-1, z.shape[-1])
    future = z[:, 1:].reshape(-1, z.shape[-1])
    gram = past.T @ past + ridge * len(past) * torch.eye(z.shape[-1], dtype=z.dtype)
    return torch.linalg.solve(gram, past.T @ future).T


class KoopmanVAEModule(nn.Module):
    """Sequential VAE with a linear (Koopman) latent prior.

    Parameters
    ----------
    n_obs, n_latent, n_hidden : int
        Observed, latent and hidden sizes.
    w_kl, w_pred, w_rollout, w_eig : float
        Weights of the KL term, of the latent linear-prediction error, of the
        roll-out reconstruction and of the eigenvalue penalty.
    max_eigenvalue : float or None
        Bound on ``|eig(A)|`` enforced by the penalty.
    mask_rate : float
        Share of observed entries hidden from the encoder in training.
    """

    def __init__(
        self,
        n_obs,
        n_latent,
        n_hidden,
        w_kl,
        w_pred,
        w_rollout,
        w_eig,
        max_eigenvalue,
        mask_rate,
    ):
        super().__init__()
        self.encoder = nn.GRU(2 * n_obs, n_hidden, batch_first=True, bidirectional=True)
        self.posterior = nn.Linear(2 * n_hidden, 2 * n_latent)
        self.mask_rate = mask_rate
        self.decoder = nn.Sequential(
            nn.Linear(n_latent, n_hidden),
            nn.Tanh(),
            nn.Linear(n_hidden, n_hidden),
            nn.Tanh(),
            nn.Linear(n_hidden, n_obs),
        )
        self.log_sigma = nn.Parameter(torch.tensor(math.log(0.1)))
        self.w_kl, self.w_pred, self.w_eig = w_kl, w_pred, w_eig
        self.w_rollout = w_rollout
        self.max_eigenvalue = max_eigenvalue

    def encode(self, x):
        """Posterior means and log-variances ``(B, T, d)`` of windows with NaN."""
        mask = torch.isfinite(x)
        inputs = torch.cat([torch.where(mask, x, 0.0), mask.to(x.dtype)], dim=-1)
        hidden, _ = self.encoder(inputs)
        mean, log_var = self.posterior(hidden).chunk(2, dim=-1)
        return mean, log_var.clamp(-10.0, 5.0)

    # numpy in, numpy out (float64), no gradients: the fitted model's uses
    def encode_windows(self, windows, at=slice(None), chunk=1024):
        """Posterior means ``[:, at]`` of windows (n, seq_len, n_features).

        Encoded ``chunk`` windows at a time, so that long trajectories (one
        window per row) never hold all windows' latent sequences at once.
        """
        means = []
        for i in range(0, len(windows), chunk):
            block = torch.as_tensor(np.array(windows[i : i + chunk], dtype=np.float32))
            with torch.no_grad():
                mean, _ = self.encode(block)
            means.append(mean[:, at].numpy().astype(np.float64))
        return np.concatenate(means)

    def causal_states(self, Z, seq_len):
        """Latent state of every row from the window of ``seq_len`` rows ending there.

        The encoder is bidirectional, so a row's state uses only the rows
        up to it (causal, as forecasting requires) when it ends its window.
        """
        padded = np.concatenate([np.repeat(Z[:1], seq_len - 1, axis=0), Z])
        windows = np.lib.stride_tricks.sliding_window_view(padded, seq_len, axis=0)
        return self.encode_windows(windows.transpose(0, 2, 1), at=-1)

    def decode_states(self, z):
        """Decoded latent states ``(..., n_latent)`` -> ``(..., n_obs)``."""
        with torch.no_grad():
            out = self.decoder(torch.as_tensor(z, dtype=torch.float32))
        return out.numpy().astype(np.float64)

    def reconstruct(self, Z, seq_len):
        """Decoded trajectory: overlapping windows encoded and decoded, averaged."""
        n = len(Z)
        # windows with stride seq_len / 2 (and one ending at the last row)
        last = max(n - seq_len, 0)
        starts = np.unique(np.r_[np.arange(0, last + 1, max(seq_len // 2, 1)), last])
        windows = np.stack([Z[s : s + seq_len] for s in starts])
        decoded = self.decode_states(self.encode_windows(windows))
        total, count = np.zeros_like(Z), np.zeros((n, 1))
        for s, d in zip(starts, decoded):
            total[s : s + len(d)] += d[: n - s]
            count[s : s + len(d)] += 1
        return total / count

    def eigenvalue_penalty(self, A):
        if self.max_eigenvalue is None:
            return A.new_zeros(())
        excess = torch.relu(torch.linalg.eigvals(A).abs() - self.max_eigenvalue)
        return torch.sum(excess**2)

    def rollout(self, z0, A, n_steps):
        """Decoded ``A^t z0``, ``t = 0 .. n_steps - 1``: shape (B, n_steps, n_obs)."""
        states = [z0]
        for _ in range(n_steps - 1):
            states.append(states[-1] @ A.T)
        return self.decoder(torch.stack(states, dim=1))

    def loss(self, x):
        """Negative ELBO (masked), plus prediction, roll-out and eigenvalue terms."""
        mask = torch.isfinite(x)
        x_in = x
        if self.training and self.mask_rate > 0:
            hide = torch.rand_like(x) < self.mask_rate
            x_in = torch.where(hide, torch.full_like(x, float("nan")), x)
        mean, log_var = self.encode(x_in)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * log_var)
        x_hat = self.decoder(z)
        n_obs = mask.sum().clamp(min=1)
        reconstruction = torch.sum(torch.where(mask, x_hat - x, 0.0) ** 2) / n_obs
        A = least_squares_koopman(mean)
        # KL(q(z_t) || p(z_t | z_{t-1})): N(0, I) at t = 0, N(A z, sigma^2) after
        prior_mean = torch.cat([torch.zeros_like(z[:, :1]), z[:, :-1] @ A.T], dim=1)
        prior_log_var = torch.cat(
            [
                torch.zeros_like(z[:, :1]),
                (2 * self.log_sigma).expand_as(z[:, 1:]),
            ],
            dim=1,
        )
        kl = 0.5 * (
            prior_log_var
            - log_var
            + (log_var.exp() + (mean - prior_mean) ** 2) / prior_log_var.exp()
            - 1.0
        )
        prediction = torch.mean((mean[:, 1:] - mean[:, :-1] @ A.T) ** 2)
        loss = (
            reconstruction
            + self.w_kl * kl.sum(-1).mean()
            + self.w_pred * prediction
            + self.w_eig * self.eigenvalue_penalty(A)
        )
        if self.w_rollout > 0:
            rolled = self.rollout(mean[:, 0], A, x.shape[1])
            error = torch.sum(torch.where(mask, rolled - x, 0.0) ** 2) / n_obs
            loss = loss + self.w_rollout * error
        return loss, x_hat
