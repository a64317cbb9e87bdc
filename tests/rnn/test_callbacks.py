"""The adaptive-GTF norm bound (against torch autograd) and the attractor checkpoint."""

from types import SimpleNamespace

import numpy as np
import pytest
import torch
from skorch.history import History

from sklearn_dsr.analysis import PiecewiseLinearMap
from sklearn_dsr.rnn._callbacks import (
    AttractorCheckpoint,
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


def _rotation(theta):
    c, s = np.cos(theta), np.sin(theta)
    return torch.tensor([[c, -s], [s, c]], dtype=torch.float32)


def _checkpoint_linear_maps(metric, weights, n_steps):
    """Score linear 2-d maps ``z' = W z`` (one per epoch) against a circle.

    The data lie on the unit circle, turning 0.1 rad per step. Returns the
    net (its history) and the module after ``on_train_end``.
    """
    t = np.arange(n_steps)
    reference = np.column_stack([np.cos(0.1 * t), np.sin(0.1 * t)])
    module = ALRNNModule(n_obs=2, n_latent=2, n_pwl=0)
    net = SimpleNamespace(module_=module, history=History(), max_epochs=len(weights))
    checkpoint = AttractorCheckpoint(reference, every=1, metric=metric)
    checkpoint.on_train_begin(net)
    for W in weights:
        with torch.no_grad():
            module.A.zero_()
            module.W.copy_(W)
        net.history.new_epoch()
        checkpoint.on_epoch_end(net)
    checkpoint.on_train_end(net)
    return net, module


@pytest.mark.parametrize("metric", ["state_space", "power_spectrum"])
def test_checkpoint_on_the_power_spectrum_keeps_the_right_rhythm(metric):
    # three rotations trace the data's circle at different speeds, so their
    # state-space divergences are alike and only D_H tells them apart
    weights = [_rotation(theta) for theta in (0.13, 0.1, 0.07)]
    net, module = _checkpoint_linear_maps(metric, weights, 20_000)
    dstsp = net.history[:, "train_dstsp"]
    dh = net.history[:, "train_dh"]
    assert max(dstsp) < 0.05  # all on the circle
    assert dh[1] < 0.01 and min(dh[0], dh[2]) > 0.5
    if metric == "power_spectrum":
        assert net.history[-1, "best_epoch"] == 2
        torch.testing.assert_close(module.W.detach(), _rotation(0.1))
    else:
        assert net.history[-1, "best_epoch"] == 1 + int(np.argmin(dstsp))


@pytest.mark.parametrize("metric", ["state_space", "power_spectrum"])
def test_checkpoint_never_keeps_a_diverging_model(metric):
    # a blow-up, then a collapse onto the origin (D_H 1, the worst)
    weights = [2.0 * torch.eye(2), 0.0 * torch.eye(2)]
    net, _ = _checkpoint_linear_maps(metric, weights, 5_000)
    assert net.history[:, "train_dh"] == [1.0, 1.0]
    assert net.history[0, "train_dstsp"] == np.inf
    assert np.isfinite(net.history[1, "train_dstsp"])
    assert net.history[-1, "best_epoch"] == 2
