"""Structured (Hankel) linear layers: O(n) parameters, O(n log n) products.

A Hankel matrix is constant along its anti-diagonals, ``H[i, j] = h[i + j]``,
so an ``m x n`` layer has ``m + n - 1`` weights instead of ``m n``. Its
product with a vector is a correlation, computed by FFT:

    (H x)_i = sum_j h[i + j] x[j] = (h * reverse(x))[i + n - 1]

(``*`` the full linear convolution). A rectangular one (``m > n``) lifts a
delay vector to a wider hidden layer. Delay vectors have exactly this Hankel
structure -- the Hankel (time-delay) operator of the data -- which is what the
structured network of Aluvihare et al. (2025) builds its layers on. The torch
layer trains; :func:`hankel_apply` runs the same product in numpy for fast
closed-loop roll-outs.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import itertools

import numpy as np
import scipy.fft
import torch
from torch import nn

__all__ = [
    "FFT_MIN_WIDTH",
    "NUMPY_FFT_MIN_WIDTH",
    "HankelLinear",
    "HankelNetwork",
    "hankel_apply",
    "hankel_matrix",
    "uses_fft",
]

# Below these widths (compared by area for rectangular layers, see uses_fft)
# a dense product with the gathered Hankel matrix is faster than two FFTs;
# the parameters stay structured either way. Training runs batches of
# hundreds of rows in torch. The closed loop applies numpy to one row at a
# time, where an rfft/irfft pair (fast lengths) costs 13-18 us at these
# widths whatever the length, against 8.9 / 17.2 / 26.0 us for the dense
# product at widths 256 / 384 / 512. Beside the FFT a low-rank term costs
# two more thin products (folded into the gathered matrix otherwise). A whole
# closed-loop step of the rank-4 network (FFT from 448) against the dense
# one, interleaved (benchmarks/bench_hankel.py --step-timing): 37.4 vs
# 36.2 us at width 448, 37.1 vs 41.8 at 480, 38.4 vs 45.6 at 512, 46.1 vs
# 75.3 at 768.
FFT_MIN_WIDTH = 128
NUMPY_FFT_MIN_WIDTH = 448


def _fft_size(n_in, n_out):
    # The wanted outputs are entries n_in - 1 .. n_in + n_out - 2 of the full
    # convolution (length 2 n_in + n_out - 2); a circular one of size
    # >= n_in + n_out - 1 wraps only entries beyond them onto entries below
    # n_in - 1. The smallest such size with factors 2, 3, 5 only keeps the
    # FFT fast (768 rather than 1024 for a 384-wide layer).
    return scipy.fft.next_fast_len(n_in + n_out - 1, real=True)


def uses_fft(n_in, n_out, min_width):
    """Whether a Hankel product is cheaper by FFT than as a gathered matrix.

    The dense product costs ``n_in * n_out``; the thresholds were measured on
    square layers, so a rectangular one is compared by its area.
    """
    return n_in * n_out >= min_width**2


def hankel_matrix(h, n_in=None):
    """The dense Hankel matrix ``H[i, j] = h[i + j]`` with ``n_in`` columns.

    ``n_in=None`` gives the square matrix of ``2w - 1`` values.
    """
    h = np.asarray(h)
    n_in = (len(h) + 1) // 2 if n_in is None else n_in
    n_out = len(h) - n_in + 1
    return h[np.arange(n_out)[:, None] + np.arange(n_in)[None, :]]


def hankel_apply(h_fft, x, n_out, size):
    """``x @ H.T`` for a batch of rows, with ``h_fft = rfft(h, size)``."""
    n_in = x.shape[1]
    spectrum = np.fft.rfft(x[:, ::-1], size, axis=1) * h_fft
    return np.fft.irfft(spectrum, size, axis=1)[:, n_in - 1 : n_in - 1 + n_out]


class HankelLinear(nn.Module):
    """``y = (H + U V) x + b``: a learned Hankel matrix ``H``, plus low rank.

    ``n_in + 2 n_out - 1`` parameters instead of ``(n_in + 1) n_out``, and
    ``rank * (n_in + n_out)`` more for the optional low-rank term ``U V``
    (``n_out x rank`` times ``rank x n_in``).

    Why the low-rank term: every unit of a Hankel layer applies the same
    filter ``h``, shifted; on a delay vector, unit ``i + 1`` computes unit
    ``i``'s feature one step earlier in time, so the layer is a convolution
    with a single filter. A few dense directions give the layer independent
    features at ``O(rank * n)`` cost in parameters and products (a
    Hankel-plus-low-rank matrix is still structured: its displacement rank is
    at most ``rank + 2``).

    Parameters
    ----------
    n_in : int
        Input size.
    n_out : int, default=None
        Output size; ``None``: ``n_in`` (a square layer, ``3w - 1``
        parameters).
    rank : int, default=0
        Rank of the dense correction ``U V`` (0: a pure Hankel layer).
    """

    def __init__(self, n_in, n_out=None, rank=0):
        super().__init__()
        n_out = n_in if n_out is None else n_out
        self.n_in, self.n_out, self.rank = n_in, n_out, rank
        self.size = _fft_size(n_in, n_out)
        # variance of each output ~ that of a dense layer with 1/n_in weights
        self.h = nn.Parameter(torch.randn(n_in + n_out - 1) / np.sqrt(n_in))
        self.bias = nn.Parameter(torch.zeros(n_out))
        if rank:
            # the correction starts small: training begins from a Hankel layer
            self.V = nn.Parameter(torch.randn(rank, n_in) / np.sqrt(n_in))
            self.U = nn.Parameter(0.1 * torch.randn(n_out, rank) / np.sqrt(rank))
        index = torch.arange(n_out)[:, None] + torch.arange(n_in)[None, :]
        self.register_buffer("index", index, persistent=False)

    def forward(self, x):
        if not uses_fft(self.n_in, self.n_out, FFT_MIN_WIDTH):
            y = x @ self.h[self.index].T + self.bias  # cheaper when small
        else:
            n, first = self.size, self.n_in - 1
            spectrum = torch.fft.rfft(x.flip(-1), n) * torch.fft.rfft(self.h, n)
            y = torch.fft.irfft(spectrum, n)[..., first : first + self.n_out]
            y = y + self.bias
        if self.rank:
            y = y + (x @ self.V.T) @ self.U.T
        return y


class HankelNetwork(nn.Module):
    """Delay vector -> next increment: Hankel layers with tanh, then a readout.

    The readout (dense, ``(W + w + 1) x n_outputs``) sees the last hidden
    layer and the delay vector itself, so the linear part of the dynamics
    needs no hidden unit.

    Parameters
    ----------
    width : int
        Length ``w`` of the delay vector (``n_delays * n_features``).
    n_outputs : int
        Number of predicted variables.
    n_layers : int
        Number of structured hidden layers.
    hidden_width : int, default=None
        Width ``W`` of the hidden layers; ``None``: ``w``. The first layer is
        then a rectangular ``W x w`` Hankel map.
    rank : int, default=0
        Rank of the low-rank correction of every Hankel layer.
    delay : int, default=1
        Spacing of the delays in the training windows.
    horizon : int, default=1
        Steps the training loss rolls the network out on its own predictions.
    dense : bool, default=False
        Use ordinary dense ``nn.Linear`` hidden layers instead (the baseline of
        the benchmarks, same width and depth).
    """

    def __init__(
        self,
        width,
        n_outputs,
        n_layers,
        delay=1,
        dense=False,
        horizon=1,
        hidden_width=None,
        rank=0,
    ):
        super().__init__()
        self.delay = delay
        self.horizon = horizon
        sizes = [width] + [hidden_width or width] * n_layers
        self.hidden = nn.ModuleList(
            [
                nn.Linear(n_in, n_out) if dense else HankelLinear(n_in, n_out, rank)
                for n_in, n_out in itertools.pairwise(sizes)
            ]
        )
        self.readout = nn.Linear(sizes[-1] + width, n_outputs)

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
