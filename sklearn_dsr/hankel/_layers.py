"""Structured (Hankel) linear layers: O(n) parameters, O(n log n) products.

A Hankel matrix is constant along its anti-diagonals, ``H[i, j] = h[i + j]``,
so a ``w x w`` layer has ``2w - 1`` weights instead of ``w^2``. Its product
with a vector is a correlation, computed by FFT:

    (H x)_i = sum_j h[i + j] x[j] = (h * reverse(x))[i + w - 1]

(``*`` the full linear convolution). Delay vectors have exactly this Hankel
structure -- the Hankel (time-delay) operator of the data -- which is what the
structured network of Aluvihare et al. (2025) builds its layers on. The torch
layer trains; :func:`hankel_apply` runs the same product in numpy for fast
closed-loop roll-outs.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
import torch
from torch import nn

__all__ = [
    "FFT_MIN_WIDTH",
    "NUMPY_FFT_MIN_WIDTH",
    "HankelLinear",
    "HankelNetwork",
    "hankel_apply",
    "hankel_matrix",
]

# Below these widths a dense product with the (gathered, 2w - 1 distinct
# values) Hankel matrix is faster than two FFTs; the parameters stay
# structured either way. Training runs batches of hundreds of rows in torch.
# The closed loop applies numpy to one row at a time, where an rfft/irfft pair
# costs about 30 us whatever its size: measured on one row, the FFT product
# overtakes the dense one between widths 512 (53 vs 63 us) and 1024 (208 vs
# 91 us).
FFT_MIN_WIDTH = 128
NUMPY_FFT_MIN_WIDTH = 768


def _fft_size(width):
    # The wanted outputs are entries w - 1 .. 2w - 2 of the full convolution
    # (length 3w - 2); a circular one of size >= 2w - 1 wraps only entries
    # beyond 3w - 3 onto them, and there are none.
    return 1 << int(np.ceil(np.log2(2 * width - 1)))


def hankel_matrix(h):
    """The dense ``w x w`` Hankel matrix of the ``2w - 1`` values ``h``."""
    h = np.asarray(h)
    w = (len(h) + 1) // 2
    return h[np.arange(w)[:, None] + np.arange(w)[None, :]]


def hankel_apply(h_fft, x, width, size):
    """``x @ H.T`` for a batch of rows, with ``h_fft = rfft(h, size)``."""
    spectrum = np.fft.rfft(x[:, ::-1], size, axis=1) * h_fft
    return np.fft.irfft(spectrum, size, axis=1)[:, width - 1 : 2 * width - 1]


class HankelLinear(nn.Module):
    """``y = H x + b`` with a learned Hankel matrix ``H`` (``3w - 1`` parameters).

    Parameters
    ----------
    width : int
        Input and output size ``w``.
    """

    def __init__(self, width):
        super().__init__()
        self.width = width
        self.size = _fft_size(width)
        # variance of each output ~ that of a dense layer with 1/w weights
        self.h = nn.Parameter(torch.randn(2 * width - 1) / np.sqrt(width))
        self.bias = nn.Parameter(torch.zeros(width))
        index = torch.arange(width)
        self.register_buffer("index", index[:, None] + index[None, :], persistent=False)

    def forward(self, x):
        w, n = self.width, self.size
        if w < FFT_MIN_WIDTH:  # gathering the 2w - 1 weights is cheaper here
            return x @ self.h[self.index].T + self.bias
        spectrum = torch.fft.rfft(x.flip(-1), n) * torch.fft.rfft(self.h, n)
        return torch.fft.irfft(spectrum, n)[..., w - 1 : 2 * w - 1] + self.bias


class HankelNetwork(nn.Module):
    """Delay vector -> next increment: Hankel layers with tanh, then a readout.

    The readout (dense, ``(2w + 1) x n_outputs``) sees the last hidden layer
    and the delay vector itself, so the linear part of the dynamics needs no
    hidden unit.

    Parameters
    ----------
    width : int
        Length of the delay vector (``n_delays * n_features``).
    n_outputs : int
        Number of predicted variables.
    n_layers : int
        Number of structured hidden layers.
    delay : int, default=1
        Spacing of the delays in the training windows.
    horizon : int, default=1
        Steps the training loss rolls the network out on its own predictions.
    dense : bool, default=False
        Use ordinary dense ``nn.Linear`` hidden layers instead (the baseline of
        the benchmarks, same width and depth).
    """

    def __init__(self, width, n_outputs, n_layers, delay=1, dense=False, horizon=1):
        super().__init__()
        self.delay = delay
        self.horizon = horizon
        if dense:
            make = lambda: nn.Linear(width, width)  # noqa: E731
        else:
            make = lambda: HankelLinear(width)  # noqa: E731
        self.hidden = nn.ModuleList([make() for _ in range(n_layers)])
        self.readout = nn.Linear(2 * width, n_outputs)

    def forward(self, v):
        z = v
        for layer in self.hidden:
            z = torch.tanh(layer(z))
        return self.readout(torch.cat([z, v], dim=-1))

    def loss(self, windows):
        """Multi-step loss on windows of ``(n_delays - 1) * delay + 1 + horizon`` rows.

        The network is rolled out ``horizon`` steps on its own predictions
        from the first complete delay vector; the error of every step counts.
        """
        span = windows.shape[1] - self.horizon
        buffer = windows[:, :span]
        predictions = []
        for _ in range(self.horizon):
            lags = buffer.flip(1)[:, :: self.delay].reshape(len(windows), -1)
            x_next = buffer[:, -1] + self(lags)
            predictions.append(x_next)
            buffer = torch.cat([buffer[:, 1:], x_next[:, None]], dim=1)
        predictions = torch.stack(predictions, dim=1)
        return torch.mean((predictions - windows[:, span:]) ** 2), predictions
