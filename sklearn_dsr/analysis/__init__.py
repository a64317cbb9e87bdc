"""Symbolic dynamics and topology of piecewise-linear models.

Works on any model in the canonical piecewise-linear form
(:class:`PiecewiseLinearMap`): the AL-RNN and the shallow PLRNN expose theirs as
``pwl_map_``.
"""

from sklearn_dsr.analysis._fixed_points import Cycle, find_cycles, fixed_points
from sklearn_dsr.analysis._lyapunov import lyapunov_spectrum
from sklearn_dsr.analysis._pwl_map import PiecewiseLinearMap
from sklearn_dsr.analysis._summary import SymbolicSummary, symbolic_summary
from sklearn_dsr.analysis._symbolic import (
    pattern_symbol,
    subregions,
    symbol_sequence,
    transition_graph,
)

__all__ = [
    "Cycle",
    "PiecewiseLinearMap",
    "SymbolicSummary",
    "find_cycles",
    "fixed_points",
    "lyapunov_spectrum",
    "pattern_symbol",
    "subregions",
    "symbol_sequence",
    "symbolic_summary",
    "transition_graph",
]
