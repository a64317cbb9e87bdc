import numpy as np
import pytest
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_dsr import NGRCRegressor
from sklearn_dsr.metrics import prediction_error, smape, valid_prediction_time


def test_valid_prediction_time_hand_computed():
    truth = np.zeros((10, 2))
    pred = np.zeros((10, 2))
    pred[4:] = [0.5, 0.5]  # normalised error 0.5 > 0.4 from row 4
    assert valid_prediction_time(truth, pred, dt=0.5, scale=1.0) == 2.0
    assert (
        valid_prediction_time(truth, pred, dt=0.5, scale=1.0, lyapunov_exponent=0.5)
        == 1.0
    )
    assert valid_prediction_time(truth, truth, dt=0.1, scale=1.0) == pytest.approx(1.0)
    assert valid_prediction_time(truth, pred, dt=1.0, scale=1.0, threshold=0.6) == 10


def test_smape_scale_and_zeros():
    assert smape(np.zeros((3, 1)), np.zeros((3, 1))) == 0.0
    assert smape(np.ones((2, 1)), -np.ones((2, 1))) == 200.0


def test_prediction_error_matches_manual_rollout(lorenz63):
    model = NGRCRegressor().fit(lorenz63[:1500])
    X = lorenz63[1500:]
    pe = prediction_error(model, X, n_steps=3, stride=50)
    errs = []
    for t in range(model._warmup_length(), len(X) - 3, 50):
        fc = model.forecast(X[: t + 1], 3)
        errs.append(np.mean((fc[-1] - X[t + 3]) ** 2))
    assert pe == pytest.approx(np.mean(errs), rel=1e-6)
    pipe = make_pipeline(StandardScaler(), NGRCRegressor()).fit(lorenz63[:1500] * 4)
    assert prediction_error(pipe, X * 4, n_steps=3, stride=50) == pytest.approx(
        16 * pe, rel=0.05
    )


def test_prediction_error_short_data(lorenz63):
    model = NGRCRegressor().fit(lorenz63)
    with pytest.raises(ValueError, match="too few"):
        prediction_error(model, lorenz63[:10], n_steps=20)
