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


def test_segments_average_the_spectra_of_series_of_any_length():
    x = np.array([[1.0], [-1.0], [1.0], [-1.0]])  # all power at Nyquist
    y = np.array([[1.0], [1.0], [-1.0], [-1.0]])  # all power at f = 1/4
    # half the segments of the long series are x, half y. z-scored, x has
    # |rfft|^2 = 12 at Nyquist and y 6 at f = 1/4 (the one-sided spectrum
    # does not double Nyquist), so the average puts 2/3 on Nyquist: the
    # Hellinger overlap with x is sqrt(2/3)
    mixed = np.vstack([x, y, x, y])
    expected = np.sqrt(1 - np.sqrt(2 / 3))
    assert power_spectrum_distance(
        x, mixed, sigma=0, segment_length=4
    ) == pytest.approx(expected)
    t = np.arange(8000)[:, None] * 0.01
    runs = np.vstack([np.sin(2 * np.pi * t[:2000] + phase) for phase in (0, 1, 2)])
    assert (
        power_spectrum_distance(
            np.sin(2 * np.pi * t), runs, sigma=5, segment_length=2000
        )
        < 1e-6
    )


def test_one_segment_is_the_plain_distance(lorenz63):
    a, b = lorenz63[:1000], lorenz63[1000:2000]
    assert power_spectrum_distance(a, b, segment_length=1000) == pytest.approx(
        power_spectrum_distance(a, b), rel=1e-12
    )


def test_segment_longer_than_a_series_is_an_error(lorenz63):
    with pytest.raises(ValueError, match="segment_length=500 exceeds the 100"):
        power_spectrum_distance(lorenz63, lorenz63[:100], segment_length=500)
