"""The adaptive-GTF norm bound against Jacobians taken by torch autograd."""

import numpy as np
import pytest
import torch

from sklearn_dsr.analysis import PiecewiseLinearMap
from sklearn_dsr.rnn._callbacks import (
    _spectral_norms,
    jacobian_norm_bound,
    optimal_alpha,
)
from sklearn_dsr.rnn._modules import ALRNNModule, ShallowPLRNNModule


def _flat(J):
    """Row-form Jacobians (n, M, M) in the flat (M * M, n) layout of the bound."""
    return J.reshape(len(J), -1).T.copy()


@pytest.mark.parametrize("M", [1, 2, 3, 4])
def test_spectral_norms_match_lapack(M):
    # closed forms up to 3 x 3, LAPACK beyond
    J = np.random.default_rng(M).normal(size=(200, M, M))
    np.testing.assert_allclose(
        _spectral_norms(_flat(J), M), np.linalg.norm(J, ord=2, axis=(1, 2)), rtol=1e-10
    )


@pytest.mark.parametrize("M", [2, 3])
def test_spectral_norms_of_repeated_singular_values(M):
    # multiples of an orthogonal matrix and a double top singular value: the
    # cases where the closed forms divide by a vanishing spread; a double
    # eigenvalue of J^T J puts arccos at the end of its range, where
    # round-off grows to ~1e-9
    rotation = np.linalg.qr(np.random.default_rng(0).normal(size=(M, M)))[0]
    J = np.stack([3.0 * rotation, np.diag([2.0] * (M - 1) + [1.0]) @ rotation])
    np.testing.assert_allclose(_spectral_norms(_flat(J), M), [3.0, 2.0], rtol=1e-8)


@pytest.mark.parametrize(
    "make",
    [lambda: ShallowPLRNNModule(3, 3, 20, True), lambda: ALRNNModule(3, 6, 2)],
    ids=["shplrnn", "alrnn"],
)
def test_norm_bound_is_max_over_sequences_of_geometric_mean(make):
    torch.manual_seed(0)
    module = make().double()
    states = np.random.default_rng(0).normal(size=(4, 7, module.n_latent))
    norms = np.empty(states.shape[:2])
    for s, t in np.ndindex(*norms.shape):
        z = torch.from_numpy(states[s, t])
        J = torch.autograd.functional.jacobian(lambda v: module.step(v[None])[0], z)
        norms[s, t] = np.linalg.norm(J.numpy(), ord=2)
    expected = np.exp(np.log(norms).mean(axis=1)).max()
    pwl_map = module.numpy_map()
    assert jacobian_norm_bound(pwl_map, states) == pytest.approx(expected, rel=1e-10)


def test_optimal_alpha():
    assert optimal_alpha(4.0) == 0.75
    assert optimal_alpha(0.5) == 0.0  # contracting: no forcing needed


def test_norm_bound_in_float32_matches_float64():
    # training computes the bound in the model's own float32
    torch.manual_seed(1)
    module = ShallowPLRNNModule(3, 3, 50, True)
    states = np.random.default_rng(1).normal(size=(16, 40, 3))
    exact = jacobian_norm_bound(module.double().numpy_map(), states)
    pwl_map = PiecewiseLinearMap(*module.float().canonical(), module.n_obs)
    assert pwl_map.K.dtype == np.float32
    assert pwl_map.region_jacobians(np.ones((1, 100))).dtype == np.float32
    fast = jacobian_norm_bound(pwl_map, states.astype(np.float32))
    assert fast == pytest.approx(exact, rel=1e-5)
