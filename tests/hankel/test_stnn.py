import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose

from sklearn_dsr import HankelStNNRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.hankel._layers import (
    HankelLinear,
    HankelNetwork,
    hankel_apply,
    hankel_matrix,
)

FAST = dict(max_epochs=3, batches_per_epoch=5, batch_size=32, random_state=0)


@pytest.mark.parametrize("width", [1, 2, 7, 30, 130])  # gather and FFT paths
def test_hankel_layer_is_a_hankel_matrix(width):
    layer = HankelLinear(width)
    x = torch.randn(5, width)
    H = hankel_matrix(layer.h.detach().numpy())
    assert H.shape == (width, width)
    assert np.allclose(H[1:, :-1], H[:-1, 1:])  # constant anti-diagonals
    expected = x.numpy() @ H.T + layer.bias.detach().numpy()
    assert_allclose(layer(x).detach().numpy(), expected, atol=1e-5)
    h_fft = np.fft.rfft(layer.h.detach().numpy().astype(float), layer.size)
    assert_allclose(
        hankel_apply(h_fft, x.numpy().astype(float), width, layer.size),
        x.numpy() @ H.T,
        atol=1e-5,
    )
    assert sum(p.numel() for p in layer.parameters()) == 3 * width - 1


@pytest.mark.parametrize(("n_in", "n_out", "size"), [(384, 384, 768), (20, 900, 960)])
def test_fft_length_is_the_shortest_fast_one(n_in, n_out, size):
    # a circular convolution needs n_in + n_out - 1 points; the length has
    # factors 2, 3, 5 only (768, not the power of two 1024)
    layer = HankelLinear(n_in, n_out)
    assert layer.size == size >= n_in + n_out - 1
    x = torch.randn(2, n_in)
    H = hankel_matrix(layer.h.detach().numpy().astype(float), n_in)
    expected = x.numpy() @ H.T + layer.bias.detach().numpy()
    assert_allclose(layer(x).detach().numpy(), expected, atol=1e-4)


@pytest.mark.parametrize(("n_in", "n_out"), [(3, 7), (7, 3), (30, 90), (20, 900)])
def test_rectangular_hankel_layer(n_in, n_out):
    # (20, 900) is large enough for the FFT path
    layer = HankelLinear(n_in, n_out)
    h = layer.h.detach().numpy().astype(float)
    H = hankel_matrix(h, n_in)
    assert H.shape == (n_out, n_in)
    assert np.allclose(H[1:, :-1], H[:-1, 1:])
    assert H[0, 0] == h[0] and H[-1, -1] == h[-1]
    x = torch.randn(4, n_in)
    expected = x.numpy() @ H.T + layer.bias.detach().numpy()
    assert_allclose(layer(x).detach().numpy(), expected, atol=1e-5)
    h_fft = np.fft.rfft(h, layer.size)
    assert_allclose(
        hankel_apply(h_fft, x.numpy().astype(float), n_out, layer.size),
        x.numpy() @ H.T,
        atol=1e-5,
    )
    assert sum(p.numel() for p in layer.parameters()) == n_in + 2 * n_out - 1


@pytest.mark.parametrize(("n_in", "n_out"), [(12, 30), (20, 900)])  # both paths
def test_hankel_plus_low_rank_layer(n_in, n_out):
    layer = HankelLinear(n_in, n_out, rank=3)
    h = layer.h.detach().numpy().astype(float)
    U, V = layer.U.detach().numpy(), layer.V.detach().numpy()
    assert U.shape == (n_out, 3) and V.shape == (3, n_in)
    x = torch.randn(4, n_in)
    weight = hankel_matrix(h, n_in) + U @ V
    expected = x.numpy() @ weight.T + layer.bias.detach().numpy()
    assert_allclose(layer(x).detach().numpy(), expected, atol=1e-5)
    n_params = sum(p.numel() for p in layer.parameters())
    assert n_params == n_in + 2 * n_out - 1 + 3 * (n_in + n_out)


def test_parameter_saving_against_a_dense_network():
    structured = HankelNetwork(30, 3, 2)
    dense = HankelNetwork(30, 3, 2, dense=True)
    n_structured = sum(p.numel() for p in structured.parameters())
    n_dense = sum(p.numel() for p in dense.parameters())
    assert n_structured == 2 * (3 * 30 - 1) + 2 * 30 * 3 + 3
    assert n_structured * 5 <= n_dense


@pytest.mark.parametrize(
    ("n_delays", "delay", "hidden_width", "rank", "kinds"),
    [
        (4, 2, None, 0, ["dense", "dense"]),
        (50, 1, None, 0, ["hankel", "hankel"]),
        (4, 1, 200, 0, ["dense", "hankel"]),  # a 200 x 12 lift, then 200 x 200
        (4, 1, 200, 2, ["dense", "hankel"]),  # low rank folded in, or applied
    ],
)
def test_numpy_rollout_matches_the_torch_network(
    n_delays, delay, hidden_width, rank, kinds, monkeypatch
):
    # materialised Hankel matrices for small layers, FFT products for large
    # ones (in numpy only from a lower threshold than the default, set here)
    monkeypatch.setattr("sklearn_dsr.hankel._stnn.NUMPY_FFT_MIN_WIDTH", 100)
    X = make_lorenz63(n_steps=1500, dt=0.02, random_state=0)
    model = HankelStNNRegressor(
        n_delays=n_delays, delay=delay, hidden_width=hidden_width, rank=rank, **FAST
    ).fit(X)
    assert [kind for kind, _, _ in model._hidden] == kinds
    states = model._teacher_forced_states(model._to_model(X[:150]))[-3:]
    lags = torch.as_tensor(model._lags(states), dtype=torch.float32)
    with torch.no_grad():
        increment = model.net_.module_(lags).numpy()
    assert_allclose(model._predict_next(states), states[:, :3] + increment, atol=1e-5)
    # forecast = repeated one-step predictions on the model's own outputs
    out = model.forecast(X[:150], 3)
    Z = model._to_model(X[:150])
    for _ in range(3):
        state = model._teacher_forced_states(Z)[-1:]
        Z = np.vstack([Z, model._predict_next(state)])
    assert_allclose(out, model._from_model(Z[-3:]), atol=1e-10)


def test_learns_lorenz_one_step():
    X = make_lorenz63(n_steps=4000, dt=0.02, random_state=1)
    model = HankelStNNRegressor(
        n_delays=5, max_epochs=60, batches_per_epoch=20, horizon=1, random_state=0
    ).fit(X[:3000])
    assert model.score(X[3000:]) > 0.99  # 0.994 measured
    assert model.n_params_ == 2 * (3 * 15 - 1) + 2 * 15 * 3 + 3


def test_hidden_width_counts_its_parameters():
    X = make_lorenz63(n_steps=600, dt=0.02, random_state=0)
    model = HankelStNNRegressor(n_delays=5, hidden_width=40, **FAST).fit(X)
    # lift 15 -> 40, one 40 x 40 layer, readout of [z (40), delay vector (15)]
    assert model.n_params_ == (15 + 2 * 40 - 1) + (3 * 40 - 1) + (40 + 15) * 3 + 3
    assert model.forecast(X[-20:], 5).shape == (5, 3)
    low_rank = HankelStNNRegressor(n_delays=5, hidden_width=40, rank=2, **FAST).fit(X)
    assert low_rank.n_params_ == model.n_params_ + 2 * (15 + 40) + 2 * (40 + 40)


def test_reproducible_and_errors():
    X = make_lorenz63(n_steps=600, dt=0.02, random_state=0)
    a = HankelStNNRegressor(**FAST).fit(X).simulate(20)
    b = HankelStNNRegressor(**FAST).fit(X).simulate(20)
    assert_allclose(a, b)
    with pytest.raises(ValueError, match=r"needs at least \d+ time steps"):
        HankelStNNRegressor(n_delays=50).fit(X[:30])


def test_save_and_load_keep_fft_layers_with_low_rank(tmp_path, monkeypatch):
    import sklearn_dsr

    monkeypatch.setattr("sklearn_dsr.hankel._stnn.NUMPY_FFT_MIN_WIDTH", 100)
    X = make_lorenz63(n_steps=800, dt=0.02, random_state=0)
    model = HankelStNNRegressor(n_delays=4, hidden_width=200, rank=2, **FAST).fit(X)
    assert [kind for kind, _, _ in model._hidden] == ["dense", "hankel"]
    sklearn_dsr.save(model, tmp_path / "stnn.skdsr")
    loaded = sklearn_dsr.load(tmp_path / "stnn.skdsr")
    assert_allclose(loaded.forecast(X[:50], 20), model.forecast(X[:50], 20))
