import numpy as np
import pytest

from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.reporting import diagnose_free_run, write_report

X = make_lorenz63(n_steps=6000, dt=0.01, random_state=0)
LORENZ = {"diverged_at": None, "lyapunov_data": 0.9}


def test_a_faithful_chaotic_run_gets_no_warning():
    other = make_lorenz63(n_steps=6000, dt=0.01, random_state=1)
    assert diagnose_free_run(X, other, {**LORENZ, "lyapunov_model": 0.85}) == []
    # without exponents only the geometry is judged
    assert diagnose_free_run(X, other, {"diverged_at": None}) == []


def test_a_run_that_settles_is_a_fixed_point():
    # a spiral decaying onto the centre of a lobe, as spurious models do
    t = np.arange(6000) * 0.01
    centre = np.array([8.5, 8.5, 27.0])
    decay = np.exp(-t)[:, None] * np.column_stack([np.cos(9 * t), np.sin(9 * t), 0 * t])
    (warning,) = diagnose_free_run(X, centre + 10 * decay, LORENZ)
    assert "fixed point" in warning and "another random state" in warning


def test_a_regular_orbit_where_the_data_are_chaotic():
    t = np.arange(6000) * 0.01
    cycle = np.column_stack([8 * np.cos(t), 8 * np.sin(t), 25 + 5 * np.cos(2 * t)])
    (warning,) = diagnose_free_run(X, cycle, {**LORENZ, "lyapunov_model": 0.01})
    assert "regular" in warning and "0.01" in warning
    # a model as chaotic as the data is not flagged
    assert diagnose_free_run(X, cycle, {**LORENZ, "lyapunov_model": 0.5}) == []


def test_divergence_is_named_with_its_step():
    (warning,) = diagnose_free_run(X[:10], X[:12], {"diverged_at": 12})
    assert "diverged after 12 steps" in warning


@pytest.mark.parametrize("warnings", [[], ["The free run settles onto a fixed point."]])
def test_the_report_shows_the_warnings(tmp_path, warnings):
    result = {
        "model": "M",
        "data": "d",
        "n_train": 10,
        "n_test": 10,
        "dt": 0.01,
        "D_stsp": 16.0,
        "warnings": warnings,
    }
    md, page = write_report(tmp_path, result, {})
    assert ("## Warnings" in md.read_text()) == bool(warnings)
    assert ("settles onto a fixed point" in page.read_text()) == bool(warnings)


def test_data_that_settle_themselves_are_no_failure():
    # a damped oscillation reproduced by a model that settles as well
    t = np.arange(3000)[:, None] * 0.01
    damped = np.exp(-t) * np.hstack([np.cos(5 * t), np.sin(5 * t)])
    assert diagnose_free_run(damped, damped.copy(), {"diverged_at": None}) == []
