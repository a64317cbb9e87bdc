"""SINDy: sparse identification of nonlinear dynamics, on pysindy."""

from sklearn_dsr.sindy._sindy import SINDyRegressor

__all__ = ["SINDyRegressor"]
