import numpy as np
import pandas as pd
import pytest
import torch
from numpy.testing import assert_allclose

from sklearn_dsr import KoopmanVAERegressor
from sklearn_dsr.datasets import make_lorenz63, make_sines, random_windows
from sklearn_dsr.koopman._gaps import regrid
from sklearn_dsr.koopman._kovae_module import KoopmanVAEModule, least_squares_koopman
from sklearn_dsr.metrics import discriminative_score, predictive_score

FAST = dict(
    seq_len=12,
    n_latent=4,
    n_hidden=16,
    max_epochs=4,
    batches_per_epoch=10,
    batch_size=32,
    random_state=0,
)


@pytest.fixture(scope="module")
def lorenz():
    return make_lorenz63(n_steps=2000, dt=0.02, random_state=0)


def test_eigenvalues_respect_the_bound(lorenz):
    for bound in (1.0, 0.5):
        model = KoopmanVAERegressor(max_eigenvalue=bound, **FAST).fit(lorenz)
        assert np.abs(model.koopman_eigenvalues_).max() <= bound
        assert_allclose(
            np.sort(np.abs(np.linalg.eigvals(model.koopman_matrix_))),
            np.sort(np.abs(model.koopman_eigenvalues_)),
        )


def test_missing_samples_are_masked_and_imputed(lorenz):
    X = lorenz.copy()
    missing = np.random.default_rng(0).random(X.shape) < 0.3
    X[missing] = np.nan
    model = KoopmanVAERegressor(**FAST).fit(X)
    filled = model.impute(X)
    assert np.all(np.isfinite(filled))
    assert_allclose(filled[~missing], lorenz[~missing])
    assert np.isfinite(model.score(X)) and np.all(np.isfinite(model.predict(X)))
    with pytest.raises(ValueError, match="entirely NaN"):
        KoopmanVAERegressor(**FAST).fit(np.c_[lorenz[:, :2], np.full(len(X), np.nan)])
    with pytest.raises(ValueError, match="infinity"):
        KoopmanVAERegressor(**FAST).fit(np.where(missing, np.inf, lorenz))


def test_windows_longer_than_the_series_are_refused(lorenz):
    model = KoopmanVAERegressor(**FAST)
    L = model.seq_len
    with pytest.raises(ValueError, match=f"needs at least {L} time steps"):
        model.fit(lorenz[: L - 1])
    with pytest.raises(ValueError, match="at least two windows"):
        model.fit(lorenz[:L])
    model.fit([lorenz[:L], lorenz[L : 2 * L]])  # two separate windows suffice


def test_imputation_corrects_the_reconstruction_by_its_neighbouring_errors(lorenz):
    X = lorenz[:400].copy()
    missing = np.random.default_rng(1).random(X.shape) < 0.3
    missing[[0, -1]] = False  # interior gaps: linear interpolation is defined
    X[missing] = np.nan
    model = KoopmanVAERegressor(**FAST).fit(X)
    linear = pd.DataFrame(X).interpolate().to_numpy()
    # a model that reconstructs nothing (a constant) imputes by linear
    # interpolation: its error is the data itself
    model.module_.decode_states = lambda z: np.zeros((*z.shape[:-1], 3))
    assert_allclose(model.impute(X), linear, rtol=1e-10, atol=1e-10)
    # one that reconstructs the truth up to a slow drift imputes the truth
    drift = np.linspace(0.0, 1.0, len(X))[:, None]
    model.module_.reconstruct = lambda Z, seq_len: model._to_model(lorenz[:400] + drift)
    assert_allclose(model.impute(X), lorenz[:400], atol=1e-10)


def test_rollout_term_decodes_the_linear_prior_path():
    torch.manual_seed(0)
    module = KoopmanVAEModule(3, 4, 8, 1e-3, 0.01, 0.0, 1.0, 1.0, 0.0)
    z0, A = torch.randn(5, 4), 0.5 * torch.randn(4, 4)
    expected = torch.stack(
        [module.decoder(z0 @ torch.linalg.matrix_power(A, t).T) for t in range(6)],
        dim=1,
    )
    assert_allclose(
        module.rollout(z0, A, 6).detach(), expected.detach(), rtol=1e-5, atol=1e-6
    )
    # the term enters the loss with its weight: the masked error of the
    # window decoded from its first latent state moved by the batch's A
    x = torch.randn(5, 6, 3)
    x[0, 2, 1] = float("nan")
    mask = torch.isfinite(x)
    losses = {}
    for weight in (0.0, 2.0):
        module.w_rollout = weight
        torch.manual_seed(1)
        losses[weight] = module.loss(x)[0].item()
    mean, _ = module.encode(x)
    rolled = module.rollout(mean[:, 0], least_squares_koopman(mean), 6)
    error = torch.sum(torch.where(mask, rolled - x, 0.0) ** 2) / mask.sum()
    assert_allclose(losses[2.0] - losses[0.0], 2.0 * error.item(), rtol=1e-4)


def test_irregular_times_are_regridded(lorenz):
    keep = np.sort(np.random.default_rng(1).choice(len(lorenz), 1400, replace=False))
    times = keep * 0.02
    grid = regrid(lorenz[keep], times, 0.02)
    assert grid.shape[0] == keep[-1] - keep[0] + 1
    assert np.isnan(grid).any(axis=1).sum() == grid.shape[0] - 1400
    model = KoopmanVAERegressor(dt=0.02, **FAST).fit(lorenz[keep], times=times)
    assert model.n_features_in_ == 3
    with pytest.raises(ValueError, match="strictly increasing"):
        regrid(lorenz[:5], [0, 1, 1, 2, 3], 1.0)


def test_sample_forecast_and_simulate(lorenz):
    model = KoopmanVAERegressor(**FAST).fit(lorenz)
    samples = model.sample(3, 30, random_state=0)
    assert samples.shape == (3, 30, 3) and np.all(np.isfinite(samples))
    assert_allclose(samples, model.sample(3, 30, random_state=0))
    assert model.forecast(lorenz[:100], 10).shape == (10, 3)
    assert model.simulate(500).shape == (500, 3)


def test_generative_scores_separate_good_from_bad():
    real = make_sines(600, random_state=0)
    other = make_sines(600, random_state=1)
    noise = np.random.default_rng(0).uniform(size=real.shape)
    close = discriminative_score(real, other, n_iter=200, random_state=0)
    far = discriminative_score(real, noise, n_iter=200, random_state=0)
    assert close < 0.15 < far
    good = predictive_score(other, real, n_iter=200, random_state=0)
    bad = predictive_score(noise, real, n_iter=200, random_state=0)
    assert good < bad
    windows = random_windows(np.arange(100.0)[:, None], 5, 24, random_state=0)
    assert windows.shape == (5, 24, 1)
    assert np.all(np.diff(windows[..., 0], axis=1) == 1)


def test_generation_starts_from_the_windows_first_latent_states():
    # the prior's initial distribution is fitted on the encoded first states
    # of training windows (not on the states at every time): their means agree
    windows = make_sines(300, random_state=0)
    model = KoopmanVAERegressor(**{**FAST, "seq_len": 24}).fit(list(windows))
    first = model.module_.encode_windows(model._to_model(windows))[:, 0]
    mixture_mean = model._initial_weights @ model._initial_means
    assert_allclose(mixture_mean, first.mean(axis=0), atol=1e-6)
    drawn = model.sample(4000, 2, random_state=0)
    assert drawn.shape == (4000, 2, 5)
