"""Echo-state network vs reservoirpy 0.4.2, side by side in one run.

Bars (issue 2), official Lorenz-63 files, 500 units, the same hyper-parameters
for both libraries: median valid prediction time over 10 test starts >=
reservoirpy's, fit time <= reservoirpy's, closed-loop simulation of 100k steps
in < 3 s. Each forecast is warmed up on the 500 test steps before its start.

    python benchmarks/bench_esn.py --data ../shared/data
"""

import argparse

import numpy as np
from _common import data_dir, load_lorenz, save, timed

from sklearn_dsr import ReservoirRegressor
from sklearn_dsr.metrics import power_spectrum_distance, valid_prediction_time

DT, LYAP, HORIZON, CONTEXT = 0.01, 0.906, 1500, 500
PARAMS = dict(spectral_radius=0.9, leak_rate=0.5, input_scaling=0.5, alpha=1e-6)


def starts(test):
    return [1000 + k * 9000 for k in range(10)]


def vpt(test, forecasts, scale):
    return [
        valid_prediction_time(
            test[s : s + HORIZON], f, dt=DT, lyapunov_exponent=LYAP, scale=scale
        )
        for s, f in zip(starts(test), forecasts)
    ]


def ours(train, test):
    model, fit_time = timed(
        ReservoirRegressor(
            500, dt=DT, random_state=0, connectivity=10, washout=100, **PARAMS
        ).fit,
        train,
    )
    forecasts = [model.forecast(test[s - CONTEXT : s], HORIZON) for s in starts(test)]
    sim, sim_time = timed(model.simulate, 100_000)
    return fit_time, forecasts, sim_time, sim


def reservoirpy(train, test):
    from reservoirpy import ESN
    from reservoirpy.nodes import Reservoir, Ridge

    reservoir = Reservoir(
        500,
        sr=PARAMS["spectral_radius"],
        lr=PARAMS["leak_rate"],
        input_scaling=PARAMS["input_scaling"],
        rc_connectivity=10 / 500,
        seed=0,
    )
    model = ESN(
        reservoir=reservoir, readout=Ridge(PARAMS["alpha"]), input_to_readout=True
    )
    _, fit_time = timed(model.fit, train[:-1], train[1:], warmup=100)

    def forecast(context, n):
        for node in model.nodes:
            node.reset()
        u = model.run(context)[-1]
        out = []
        for _ in range(n):
            out.append(u)
            u = model.step(u)
        return np.array(out)

    forecasts = [forecast(test[s - CONTEXT : s], HORIZON) for s in starts(test)]
    _, step_time = timed(forecast, test[:CONTEXT], 10_000)
    return fit_time, forecasts, step_time * 10  # 100k steps, extrapolated from 10k


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data")
    args = parser.parse_args()
    train, test = load_lorenz(data_dir(args.data))
    scale = train.std(axis=0)
    fit_o, fc_o, sim_o, sim = ours(train, test)
    fit_r, fc_r, sim_r = reservoirpy(train, test)
    v_o, v_r = vpt(test, fc_o, scale), vpt(test, fc_r, scale)
    save(
        "esn",
        {
            "sklearn_dsr median VPT": float(np.median(v_o)),
            "reservoirpy median VPT": float(np.median(v_r)),
            "sklearn_dsr VPT per start": v_o,
            "reservoirpy VPT per start": v_r,
            "sklearn_dsr fit seconds": fit_o,
            "reservoirpy fit seconds": fit_r,
            "fit time ratio (reservoirpy / ours)": fit_r / fit_o,
            "sklearn_dsr simulate 100k seconds": sim_o,
            "reservoirpy closed loop 100k seconds (from 10k)": sim_r,
            "sklearn_dsr free-run D_H vs test": power_spectrum_distance(test, sim),
        },
    )


if __name__ == "__main__":
    main()
