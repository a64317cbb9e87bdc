"""Training data of the latent RNNs: random sub-sequences of the trajectories."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
import torch
from numpy.lib.stride_tricks import sliding_window_view

__all__ = ["TailWindows", "WindowBatches", "split_tails"]


def _windows(trajectories, length):
    """Strided views of all windows of ``length`` rows, one per trajectory."""
    return [
        sliding_window_view(t, length, axis=0)  # (n_windows, n_features, length)
        for t in trajectories
        if len(t) >= length
    ]


class WindowBatches(torch.utils.data.Dataset):
    """One item = one mini-batch of random windows of ``seq_len + 1`` rows.

    Windows are drawn uniformly (with replacement) from all windows of all
    trajectories, as the reference code samples sub-sequences. Building whole
    batches here (the data loader runs with ``batch_size=None``) avoids
    per-sample collation, which would cost more than the training step itself
    at these sizes. ``noise`` adds Gaussian noise of that standard deviation
    to the batch (targets and teacher signals alike).

    Parameters
    ----------
    trajectories : list of ndarray of shape (n_timesteps, n_features)
    seq_len : int
    batch_size : int
    n_batches : int
        Batches per epoch (the dataset's length).
    noise : float
    rng : numpy.random.Generator
    """

    def __init__(self, trajectories, seq_len, batch_size, n_batches, noise, rng):
        trajectories = [np.asarray(t, dtype=np.float32) for t in trajectories]
        # all data in one array; a window is rows start .. start + seq_len
        self.data = np.concatenate(trajectories)
        offsets = np.concatenate([[0], np.cumsum([len(t) for t in trajectories])])
        self.starts = np.concatenate(
            [
                np.arange(o, o + len(t) - seq_len)
                for o, t in zip(offsets, trajectories)
                if len(t) > seq_len
            ]
        )
        # (n_rows - seq_len, seq_len + 1, n_features) strided view: taking
        # whole windows is cheaper than fancy-indexing rows
        self.windows = sliding_window_view(
            self.data, (seq_len + 1, self.data.shape[1])
        )[:, 0]
        self.batch_size = batch_size
        self.n_batches = n_batches
        self.noise = noise
        self.rng = rng
        # torch draws normal variates about twice as fast as numpy
        self.generator = torch.Generator().manual_seed(int(rng.integers(2**62)))

    def __len__(self):
        return self.n_batches

    def __getitem__(self, index):
        picks = self.starts[self.rng.integers(0, len(self.starts), self.batch_size)]
        batch = torch.from_numpy(self.windows[picks])  # (B, T + 1, N), a copy
        if self.noise > 0:
            noise = torch.randn(batch.shape, generator=self.generator)
            batch.add_(noise, alpha=self.noise)
        return batch, torch.zeros(len(batch))


class TailWindows(torch.utils.data.Dataset):
    """Validation data: non-overlapping windows of held-out trajectory tails."""

    def __init__(self, trajectories, seq_len, batch_size):
        starts = [
            v[:: seq_len + 1]
            for v in _windows(
                [np.asarray(t, dtype=np.float32) for t in trajectories], seq_len + 1
            )
        ]
        windows = np.concatenate(starts).transpose(0, 2, 1)
        self.batches = [
            torch.from_numpy(np.ascontiguousarray(windows[i : i + batch_size]))
            for i in range(0, len(windows), batch_size)
        ]

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, index):
        batch = self.batches[index]
        return batch, torch.zeros(len(batch))


def split_tails(trajectories, fraction, min_length):
    """Split the last ``fraction`` of every trajectory off, in time order.

    Tails shorter than ``min_length`` rows are not held out (their trajectory
    is kept whole for training); raises if nothing can be held out.
    """
    train, valid = [], []
    for t in trajectories:
        n_valid = round(fraction * len(t))
        if n_valid >= min_length and len(t) - n_valid >= min_length:
            train.append(t[:-n_valid])
            valid.append(t[-n_valid:])
        else:
            train.append(t)
    if not valid:
        raise ValueError(
            f"validation_fraction={fraction} leaves no held-out tail of at least "
            f"seq_len + 1 = {min_length} time steps; use longer trajectories, a "
            "larger fraction or a shorter seq_len."
        )
    return train, valid
