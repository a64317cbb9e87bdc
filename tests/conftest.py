import numpy as np
import pytest

from sklearn_dsr.datasets import make_lorenz63


@pytest.fixture(scope="session")
def lorenz63():
    """A short standardised Lorenz-63 trajectory (2 000 steps, dt = 0.02)."""
    return make_lorenz63(n_steps=2000, dt=0.02, random_state=0, standardize=True)


@pytest.fixture(autouse=True)
def _seed():
    np.random.seed(0)
