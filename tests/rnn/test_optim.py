"""FlatRAdam against torch's own RAdam."""

import numpy as np
import pytest
import torch

from sklearn_dsr.rnn._modules import ShallowPLRNNModule
from sklearn_dsr.rnn._optim import FlatRAdam


def _twins():
    torch.manual_seed(0)
    a = ShallowPLRNNModule(3, 4, 20, True)
    b = ShallowPLRNNModule(3, 4, 20, True)
    b.load_state_dict(a.state_dict())
    return a, b


def _feed(modules, generator):
    for params in zip(*(m.parameters() for m in modules)):
        grad = torch.randn(params[0].shape, generator=generator)
        for p in params:
            p.grad = grad.clone()


def test_same_updates_as_torch_radam_with_a_scheduler():
    # covers the first steps (rho_t <= 5: momentum only) and the rectified ones
    a, b = _twins()
    ref = torch.optim.RAdam(a.parameters(), lr=1e-2, betas=(0.8, 0.99), eps=1e-6)
    flat = FlatRAdam(b.parameters(), lr=1e-2, betas=(0.8, 0.99), eps=1e-6)
    schedulers = [torch.optim.lr_scheduler.ExponentialLR(o, 0.9) for o in (ref, flat)]
    generator = torch.Generator().manual_seed(1)
    for step in range(300):
        _feed((a, b), generator)
        ref.step()
        flat.step()
        if step % 30 == 0:
            for s in schedulers:
                s.step()
    for pa, pb in zip(a.parameters(), b.parameters()):
        np.testing.assert_allclose(pb.detach(), pa.detach(), rtol=2e-5, atol=1e-6)


def test_state_dict_round_trip_continues_identically():
    a, b = _twins()
    opt_a, opt_b = FlatRAdam(a.parameters()), FlatRAdam(b.parameters())
    generator = torch.Generator().manual_seed(2)
    for _ in range(10):
        _feed((a, b), generator)
        opt_a.step()
        opt_b.step()
    reloaded = FlatRAdam(b.parameters())
    reloaded.load_state_dict(opt_b.state_dict())
    _feed((a, b), generator)
    opt_a.step()
    reloaded.step()
    for pa, pb in zip(a.parameters(), b.parameters()):
        assert torch.equal(pa, pb)


def test_refuses_mixed_dtypes_and_bad_options():
    with pytest.raises(ValueError, match="one dtype"):
        FlatRAdam(
            [
                torch.nn.Parameter(torch.ones(2)),
                torch.nn.Parameter(torch.ones(2).double()),
            ]
        )
    with pytest.raises(ValueError, match="invalid RAdam options"):
        FlatRAdam([torch.nn.Parameter(torch.ones(2))], betas=(0.9, 1.0))
