"""The fused teacher-forcing kernel against the per-step torch loop."""

import numpy as np
import pytest
import torch

from sklearn_dsr.analysis import PiecewiseLinearMap
from sklearn_dsr.rnn import _forcing
from sklearn_dsr.rnn._forcing import (
    forced_rollout,
    reference_forced_rollout,
)
from sklearn_dsr.rnn._modules import ALRNNModule, ShallowPLRNNModule

CASES = [
    ("alrnn STF", lambda: ALRNNModule(3, 10, 2), 4, 1.0),
    ("alrnn linear GTF", lambda: ALRNNModule(3, 6, 0), 3, 0.4),
    ("alrnn all relu", lambda: ALRNNModule(2, 5, 5), 1, 0.7),
    ("shplrnn clipped aGTF", lambda: ShallowPLRNNModule(3, 3, 12, True), 1, 0.3),
    ("shplrnn latent > obs", lambda: ShallowPLRNNModule(3, 5, 12, False), 2, 0.8),
    ("no forcing", lambda: ShallowPLRNNModule(2, 2, 6, True), 1, 0.0),
    # above alpha = 0.9 the predictions of forced steps are recomputed
    ("strong GTF", lambda: ShallowPLRNNModule(3, 3, 8, True), 3, 0.95),
]


def _perturbed(make):
    torch.manual_seed(0)
    module = make().double()
    with torch.no_grad():
        for p in module.parameters():
            p.add_(0.1 * torch.randn_like(p))
    return module


@pytest.mark.parametrize(
    "name, make, interval, alpha", CASES, ids=[c[0] for c in CASES]
)
def test_fused_matches_reference_values_and_gradients(name, make, interval, alpha):
    module = _perturbed(make)
    X = torch.randn(5, 23, module.n_obs, dtype=torch.float64)
    results = []
    for rollout in (reference_forced_rollout, forced_rollout):
        module.zero_grad()
        y = rollout(module, X, interval=interval, alpha=alpha)
        ((y - X[:, 1:]) ** 2).mean().backward()
        grads = [p.grad.clone() for p in module.parameters()]
        results.append((y.detach(), grads))
    (y_ref, g_ref), (y_fused, g_fused) = results
    np.testing.assert_allclose(y_fused, y_ref, rtol=1e-12, atol=1e-12)
    for a, b in zip(g_fused, g_ref):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize(
    "name, make, interval, alpha", CASES, ids=[c[0] for c in CASES]
)
def test_canonical_form_is_the_model(name, make, interval, alpha):
    module = _perturbed(make)
    z = torch.randn(7, module.n_latent, dtype=torch.float64)
    V, K = module.canonical()
    pwl = PiecewiseLinearMap(V, K, module.n_obs)
    np.testing.assert_allclose(pwl.step(z.numpy()), module.step(z).detach(), atol=1e-13)


def test_sparse_forcing_with_full_observation_is_one_step_prediction():
    # alpha = 1 at every step with every unit observed: each prediction
    # starts from the data, so the roll-out is a batch of one-step forecasts
    module = _perturbed(lambda: ShallowPLRNNModule(3, 3, 8, True))
    X = torch.randn(4, 11, 3, dtype=torch.float64)
    y = forced_rollout(module, X, interval=1, alpha=1.0)
    expected = module.step(X[:, :-1].reshape(-1, 3)).reshape(4, 10, 3)
    np.testing.assert_allclose(y.detach(), expected.detach(), atol=1e-13)


def test_alrnn_without_relu_units_is_linear():
    # the P = 0 slicing trap of the reference code: no unit may get a ReLU
    module = _perturbed(lambda: ALRNNModule(2, 4, 0))
    a, b = torch.randn(2, 1, 4, dtype=torch.float64)
    h = module.h
    lhs = module.step(2 * a - 3 * b) - h
    rhs = 2 * (module.step(a) - h) - 3 * (module.step(b) - h)
    np.testing.assert_allclose(lhs.detach(), rhs.detach(), atol=1e-12)
    assert module.canonical()[0].shape == (5, 0)


def test_latent_must_cover_observations():
    with pytest.raises(ValueError, match="n_latent=2 must be at least"):
        ALRNNModule(3, 2, 1)


def test_interleaved_roll_outs_keep_their_own_work_arrays():
    # the kernel reuses work arrays between batches: a second roll-out before
    # the first one's backward pass must not overwrite the first one's states
    module = _perturbed(lambda: ALRNNModule(3, 8, 2))
    X1, X2 = torch.randn(2, 4, 30, 3, dtype=torch.float64)
    expected = []
    for X in (X1, X2):
        module.zero_grad()
        forced_rollout(module, X, interval=5, alpha=1.0).sum().backward()
        expected.append([p.grad.clone() for p in module.parameters()])
    y1 = forced_rollout(module, X1, interval=5, alpha=1.0)
    y2 = forced_rollout(module, X2, interval=5, alpha=1.0)
    for y, grads in zip((y2, y1), expected[::-1]):
        module.zero_grad()
        y.sum().backward()
        for p, g in zip(module.parameters(), grads):
            np.testing.assert_array_equal(p.grad, g)


def test_roll_out_without_gradients_returns_its_work_array():
    # validation runs the kernel under no_grad: no backward pass gives the
    # work array back, so the roll-out must, and give the same predictions
    module = _perturbed(lambda: ShallowPLRNNModule(3, 3, 8, True))
    X = torch.randn(4, 15, 3, dtype=torch.float64)
    expected = forced_rollout(module, X, interval=1, alpha=0.3).detach()
    free = _forcing._POOL._free.setdefault(
        ((14, 1 + 3 + 16 + 3, 4), np.dtype(np.float64)), []
    )
    free.clear()
    with torch.no_grad():
        y = forced_rollout(module, X, interval=1, alpha=0.3)
    assert not y.requires_grad
    np.testing.assert_array_equal(y, expected)
    assert len(free) == 1


@pytest.mark.parametrize("interval", [1, 3, 16, 250])
@pytest.mark.parametrize("forcing", [True, False])
def test_forced_rows_slice_is_the_schedule(interval, forcing):
    # the kernel indexes forced steps by a slice; it must be _is_forced
    T = 200
    rows = np.arange(T)[_forcing._forced_rows(T, interval, forcing)]
    expected = np.flatnonzero(_forcing._schedule(T, interval, forcing)[1:T])
    np.testing.assert_array_equal(rows, expected)
