"""HankelStNNRegressor vs a dense MLP of the same width, side by side (issue 6).

Both networks read the same delay vector (10 delays), have two hidden layers
of its width and the same readout, and are trained identically; only the
hidden weight matrices differ (Hankel with FFT products vs dense). Systems:
Lorenz-63 (dt 0.02) and the chaotic 4-species Lotka-Volterra system (its
default dt), 10 000 training steps each, 5 000 test steps from another
initial condition. Reported per model: trained parameters, one-step R² on
the test trajectory, median valid prediction time (threshold 0.4, Lyapunov
times) over 10 test starts and, less noisy, over 50, inference time per
closed-loop step (batch 1, 2 000 steps, best of 3) and fit time. Seeds 0, 1, 2.

    python benchmarks/bench_hankel.py
    python benchmarks/bench_hankel.py --hidden-width 90   # both networks wider
    python benchmarks/bench_hankel.py --hidden-width 90 --rank 4
    python benchmarks/bench_hankel.py --hidden-width 1024 --rank 4 --lr 3e-3 \
        --systems lotka_volterra --seeds 0 1   # a part, for a second core

With ``--hidden-width W`` both networks lift the delay vector to ``W`` hidden
units (the structured one by a rectangular Hankel map); with ``--rank r`` the
structured network's Hankel matrices get a rank-``r`` dense term; ``--lr``
sets both networks' learning rate and ``--horizon`` their training horizon.
The results go to
``results/hankel_w{W}[_r{r}][_lr{lr}][_h{horizon}][_{systems}_s{seeds}].json``
(the last part when only some systems or seeds run), rewritten after every
seed.

``--step-timing W [W ...]`` measures only the closed-loop step of the two
networks (rank 4, one training epoch, Lorenz-63) at each width, the runs of
the two interleaved, best of 9 (``results/hankel_step_timing.json``): where
the roll-out's FFT product (from width 448) starts to pay.
"""

import argparse
import time

import numpy as np
from _common import save, timed

from sklearn_dsr import HankelStNNRegressor
from sklearn_dsr.datasets import get_system, make_system
from sklearn_dsr.exceptions import SimulationDivergedError
from sklearn_dsr.metrics import valid_prediction_time

SYSTEMS = {"lorenz63": 0.02, "lotka_volterra": None}


class DenseDelayMLP(HankelStNNRegressor):
    """The baseline: dense hidden layers, everything else identical."""

    _dense = True


# the two networks every comparison fits, structured first
MODELS = (("Hankel StNN", HankelStNNRegressor), ("dense MLP", DenseDelayMLP))


def forecast_or_blowup(model, context, n_steps):
    """The forecast; after a divergence, huge values (VPT stops there)."""
    try:
        return model.forecast(context, n_steps)
    except SimulationDivergedError as exc:
        out = np.full((n_steps, context.shape[1]), 1e9)
        finite = np.reshape(exc.trajectory, (-1, context.shape[1]))
        out[: len(finite)] = finite
        return out


def context_length(model):
    """Rows of history a forecast starts from (at least the delay span)."""
    return max(100, (model.n_delays - 1) * model.delay + 1)


def median_vpt(model, train, test, dt, lyap, n_starts):
    """Median VPT of 800-step forecasts from ``n_starts`` spread test states."""
    context = context_length(model)
    starts = np.linspace(context + 100, len(test) - 1000, n_starts).astype(int)
    vpt = [
        valid_prediction_time(
            test[s : s + 800],
            forecast_or_blowup(model, test[s - context : s], 800),
            dt=dt,
            lyapunov_exponent=lyap,
            scale=train.std(0),
        )
        for s in starts
    ]
    return float(np.median(vpt))


def evaluate(model, train, test, dt, lyap):
    start = time.perf_counter()
    model.fit(train)
    fit_time = time.perf_counter() - start
    context = test[: context_length(model)]
    _, t_sim = timed(forecast_or_blowup, model, context, 2000, repeat=3)
    return {
        "parameters": model.n_params_,
        "horizon": model.horizon,
        "one-step R2": model.score(test),
        "median VPT": median_vpt(model, train, test, dt, lyap, 10),
        "median VPT, 50 starts": median_vpt(model, train, test, dt, lyap, 50),
        "inference microseconds per step": 1e6 * t_sim / 2000,
        "fit seconds": fit_time,
    }


def step_timing(widths):
    """Closed-loop µs per step, structured vs dense, interleaved, best of 9."""
    X = make_system("lorenz63", n_steps=3000, dt=0.02, random_state=0)
    result = {}
    for width in widths:
        models = {
            label: cls(
                n_delays=10, hidden_width=width, rank=4, max_epochs=1, random_state=0
            ).fit(X)
            for label, cls in MODELS
        }
        best = dict.fromkeys(models, np.inf)
        for _ in range(9):
            for label, model in models.items():
                _, t = timed(model.forecast, X[:100], 2000)  # raises if it diverges
                best[label] = min(best[label], 1e6 * t / 2000)
        result[f"width {width}"] = best
        print(width, best, flush=True)
    save("hankel_step_timing", result)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden-width", type=int, default=None)
    parser.add_argument("--rank", type=int, default=0)
    parser.add_argument("--lr", type=float, default=None)
    parser.add_argument("--horizon", type=int, default=None)
    parser.add_argument("--systems", nargs="+", default=list(SYSTEMS))
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--step-timing", nargs="+", type=int, metavar="WIDTH")
    args = parser.parse_args()
    if args.step_timing:
        return step_timing(args.step_timing)
    settings = {"hidden_width": args.hidden_width, "rank": args.rank}
    if args.lr is not None:
        settings["lr"] = args.lr
    if args.horizon is not None:
        settings["horizon"] = args.horizon
    result = {}
    for name in args.systems:
        dt = SYSTEMS[name]
        system = get_system(name)
        dt = dt or system.dt
        train = make_system(name, n_steps=10_000, dt=dt, random_state=0)
        test = make_system(name, n_steps=5_000, dt=dt, random_state=1)
        rows = result[name] = {}
        for seed in args.seeds:
            for label, cls in MODELS:
                # the dense baseline ignores rank: it has no Hankel part
                model = cls(n_delays=10, dt=dt, random_state=seed, **settings)
                rows[f"{label}, seed {seed}"] = evaluate(
                    model, train, test, dt, system.max_lyapunov
                )
            save(result_name(args), result)  # a long run keeps what it measured
        if len(args.seeds) == 1:
            continue  # a median of one seed would only repeat its row
        for label, _ in MODELS:
            picked = [r for k, r in rows.items() if k.startswith(label)]
            rows[f"{label}: median over seeds"] = {
                key: float(np.median([r[key] for r in picked])) for key in picked[0]
            }
    save(result_name(args), result)


def result_name(args):
    name = "hankel" if args.hidden_width is None else f"hankel_w{args.hidden_width}"
    name += f"_r{args.rank}" if args.rank else ""
    name += f"_lr{args.lr:g}" if args.lr is not None else ""
    name += f"_h{args.horizon}" if args.horizon is not None else ""
    if args.systems != list(SYSTEMS) or args.seeds != [0, 1, 2]:
        name += "_" + "_".join(args.systems) + "_s" + "".join(map(str, args.seeds))
    return name


if __name__ == "__main__":
    main()
