"""scikit-learn's estimator checks on every public estimator."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_dsr.utils import all_estimators
from tests._instances import EXPECTED_FAILED_CHECKS, FAST_PARAMS


def _instances():
    return [cls(**FAST_PARAMS.get(cls, {})) for _, cls in all_estimators()]


@parametrize_with_checks(
    _instances(),
    expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS.get(type(est), {}),
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_every_estimator_has_fast_params_and_reasons():
    for _, cls in all_estimators():
        assert cls in FAST_PARAMS
        assert set(EXPECTED_FAILED_CHECKS[cls]) <= {
            "check_methods_sample_order_invariance",
            "check_methods_subset_invariance",
        }
