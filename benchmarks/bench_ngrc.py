"""NG-RC on Lorenz-63 as in Gauthier et al. (2021).

Bar (issue 2): dt = 0.025, 400 training points, median valid prediction time
>= 5 Lyapunov times over 10 test starts (normalised RMSE threshold 0.4,
normalised by the attractor's standard deviation; lambda_max = 0.906).

    python benchmarks/bench_ngrc.py
"""

import numpy as np
from _common import save, timed

from sklearn_dsr import NGRCRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.metrics import valid_prediction_time

DT, LYAP, HORIZON = 0.025, 0.906, 600


def main():
    # warm-up 5 time units + 10 time units of training as in the paper
    train = make_lorenz63(400, dt=DT, random_state=0)
    model, fit_time = timed(NGRCRegressor(dt=DT).fit, train)
    test = make_lorenz63(20_000, dt=DT, random_state=1)
    scale = test.std(axis=0)
    vpts = []
    for start in np.linspace(100, len(test) - HORIZON - 1, 10).astype(int):
        forecast = model.forecast(test[start - 10 : start], HORIZON)
        vpts.append(
            valid_prediction_time(
                test[start : start + HORIZON],
                forecast,
                dt=DT,
                lyapunov_exponent=LYAP,
                scale=scale,
            )
        )
    save(
        "ngrc",
        {
            "median VPT (Lyapunov times)": float(np.median(vpts)),
            "VPT per start": vpts,
            "fit seconds": fit_time,
            "readout features": model.n_readout_features_,
            "bar": ">= 5 Lyapunov times",
        },
    )


if __name__ == "__main__":
    main()
