"""Exceptions and warnings raised by sklearn_dsr."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

__all__ = ["DivergenceWarning", "SimulationDivergedError"]


class SimulationDivergedError(FloatingPointError):
    """A free-running trajectory left every plausible range (NaN, inf or huge).

    Raised by ``simulate`` and ``forecast`` instead of returning NaNs. The finite
    part of the trajectory is kept so it can still be inspected.

    Attributes
    ----------
    step : int
        Index of the first step that diverged.
    trajectory : ndarray of shape (step, n_features)
        The trajectory up to (excluding) that step, in the user's units.
    """

    def __init__(self, message, *, step, trajectory):
        super().__init__(message)
        self.step = step
        self.trajectory = trajectory


class DivergenceWarning(UserWarning):
    """A model diverged while being scored; it received the worst finite score."""
