"""Fast parameters and expected check failures per estimator (data with reasons)."""

from sklearn_dsr.preprocessing import DelayEmbedding
from sklearn_dsr.reservoir import NGRCRegressor, ReservoirRegressor

FAST_PARAMS = {
    ReservoirRegressor: dict(n_reservoir=20, washout=2, random_state=0),
    NGRCRegressor: dict(n_delays=2),
    DelayEmbedding: dict(n_delays=2),
}

_ORDER = {
    "check_methods_sample_order_invariance": (
        "a sequence model: each output depends on the preceding rows (state or "
        "delays), so shuffling the rows changes the outputs"
    ),
    "check_methods_subset_invariance": (
        "a sequence model: the output for a row depends on the rows before it, "
        "which a mini-batch subset does not contain"
    ),
}

EXPECTED_FAILED_CHECKS = {
    ReservoirRegressor: _ORDER,
    NGRCRegressor: _ORDER,
    DelayEmbedding: _ORDER,
}
