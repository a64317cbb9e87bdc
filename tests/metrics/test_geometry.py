import numpy as np
import pytest
from numpy.testing import assert_allclose

from sklearn_dsr.metrics import state_space_divergence
from sklearn_dsr.metrics._geometry import worst_binned_divergence


def _reference_bins(X, Xg, n_bins=30, a=1e-5):
    # the dense formula of the reference implementations
    s = X.std(0, ddof=1)
    lo, hi = X.min(0) - 0.1 * s, X.max(0) + 0.1 * s
    edges = [np.linspace(lo[i], hi[i], n_bins + 1) for i in range(X.shape[1])]
    p = np.histogramdd(X, edges)[0].ravel()
    q = np.histogramdd(Xg, edges)[0].ravel()
    p = (p + a) / (p.sum() + a * p.size)
    q = (q + a) / (q.sum() + a * q.size)
    return float(np.sum(p * np.log(p / q)))


def test_binned_matches_dense_reference(lorenz63):
    rng = np.random.default_rng(0)
    Xg = lorenz63 + 0.3 * rng.standard_normal(lorenz63.shape)
    assert_allclose(
        state_space_divergence(lorenz63, Xg, n_bins=12),
        _reference_bins(lorenz63, Xg, 12),
        rtol=1e-10,
    )


def test_hand_computed_two_cells():
    # 1-D, 2 bins: p = (1/2, 1/2), q = (1, 0) (up to smoothing)
    X = np.array([[0.0], [1.0]] * 50)
    Xg = np.zeros((100, 1))
    a = 1e-5
    p = np.array([0.5 + a / 100, 0.5 + a / 100]) / (1 + 2 * a / 100)
    q = np.array([(100 + a) / (100 + 2 * a), a / (100 + 2 * a)])
    expected = np.sum(p * np.log(p / q))
    assert_allclose(state_space_divergence(X, Xg, n_bins=2), expected, rtol=1e-10)


def test_identical_is_zero_and_out_of_range_is_worst(lorenz63):
    assert state_space_divergence(lorenz63, lorenz63) == pytest.approx(0, abs=1e-12)
    far = state_space_divergence(lorenz63, lorenz63 + 100)  # all points dropped
    assert np.isfinite(far) and far > 1.0
    # no generated trajectory can exceed the worst case used for diverged models
    worst = worst_binned_divergence(lorenz63, 30)
    fixed_point = np.tile(lorenz63[0], (len(lorenz63), 1))
    assert state_space_divergence(lorenz63, fixed_point) <= worst + 1e-9
    assert state_space_divergence(lorenz63, lorenz63 * 0.5) < worst


def test_gmm_small_for_same_distribution_large_for_shift():
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((3000, 8)), rng.standard_normal((3000, 8))
    same = state_space_divergence(A, B)
    shifted = state_space_divergence(A, B + 2.0)
    assert abs(same) < 0.05 and shifted > 1.0
    # the closed-form KL between the two smoothed Gaussians is 0.5 * 8 * 4 / 2
    assert shifted == pytest.approx(8 * 4 / (2 * 2), rel=0.2)


def test_errors():
    X = np.ones((10, 3))
    with pytest.raises(ValueError, match="3 features but X_gen has 2"):
        state_space_divergence(X, np.ones((10, 2)))
    with pytest.raises(ValueError, match="NaN or infinity"):
        state_space_divergence(X, np.full((10, 3), np.nan))
    with pytest.raises(ValueError, match="too many cells"):
        state_space_divergence(np.ones((10, 14)), np.ones((10, 14)), method="bins")
