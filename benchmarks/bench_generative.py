"""KoopmanVAERegressor as a generator of windows, with and without gaps (issue 6).

Data: the sines of the time-series-generation literature (``make_sines``:
5 channels, windows of 24) and windows of 24 steps of Lorenz-63 (dt 0.02,
z-scored). For each: fit on the training windows (sines: 3 000 windows as
separate trajectories; Lorenz: a 20 000-step trajectory), generate as many
windows with ``sample``, and score them against held-out real windows:

* discriminative score, ``|accuracy - 0.5|`` of a post-hoc GRU (lower is
  better; bar <= 0.15);
* predictive score, MAE on real windows of a next-step GRU trained on the
  generated windows, divided by the same with training on real windows (bar
  <= 1.2).

Then the same with 30 % of the training samples removed at random (NaN):
the discriminative score (bar: at most 0.1 worse), and the RMSE of the model's
imputation of the removed entries against linear interpolation in time.
The Koopman eigenvalue bound (1) is checked, and a long free-running
``simulate`` on the official Lorenz-63 files is scored (D_stsp, D_H) next to
the AL-RNN's figures from ``bench_rnn_quality.py``.

    python benchmarks/bench_generative.py --data ../shared/data
"""

import argparse
import json
import time

import numpy as np
import pandas as pd
from _common import RESULTS, data_dir, load_lorenz, save

from sklearn_dsr import KoopmanVAERegressor
from sklearn_dsr.datasets import make_lorenz63, make_sines, random_windows
from sklearn_dsr.metrics import (
    discriminative_score,
    power_spectrum_distance,
    predictive_score,
    state_space_divergence,
)

N_WINDOWS = 3000


def datasets():
    sines = make_sines(2 * N_WINDOWS, random_state=0)
    lorenz = make_lorenz63(n_steps=40_000, dt=0.02, random_state=0)
    lorenz = (lorenz - lorenz.mean(0)) / lorenz.std(0)
    return {
        "sines": (sines[:N_WINDOWS], sines[N_WINDOWS:], 1.0),
        "lorenz63": (
            lorenz[:20_000],
            random_windows(lorenz[20_000:], N_WINDOWS, 24, random_state=1),
            0.02,
        ),
    }


def with_gaps(train, rng):
    gappy = train.copy()
    gappy[rng.random(train.shape) < 0.3] = np.nan
    return gappy


def interpolation_rmse(train, gappy, model):
    """RMSE on the removed entries: the model's imputation vs linear in time."""
    truth, holes = [], []
    ours, linear = [], []
    series = train if train.ndim == 3 else train[None]
    gaps = gappy if gappy.ndim == 3 else gappy[None]
    for x, g in zip(series[:200], gaps[:200]):
        missing = np.isnan(g)
        truth.append(x[missing])
        ours.append(model.impute(g)[missing])
        frame = pd.DataFrame(g).interpolate(limit_direction="both")
        linear.append(frame.to_numpy()[missing])
        holes.append(missing.sum())
    truth, ours, linear = map(np.concatenate, (truth, ours, linear))
    return (
        float(np.sqrt(np.mean((ours - truth) ** 2))),
        float(np.sqrt(np.mean((linear - truth) ** 2))),
    )


def scores(model, real_test, seed):
    generated = model.sample(N_WINDOWS, 24, random_state=seed)
    return {
        "discriminative": discriminative_score(real_test, generated, random_state=seed),
        "predictive (synthetic)": predictive_score(
            generated, real_test, random_state=seed
        ),
    }


def generation():
    result = {}
    rng = np.random.default_rng(0)
    for name, (train, test, dt) in datasets().items():
        row = {}
        start = time.perf_counter()
        model = KoopmanVAERegressor(dt=dt, random_state=0).fit(train)
        row["fit seconds"] = time.perf_counter() - start
        row.update(scores(model, test, 0))
        real_train = train if train.ndim == 3 else random_windows(train, N_WINDOWS, 24)
        reference = predictive_score(real_train, test, random_state=0)
        row["predictive (real)"] = reference
        row["predictive ratio"] = row["predictive (synthetic)"] / reference
        row["max |eigenvalue|"] = float(np.abs(model.koopman_eigenvalues_).max())
        gappy = with_gaps(train, rng)
        gap_model = KoopmanVAERegressor(dt=dt, random_state=0).fit(
            list(gappy) if gappy.ndim == 3 else gappy
        )
        gap_scores = scores(gap_model, test, 0)
        row["30 % missing: discriminative"] = gap_scores["discriminative"]
        row["30 % missing: discriminative change"] = (
            gap_scores["discriminative"] - row["discriminative"]
        )
        ours, linear = interpolation_rmse(train, gappy, gap_model)
        row["30 % missing: imputation RMSE"] = ours
        row["30 % missing: linear interpolation RMSE"] = linear
        result[name] = row
    return result


def free_running(path):
    train, test = load_lorenz(path)
    model = KoopmanVAERegressor(dt=0.01, random_state=0).fit(train)
    generated = model.simulate(len(test), x0=test[:200], transient=1000)
    row = {
        "D_stsp": state_space_divergence(test, generated, n_bins=30),
        "D_H": power_spectrum_distance(test, generated, sigma=20),
    }
    alrnn = RESULTS / "rnn_quality.json"
    if alrnn.exists():
        rnn = json.loads(alrnn.read_text()).get("alrnn / lorenz63", {})
        row["AL-RNN (issue 3) median D_stsp / D_H"] = [
            rnn.get("median D_stsp"),
            rnn.get("median D_H"),
        ]
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="folder of the benchmark files")
    args = parser.parse_args()
    result = {"generation": generation()}
    result["official Lorenz-63 files, free running"] = free_running(data_dir(args.data))
    save("generative", result)


if __name__ == "__main__":
    main()
