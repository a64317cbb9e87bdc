"""ALRNNRegressor and ShallowPLRNNRegressor: training loop and the contract."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from skorch.callbacks import Callback

from sklearn_dsr import ALRNNRegressor, ShallowPLRNNRegressor
from sklearn_dsr.metrics import max_lyapunov_exponent

FAST = dict(max_epochs=3, batches_per_epoch=5, seq_len=30, random_state=0)


@pytest.fixture(scope="module")
def lorenz():
    from sklearn_dsr.datasets import make_lorenz63

    return make_lorenz63(n_steps=1500, dt=0.01, random_state=0)


@pytest.mark.parametrize(
    "model",
    [
        ALRNNRegressor(n_latent=6, n_pwl=2, **FAST),
        ShallowPLRNNRegressor(n_hidden=10, **FAST),
    ],
    ids=["alrnn", "shplrnn"],
)
def test_fit_records_history_and_rolls_out(model, lorenz):
    model = clone(model).fit(lorenz)
    assert len(model.history_) == 3
    assert np.all(np.isfinite(model.history_[:, "train_loss"]))
    sim = model.simulate(200)
    assert sim.shape == (200, 3)
    np.testing.assert_allclose(sim[0], lorenz[0])
    assert model.forecast(lorenz[:50], 10).shape == (10, 3)
    pred = model.predict(lorenz[:40])
    # row t of predict is the model step from the teacher-forced state at t
    states = model._teacher_forced_states(model._to_model(lorenz[:40]))
    expected = model._from_model(model.pwl_map_.step(states)[:, :3])
    np.testing.assert_allclose(pred, expected)


def test_same_seed_same_model_and_loss_decreases(lorenz):
    params = dict(
        n_latent=6, n_pwl=2, max_epochs=20, batches_per_epoch=10, seq_len=40, lr=2e-2
    )
    a = ALRNNRegressor(**params, random_state=1).fit(lorenz)
    b = ALRNNRegressor(**params, random_state=1).fit(lorenz)
    c = ALRNNRegressor(**params, random_state=2).fit(lorenz)
    np.testing.assert_array_equal(a.W_, b.W_)
    assert not np.array_equal(a.W_, c.W_)
    loss = a.history_[:, "train_loss"]
    assert np.mean(loss[-3:]) < 0.8 * loss[0]


def test_adaptive_alpha_is_recorded_and_bounded(lorenz):
    model = ShallowPLRNNRegressor(n_hidden=10, gtf_alpha="adaptive", **FAST).fit(lorenz)
    alphas = [
        a
        for epoch in model.history_
        for b in epoch["batches"]
        for a in [b.get("gtf_alpha")]
        if a is not None
    ]
    assert len(alphas) == 3  # every 5 batches, 15 batches
    assert all(0.0 <= a <= 1.0 for a in alphas)


class _BreakParameters(Callback):
    def on_batch_end(self, net, training, **kwargs):
        if training and len(net.history) == 2:
            for p in net.module_.parameters():
                p.data.fill_(float("nan"))


def test_non_finite_loss_stops_with_finite_parameters_and_warns(lorenz):
    model = ALRNNRegressor(
        n_latent=6, callbacks=[("break", _BreakParameters())], **FAST
    )
    with pytest.warns(ConvergenceWarning, match="non-finite"):
        model.fit(lorenz)
    assert np.all(np.isfinite(model.W_)) and np.all(np.isfinite(model.A_))
    assert np.all(np.isfinite(model.simulate(50)))


class _Interrupt(Callback):
    def on_epoch_end(self, net, **kwargs):
        if len(net.history) == 2:
            raise KeyboardInterrupt


def test_keyboard_interrupt_keeps_the_model_trained_so_far(lorenz):
    callback = _Interrupt()
    model = ALRNNRegressor(n_latent=6, callbacks=[("stop", callback)], **FAST).fit(
        lorenz
    )
    assert len(model.history_) == 2
    assert model.simulate(20).shape == (20, 3)
    assert model.callbacks[0][1] is callback  # the user's object is not used


def test_validation_split_is_time_ordered(lorenz):
    model = ALRNNRegressor(n_latent=6, validation_fraction=0.2, **FAST).fit(lorenz)
    assert np.all(np.isfinite(model.history_[:, "valid_loss"]))
    with pytest.raises(ValueError, match="validation_fraction"):
        ALRNNRegressor(n_latent=6, validation_fraction=0.01, **FAST).fit(lorenz)


def test_verbose_shows_a_progress_bar(lorenz, capsys):
    ALRNNRegressor(n_latent=6, verbose=1, **FAST).fit(lorenz)
    assert "ALRNNModule" in capsys.readouterr().err


def test_latent_smaller_than_data_is_a_clear_error(lorenz):
    with pytest.raises(ValueError, match="n_latent=2 must be at least"):
        ALRNNRegressor(n_latent=2, n_pwl=1, **FAST).fit(lorenz)
    with pytest.raises(ValueError, match="n_pwl=9 cannot exceed"):
        ALRNNRegressor(n_latent=6, n_pwl=9, **FAST).fit(lorenz)


def test_short_series_caps_the_window_and_frames_round_trip(lorenz):
    frame = pd.DataFrame(lorenz[:25], columns=["x", "y", "z"])
    model = ALRNNRegressor(n_latent=5, **FAST).fit(frame)
    assert model.seq_len_ == 24
    out = model.simulate(10)
    assert list(out.columns) == ["x", "y", "z"]


def test_lyapunov_from_model_jacobians_matches_spectrum(lorenz):
    model = ALRNNRegressor(n_latent=6, dt=0.01, **FAST).fit(lorenz)
    spectrum = model.lyapunov_spectrum(n_steps=3000, transient=100)
    assert spectrum.shape == (6,) and np.all(np.diff(spectrum) <= 1e-12)
    lam = max_lyapunov_exponent(model, n_steps=3000, transient=100)
    assert lam == pytest.approx(spectrum[0], abs=0.05 + 0.05 * abs(spectrum[0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert isinstance(model.fixed_points(n_steps=500), list)


def test_attractor_checkpoint_keeps_the_best_free_running_model(lorenz):
    from sklearn_dsr.metrics import state_space_divergence

    model = ALRNNRegressor(n_latent=6, checkpoint_every=1, **FAST).fit(lorenz)
    scores = model.history_[:, "train_dstsp"]
    best = model.history_[-1, "best_epoch"]
    assert len(scores) == 3 and scores[best - 1] == min(scores)
    # the same score from the restored parameters: 16 starts over the data,
    # 1 000 transient steps, then every 10th of 12 500 steps (20 000 states)
    reference = model._to_model(lorenz)
    picks = np.linspace(0, len(reference) - 1, 16).astype(int)
    z0 = np.hstack([reference[picks], reference[picks] @ model.L_.T])
    Z = model.pwl_map_.rollout(z0, 13_500)[:, 1009::10, :3].reshape(-1, 3)
    assert len(Z) == 20_000
    # equal up to round-off amplified along the orbits (float32 training)
    assert state_space_divergence(reference, Z) == pytest.approx(min(scores), rel=1e-2)
    last = ALRNNRegressor(n_latent=6, checkpoint_every=None, **FAST).fit(lorenz)
    assert "train_dstsp" not in last.history_[-1]


def test_checkpoint_metric_is_validated(lorenz):
    with pytest.raises(ValueError, match="checkpoint_metric"):
        ShallowPLRNNRegressor(checkpoint_metric="loss", **FAST).fit(lorenz)


def test_several_trajectories_of_different_lengths(lorenz):
    from sklearn_dsr.rnn._data import WindowBatches

    parts = [lorenz[:700], lorenz[700:1000], lorenz[1000:1010]]  # last: too short
    model = ShallowPLRNNRegressor(n_hidden=8, **FAST).fit(parts)
    assert model.seq_len_ == 30
    data = WindowBatches(
        [model._to_model(p) for p in parts], 30, 64, 1, 0.0, np.random.default_rng(0)
    )
    # windows only from trajectories long enough: every start of the first two
    assert len(data.starts) == (700 - 30) + (300 - 30)
    batch = data[0][0].numpy()
    assert batch.shape == (64, 31, 3)
    # every window is a contiguous piece of one trajectory
    sources = np.concatenate([model._to_model(p) for p in parts[:2]]).astype(np.float32)
    for window in batch[:5]:
        assert any(
            np.allclose(window, sources[i : i + 31]) for i in range(len(sources) - 30)
        )
