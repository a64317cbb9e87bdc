"""Property-based tests: bad inputs always give a clear error, never NaN."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sklearn_dsr import NGRCRegressor
from sklearn_dsr.metrics import power_spectrum_distance, state_space_divergence

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(
    arrays(
        np.float64, st.tuples(st.integers(3, 40), st.integers(1, 4)), elements=finite
    )
)
def test_fit_on_any_finite_data_is_finite_or_clear(X):
    model = NGRCRegressor(n_delays=2)
    model.fit(X)
    pred = model.predict(X)
    assert np.all(np.isfinite(pred))


@settings(max_examples=40, deadline=None)
@given(
    arrays(
        np.float64, st.tuples(st.integers(3, 30), st.integers(1, 3)), elements=finite
    ),
    st.integers(0, 2),
    st.sampled_from([np.nan, np.inf, -np.inf]),
)
def test_non_finite_values_are_named(X, col, bad):
    col = col % X.shape[1]
    X = X.copy()
    X[1, col] = bad
    with pytest.raises(ValueError, match=rf"row 1, column {col}"):
        NGRCRegressor().fit(X)


@settings(max_examples=40, deadline=None)
@given(
    arrays(
        np.float64, st.tuples(st.integers(2, 60), st.integers(1, 3)), elements=finite
    )
)
def test_metrics_are_finite_on_any_finite_input(X):
    assert np.isfinite(state_space_divergence(X, X[::-1]))
    assert 0.0 <= power_spectrum_distance(X, X[::-1]) <= 1.0


@settings(max_examples=20, deadline=None)
@given(st.one_of(st.just([]), st.just([[]]), st.just(np.ones((0, 3)))))
def test_empty_input_rejected(X):
    with pytest.raises(ValueError):
        NGRCRegressor().fit(X)
