"""Scores of generated time-series windows (the TimeGAN/KoVAE literature).

Both train a small post-hoc GRU and are therefore stochastic; pass
``random_state`` and compare scores computed the same way.

* Discriminative score: a GRU classifier learns to tell real from generated
  windows on 80 % of them; the score is ``|accuracy - 0.5|`` on the other
  20 % (0: indistinguishable).
* Predictive score ("train on synthetic, test on real"): a GRU trained on
  generated windows to predict each next step is evaluated by its mean
  absolute error on real windows; compare with the same model trained on real
  windows.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from sklearn.utils import check_random_state

from sklearn_dsr.utils._torch import torch_seed

__all__ = ["discriminative_score", "predictive_score"]


def _windows(X, name):
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 3 or not np.all(np.isfinite(X)):
        raise ValueError(
            f"{name} must be a finite 3-D array (n_windows, seq_len, n_features), "
            f"got shape {X.shape}."
        )
    return X


def _gru(n_in, n_hidden, n_out):
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(n_in, n_hidden, batch_first=True)
            self.out = nn.Linear(n_hidden, n_out)

        def forward(self, x):
            return self.out(self.gru(x)[0])

    return Net(), torch


def _train(net, torch, inputs, targets, loss_fn, n_iter, rng, batch_size=128):
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(n_iter):
        rows = rng.randint(0, len(inputs), min(batch_size, len(inputs)))
        optimizer.zero_grad()
        loss = loss_fn(net(inputs[rows]), targets[rows])
        loss.backward()
        optimizer.step()


def discriminative_score(real, generated, *, n_iter=1000, random_state=None):
    """``|accuracy - 0.5|`` of a post-hoc GRU classifier, real vs generated.

    Parameters
    ----------
    real, generated : array-like of shape (n_windows, seq_len, n_features)
        Windows of the data and of the model (same shape apart from the
        number of windows).
    n_iter : int, default=1000
        Training iterations (mini-batches of 128) of the classifier.
    random_state : int, RandomState instance or None, default=None
        Seeds the split, the mini-batches and the classifier.

    Returns
    -------
    score : float
        In ``[0, 0.5]``; lower is better.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_dsr.datasets import make_sines
    >>> from sklearn_dsr.metrics import discriminative_score
    >>> real = make_sines(400, random_state=0)
    >>> noise = np.random.default_rng(0).uniform(size=real.shape)
    >>> discriminative_score(real, noise, n_iter=300, random_state=0) > 0.3
    True
    """
    real, generated = _windows(real, "real"), _windows(generated, "generated")
    rng = check_random_state(random_state)
    X = np.concatenate([real, generated])
    y = np.r_[np.ones(len(real)), np.zeros(len(generated))].astype(np.float32)
    order = rng.permutation(len(X))
    n_train = int(0.8 * len(X))
    train, test = order[:n_train], order[n_train:]
    with torch_seed(rng.randint(2**31 - 1)):
        net, torch = _gru(X.shape[2], max(X.shape[2], 4), 1)
        inputs, labels = torch.from_numpy(X), torch.from_numpy(y)
        loss = torch.nn.BCEWithLogitsLoss()
        _train(
            net,
            torch,
            inputs[train],
            labels[train],
            lambda out, t: loss(out[:, -1, 0], t),
            n_iter,
            rng,
        )
        with torch.no_grad():
            guess = (net(inputs[test])[:, -1, 0] > 0).numpy()
    return float(abs(np.mean(guess == (y[test] > 0.5)) - 0.5))


def predictive_score(train_windows, real, *, n_iter=1000, random_state=None):
    """MAE on ``real`` windows of a next-step GRU trained on ``train_windows``.

    Parameters
    ----------
    train_windows : array-like of shape (n_windows, seq_len, n_features)
        Windows to train on: generated ones ("train on synthetic"), or real
        ones for the reference value.
    real : array-like of shape (n_windows, seq_len, n_features)
        Real windows to test on.
    n_iter : int, default=1000
        Training iterations (mini-batches of 128).
    random_state : int, RandomState instance or None, default=None
        Seeds the mini-batches and the model.

    Returns
    -------
    mae : float
        Mean absolute error of the one-step predictions on ``real``; lower is
        better.
    """
    train_windows = _windows(train_windows, "train_windows")
    real = _windows(real, "real")
    rng = check_random_state(random_state)
    with torch_seed(rng.randint(2**31 - 1)):
        F = train_windows.shape[2]
        net, torch = _gru(F, max(F, 4), F)
        inputs = torch.from_numpy(train_windows)
        _train(
            net,
            torch,
            inputs[:, :-1],
            inputs[:, 1:],
            lambda out, t: torch.mean(torch.abs(out - t)),
            n_iter,
            rng,
        )
        with torch.no_grad():
            test = torch.from_numpy(real)
            return float(torch.mean(torch.abs(net(test[:, :-1]) - test[:, 1:])))
