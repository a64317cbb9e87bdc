"""Fixed points and periodic orbits of piecewise-linear maps.

In each linear subregion the map is affine, so a fixed point -- or a k-cycle
with a given sequence of subregions -- solves a linear system. The candidate
is *real* if it actually lies in the subregions it was computed for and
*virtual* otherwise (Brenner et al. 2024; Eisenmann et al. 2023). Cycles are
searched exhaustively over subregion sequences when there are few, and with a
SCYFI-style iteration otherwise: start from a random sequence, solve, and
replace the sequence by the subregions the candidate really visits until the
two agree.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass
from itertools import product

import numpy as np

from sklearn_dsr.analysis._symbolic import pattern_symbol

__all__ = ["Cycle", "find_cycles", "fixed_points"]


@dataclass(frozen=True)
class Cycle:
    """A fixed point (``order == 1``) or periodic orbit of a piecewise-linear map.

    Attributes
    ----------
    symbols : tuple of str
        Subregion of each point of the orbit.
    states : ndarray of shape (order, n_latent)
        The orbit's points (latent, standardised units).
    real : bool
        Whether every point lies in its subregion (virtual points do not).
    eigenvalues : ndarray of shape (n_latent,)
        Eigenvalues of the Jacobian over one period.
    """

    symbols: tuple
    states: np.ndarray
    real: bool
    eigenvalues: np.ndarray

    @property
    def order(self):
        return len(self.symbols)

    @property
    def symbol(self):
        return "|".join(self.symbols)

    @property
    def n_unstable(self):
        """Number of unstable directions (``|eigenvalue| > 1``): the saddle index."""
        return int(np.sum(np.abs(self.eigenvalues) > 1.0))

    @property
    def stable(self):
        return self.n_unstable == 0

    @property
    def focus(self):
        """Whether the linearisation rotates (complex eigenvalues)."""
        return bool(np.any(np.abs(self.eigenvalues.imag) > 1e-9))

    def kind(self):
        """ "stable", "unstable" or "saddle (k unstable)" plus "focus"/"node"."""
        n = self.n_unstable
        if n == 0:
            base = "stable"
        elif n == len(self.eigenvalues):
            base = "unstable"
        else:
            base = f"saddle ({n} unstable)"
        return f"{base} {'focus' if self.focus else 'node'}"


def _orbit(pwl_map, sequence):
    """Candidate cycle for a sequence of patterns: (states, closes?) or None."""
    M = pwl_map.n_latent
    J_total, c_total = np.eye(M), np.zeros(M)
    pieces = [pwl_map.region_map(d) for d in sequence]
    for J, c in pieces:  # row form: z -> z J + c, composed in order
        J_total, c_total = J_total @ J, c_total @ J + c
    try:
        z = np.linalg.solve(np.eye(M) - J_total.T, c_total)
    except np.linalg.LinAlgError:
        return None
    states = [z]
    for J, c in pieces[:-1]:
        states.append(states[-1] @ J + c)
    return np.array(states), J_total


def _minimal(sequence):
    """Whether a pattern sequence is not a repetition of a shorter one."""
    k = len(sequence)
    keys = [p.tobytes() for p in sequence]
    return all(keys != keys[d:] + keys[:d] for d in range(1, k) if k % d == 0)


def _canonical_rotation(symbols):
    k = len(symbols)
    return min(tuple(symbols[i:] + symbols[:i]) for i in range(k))


def _make_cycle(pwl_map, sequence, states, J_total):
    actual = pwl_map.switches(states)
    real = bool(np.array_equal(actual, np.asarray(sequence, dtype=bool)))
    return Cycle(
        symbols=tuple(pattern_symbol(d) for d in sequence),
        states=states,
        real=real,
        eigenvalues=np.linalg.eigvals(J_total.T),
    )


def fixed_points(pwl_map, patterns):
    """Fixed point of each given subregion, real or virtual.

    Parameters
    ----------
    pwl_map : PiecewiseLinearMap
    patterns : ndarray of shape (n_regions, n_switches)

    Returns
    -------
    points : list of Cycle
        One per non-singular subregion, in the order of ``patterns``.
    """
    points = []
    for d in np.asarray(patterns, dtype=bool):
        found = _orbit(pwl_map, [d])
        if found is not None:
            points.append(_make_cycle(pwl_map, [d], *found))
    return points


def find_cycles(
    pwl_map,
    order,
    patterns,
    *,
    max_exhaustive=4096,
    n_restarts=100,
    max_iter=50,
    random_state=None,
):
    """Real cycles of exactly period ``order`` through the given subregions.

    Parameters
    ----------
    pwl_map : PiecewiseLinearMap
    order : int
        Period ``k`` (1 = fixed points).
    patterns : ndarray of shape (n_regions, n_switches)
        Alphabet of subregions (usually the visited ones).
    max_exhaustive : int, default=4096
        Enumerate all ``n_regions ** k`` sequences when there are at most this
        many; otherwise use the SCYFI-style heuristic.
    n_restarts, max_iter : int
        Outer restarts and inner iterations of the heuristic.
    random_state : int or None
        Seed of the heuristic.

    Returns
    -------
    cycles : list of Cycle
        Real cycles of minimal period ``order``, one per orbit (rotations are
        merged).
    """
    patterns = np.asarray(patterns, dtype=bool)
    found = {}

    def consider(sequence):
        if not _minimal(sequence):
            return None
        result = _orbit(pwl_map, sequence)
        if result is None:
            return None
        cycle = _make_cycle(pwl_map, sequence, *result)
        if cycle.real:
            found.setdefault(_canonical_rotation(cycle.symbols), cycle)
        return cycle

    if len(patterns) ** order <= max_exhaustive:
        for index in product(range(len(patterns)), repeat=order):
            consider([patterns[i] for i in index])
        return list(found.values())
    rng = np.random.default_rng(random_state)
    for _ in range(n_restarts):
        sequence = [patterns[i] for i in rng.integers(len(patterns), size=order)]
        for _ in range(max_iter):
            result = _orbit(pwl_map, sequence)
            if result is None:
                break
            actual = list(pwl_map.switches(result[0]))
            if np.array_equal(actual, sequence):
                consider(sequence)
                break
            sequence = actual  # jump to the subregions the candidate visits
    return list(found.values())
