"""``SymbolicSummary``: the readable report of a piecewise-linear reconstruction."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sklearn_dsr.analysis._fixed_points import find_cycles, fixed_points
from sklearn_dsr.analysis._lyapunov import lyapunov_spectrum
from sklearn_dsr.analysis._symbolic import subregions, symbol_sequence, transition_graph

__all__ = ["MAX_LISTED", "SymbolicSummary", "symbolic_summary"]

# subregions that ``str(summary)`` lists (the attributes keep all of them)
MAX_LISTED = 12


@dataclass
class SymbolicSummary:
    """Symbolic dynamics of a piecewise-linear model along a free-running orbit.

    Attributes
    ----------
    labels : ndarray of shape (n_steps,)
        Subregion index of every step (into ``regions``).
    regions : DataFrame
        Visited subregions, most visited first (``symbol``, ``count``,
        ``frequency``, ``cumulative``).
    transition_counts, transition_probabilities : DataFrame
        The symbolic transition graph.
    fixed_points : list of Cycle
        Fixed point of every visited subregion, real or virtual.
    cycles : list of Cycle
        Real periodic orbits of period 2 .. ``max_cycle_order``.
    lyapunov_exponents : ndarray of shape (n_latent,)
        Lyapunov spectrum per time unit.
    orbit : ndarray of shape (n_steps, n_features or n_latent)
        The analysed orbit, in observation coordinates when known (for
        plotting it by subregion).
    """

    labels: np.ndarray
    regions: pd.DataFrame
    transition_counts: pd.DataFrame
    transition_probabilities: pd.DataFrame
    fixed_points: list
    cycles: list
    lyapunov_exponents: np.ndarray
    observations: object = field(default=None, repr=False)
    orbit: np.ndarray = field(default=None, repr=False)

    @property
    def n_visited(self):
        """Number of linear subregions the orbit visits."""
        return len(self.regions)

    @property
    def symbols(self):
        """The symbol sequence of the orbit (one string per step)."""
        return self.regions["symbol"].to_numpy()[self.labels]

    def fixed_point_table(self):
        """Fixed points as a DataFrame (observation coordinates when known)."""
        rows = []
        for fp in self.fixed_points:
            location = fp.states[0]
            if self.observations is not None:
                location = self.observations(location)
            rows.append(
                {
                    "symbol": fp.symbol,
                    "real": fp.real,
                    "kind": fp.kind(),
                    "unstable directions": fp.n_unstable,
                    "max |eigenvalue|": float(np.max(np.abs(fp.eigenvalues))),
                    "location": np.round(location, 4),
                }
            )
        return pd.DataFrame(rows)

    def __str__(self):
        # Wide models visit dozens of subregions; print the most visited ones
        # (the attributes keep everything) so the text stays readable.
        top = self.regions.head(MAX_LISTED)
        listed = list(top["symbol"])  # the transition matrix has every symbol
        fixed = self.fixed_point_table()
        if len(fixed):
            fixed = fixed[fixed["symbol"].isin(listed)]
        probabilities = self.transition_probabilities.loc[listed, listed]
        lines = [
            f"Symbolic summary: {self.n_visited} visited linear subregion(s); "
            f"largest Lyapunov exponent {self.lyapunov_exponents[0]:.4g} per time unit",
            "",
            "Subregions (most visited first):",
            top.to_string(index=False),
        ]
        if self.n_visited > MAX_LISTED:
            rest = 1.0 - float(top["frequency"].sum())
            lines.append(
                f"... and {self.n_visited - MAX_LISTED} more subregions holding "
                f"{100 * rest:.2f} % of the steps (see .regions); the tables "
                f"below cover the {MAX_LISTED} listed here"
            )
        lines += [
            "",
            "Fixed points of the visited subregions:",
            fixed.to_string(index=False),
            "",
            "Transition probabilities:",
            probabilities.round(3).to_string(),
        ]
        if self.cycles:
            lines += ["", "Real cycles:"]
            lines += [
                f"  period {c.order}: {c.symbol} ({c.kind()})" for c in self.cycles
            ]
        return "\n".join(lines)

    __repr__ = __str__


def symbolic_summary(pwl_map, Z, *, dt=1.0, max_cycle_order=2, to_observations=None):
    """Analyse a latent trajectory ``Z`` of ``pwl_map`` (see :class:`SymbolicSummary`).

    Parameters
    ----------
    pwl_map : PiecewiseLinearMap
    Z : ndarray of shape (n_steps, n_latent)
        Free-running latent trajectory.
    dt : float, default=1.0
        Time per step, for the Lyapunov spectrum.
    max_cycle_order : int, default=2
        Longest period searched for cycles.
    to_observations : callable or None
        Maps latent states to observations (for the fixed-point table).

    Returns
    -------
    summary : SymbolicSummary
    """
    labels, patterns = symbol_sequence(pwl_map, Z)
    counts, probs = transition_graph(labels, patterns)
    cycles = []
    for k in range(2, max_cycle_order + 1):
        cycles += find_cycles(pwl_map, k, patterns, random_state=0)
    return SymbolicSummary(
        labels=labels,
        regions=subregions(labels, patterns),
        transition_counts=counts,
        transition_probabilities=probs,
        fixed_points=fixed_points(pwl_map, patterns),
        cycles=cycles,
        lyapunov_exponents=lyapunov_spectrum(
            pwl_map, Z[0], n_steps=min(len(Z), 10_000), transient=0, dt=dt
        ),
        observations=to_observations,
        orbit=Z if to_observations is None else to_observations(Z),
    )
