"""Symbolic coding of piecewise-linear trajectories: symbols, subregions, graphs."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
import pandas as pd

__all__ = ["pattern_symbol", "subregions", "symbol_sequence", "transition_graph"]


def pattern_symbol(pattern):
    """Readable symbol of an on/off pattern: the bit string, e.g. ``"01"``.

    Bit ``i`` is 1 when switching unit ``i`` is on (strictly positive
    pre-activation), as in the reference code. The empty pattern (a linear
    model) is ``"-"``.
    """
    bits = "".join("1" if b else "0" for b in np.asarray(pattern, dtype=bool))
    return bits or "-"


def symbol_sequence(pwl_map, Z):
    """Code every state of a latent trajectory by its linear subregion.

    Parameters
    ----------
    pwl_map : PiecewiseLinearMap
        The model.
    Z : ndarray of shape (n_steps, n_latent)
        Latent trajectory.

    Returns
    -------
    labels : ndarray of shape (n_steps,)
        Index of each state's subregion into ``patterns``.
    patterns : ndarray of shape (n_visited, n_switches), dtype bool
        The distinct on/off patterns visited, most frequent first.
    """
    switches = pwl_map.switches(Z)
    patterns, inverse, counts = np.unique(
        switches, axis=0, return_inverse=True, return_counts=True
    )
    order = np.argsort(-counts, kind="stable")
    relabel = np.empty_like(order)
    relabel[order] = np.arange(len(order))
    return relabel[inverse.ravel()], patterns[order]


def subregions(labels, patterns):
    """Visit statistics of the subregions, most visited first.

    Returns
    -------
    table : DataFrame
        Columns ``symbol``, ``count``, ``frequency`` and ``cumulative``
        (coverage of the most visited regions, the reference code's statistic).
    """
    counts = np.bincount(labels, minlength=len(patterns))
    freq = counts / counts.sum()
    return pd.DataFrame(
        {
            "symbol": [pattern_symbol(p) for p in patterns],
            "count": counts,
            "frequency": freq,
            "cumulative": np.cumsum(freq),
        }
    )


def transition_graph(labels, patterns):
    """Per-step transition counts and probabilities between subregions.

    Self-transitions are included (a plain Markov count matrix); rows of the
    probability matrix sum to one for every region that is left at least once.

    Returns
    -------
    counts : DataFrame
        ``counts.loc[a, b]`` = number of steps from region ``a`` to ``b``.
    probabilities : DataFrame
        Row-normalised counts.
    """
    n = len(patterns)
    counts = np.zeros((n, n), dtype=np.int64)
    np.add.at(counts, (labels[:-1], labels[1:]), 1)
    rows = counts.sum(axis=1, keepdims=True)
    probs = np.divide(counts, rows, out=np.zeros((n, n)), where=rows > 0)
    names = [pattern_symbol(p) for p in patterns]
    return (
        pd.DataFrame(counts, index=names, columns=names),
        pd.DataFrame(probs, index=names, columns=names),
    )
