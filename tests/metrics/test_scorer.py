import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_dsr import NGRCRegressor
from sklearn_dsr.exceptions import DivergenceWarning
from sklearn_dsr.metrics import get_scorer, get_scorer_names


@pytest.mark.parametrize("name", get_scorer_names())
def test_scorer_in_grid_search_in_pipeline(name, lorenz63):
    kwargs = {"lyapunov_exponent": 0.906} if name == "valid_prediction_time" else {}
    search = GridSearchCV(
        make_pipeline(StandardScaler(), NGRCRegressor(dt=0.02)),
        {"ngrcregressor__alpha": [1e-6, 1e-3]},
        cv=TimeSeriesSplit(3),
        scoring=get_scorer(name, **kwargs),
    ).fit(lorenz63)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))


def test_diverging_model_gets_worst_finite_score(lorenz63):
    model = NGRCRegressor().fit(lorenz63)
    model.coef_ = model.coef_ * 50.0
    for name, worst in [
        ("neg_power_spectrum_distance", -1.0),
        ("valid_prediction_time", 0.0),
        ("neg_prediction_error", -1e6),
    ]:
        with pytest.warns(DivergenceWarning):
            assert get_scorer(name)(model, lorenz63) == worst
    with pytest.warns(DivergenceWarning):
        worst = get_scorer("neg_state_space_divergence")(model, lorenz63)
    good = get_scorer("neg_state_space_divergence")(
        NGRCRegressor().fit(lorenz63), lorenz63
    )
    assert np.isfinite(worst) and worst < good


def test_vpt_scorer_is_higher_for_better_model(lorenz63):
    scorer = get_scorer("valid_prediction_time", lyapunov_exponent=0.906)
    good = NGRCRegressor(dt=0.02).fit(lorenz63[:1500])
    bad = NGRCRegressor(dt=0.02, degree=1).fit(lorenz63[:1500])
    assert scorer(good, lorenz63[1500:]) > scorer(bad, lorenz63[1500:])


def test_unknown_scorer():
    with pytest.raises(ValueError, match="Unknown DSR scorer"):
        get_scorer("accuracy")
