import numpy as np
import pytest

from sklearn_dsr.metrics import power_spectrum_distance


def test_same_frequency_zero_different_frequency_large():
    t = np.arange(8000)[:, None] * 0.01
    a, b = np.sin(2 * np.pi * t), np.sin(2 * np.pi * t + 2.0)
    c = np.sin(2 * np.pi * 7 * t)
    assert power_spectrum_distance(a, b) < 1e-6
    assert power_spectrum_distance(a, c) > 0.9


def test_hand_computed_without_smoothing():
    x = np.array([[1.0], [-1.0], [1.0], [-1.0]])  # all power at Nyquist
    y = np.array([[1.0], [1.0], [-1.0], [-1.0]])  # all power at f = 1/4
    assert power_spectrum_distance(x, y, sigma=0) == pytest.approx(1.0)
    assert power_spectrum_distance(x, x, sigma=0) == pytest.approx(0.0, abs=1e-12)


def test_fixed_point_gets_maximal_distance(lorenz63):
    const = np.tile(lorenz63.mean(0), (len(lorenz63), 1))
    assert power_spectrum_distance(lorenz63, const) == 1.0


def test_unequal_length_is_an_error(lorenz63):
    with pytest.raises(ValueError, match="equally long"):
        power_spectrum_distance(lorenz63, lorenz63[:-1])
