import numpy as np

from sklearn_dsr.datasets import make_lorenz63, make_rossler
from sklearn_dsr.metrics import evaluate_reconstruction, state_space_divergence
from sklearn_dsr.reservoir import NGRCRegressor
from sklearn_dsr.sindy import SINDyRegressor


def test_scores_the_free_run_from_the_test_start():
    X = make_lorenz63(n_steps=6000, dt=0.01, random_state=0)
    model = SINDyRegressor(dt=0.01).fit(X[:3000])
    scores, truth, generated = evaluate_reconstruction(model, X[3000:], dt=0.01)
    assert scores["diverged_at"] is None and scores["VPT_unit"] == "time units"
    np.testing.assert_array_equal(truth, X[3001:])
    assert scores["D_stsp"] == state_space_divergence(truth, generated)


def test_a_diverging_model_keeps_its_finite_part():
    X = make_rossler(4000, dt=0.06, random_state=0, standardize=True)
    model = NGRCRegressor(dt=0.06).fit(X[:2000])  # diverges within steps
    scores, truth, generated = evaluate_reconstruction(model, X[2000:], dt=0.06)
    assert scores["diverged_at"] is not None
    assert scores["D_stsp"] is None and scores["D_H"] is None
    assert len(generated) == len(truth) == scores["diverged_at"]
    assert np.isfinite(generated).all() and scores["VPT"] >= 0
