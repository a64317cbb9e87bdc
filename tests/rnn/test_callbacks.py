"""The adaptive-GTF norm bound against Jacobians taken by torch autograd."""

import numpy as np
import pytest
import torch

from sklearn_dsr.rnn._callbacks import (
    _largest_eigenvalues,
    jacobian_norm_bound,
    optimal_alpha,
)
from sklearn_dsr.rnn._modules import ALRNNModule, ShallowPLRNNModule


@pytest.mark.parametrize("M", [1, 2, 3, 4])
def test_largest_eigenvalues_match_lapack(M):
    rng = np.random.default_rng(M)
    J = rng.normal(size=(200, M, M))
    S = np.swapaxes(J, 1, 2) @ J
    np.testing.assert_allclose(
        _largest_eigenvalues(S), np.linalg.eigvalsh(S)[:, -1], rtol=1e-10
    )


@pytest.mark.parametrize("M", [2, 3])
def test_largest_eigenvalues_of_repeated_eigenvalues(M):
    # multiples of the identity and a double top eigenvalue: the cases where
    # the closed forms divide by a vanishing spread; a double eigenvalue
    # puts arccos at the end of its range, where round-off grows to ~1e-9
    S = np.stack([3.0 * np.eye(M), np.diag([2.0] * (M - 1) + [1.0])])
    np.testing.assert_allclose(_largest_eigenvalues(S), [3.0, 2.0], rtol=1e-8)


@pytest.mark.parametrize(
    "make",
    [lambda: ShallowPLRNNModule(3, 3, 20, True), lambda: ALRNNModule(3, 6, 2)],
    ids=["shplrnn", "alrnn"],
)
def test_norm_bound_is_max_over_sequences_of_geometric_mean(make):
    torch.manual_seed(0)
    module = make().double()
    pwl_map = module.numpy_map()
    states = np.random.default_rng(0).normal(size=(4, 7, module.n_latent))
    norms = np.empty(states.shape[:2])
    for s, t in np.ndindex(*norms.shape):
        z = torch.from_numpy(states[s, t])
        J = torch.autograd.functional.jacobian(lambda v: module.step(v[None])[0], z)
        norms[s, t] = np.linalg.norm(J.numpy(), ord=2)
    expected = np.exp(np.log(norms).mean(axis=1)).max()
    assert jacobian_norm_bound(pwl_map, states) == pytest.approx(expected, rel=1e-10)


def test_optimal_alpha():
    assert optimal_alpha(4.0) == 0.75
    assert optimal_alpha(0.5) == 0.0  # contracting: no forcing needed
