"""KoopmanRegressor (EDMD + ResDMD) and HAVOKRegressor figures (issue 4).

Koopman: eigenvalue errors and residuals on a linear map and on a map with a
finite Koopman-invariant polynomial subspace; on the same map with a
truncated (cubic) dictionary, the residuals of true and spurious eigenvalues;
on Lorenz-63 (dt 0.01, cubic dictionary) the residual spread.

HAVOK (Brunton et al. 2017 setup): Lorenz x(t), dt 0.001, 200 time units,
100 delays, rank 15. The first super-diagonal of A, the last entry of B, the
RMSE of the oracle-forced reconstruction over 50 time units, and the median
valid prediction time (threshold 0.4, Lyapunov times, 20 starts on a second
trajectory, 10 000-step horizon) with the learned and with zero forcing.

    python benchmarks/bench_koopman.py
"""

import time

import numpy as np
from _common import save
from sklearn.preprocessing import FunctionTransformer, PolynomialFeatures

from sklearn_dsr import HAVOKRegressor, KoopmanRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.metrics import valid_prediction_time

LAM, MU, DT, LYAP = 0.9, 0.5, 0.001, 0.906


def quadratic_map(x):
    return np.c_[LAM * x[:, 0], MU * x[:, 1] + (LAM**2 - MU) * x[:, 0] ** 2]


def koopman():
    rng = np.random.default_rng(0)
    theta = 0.3
    A = 0.95 * np.array(
        [[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]
    )
    X = np.empty((300, 2))
    X[0] = [1.0, 0.5]
    for k in range(299):
        X[k + 1] = A @ X[k]
    linear = KoopmanRegressor(
        PolynomialFeatures(1, include_bias=False), standardize=False
    ).fit(X)
    expected = np.sort_complex(np.linalg.eigvals(A))
    x0 = rng.uniform(-1, 1, size=(400, 2))
    pairs = np.stack([x0, quadratic_map(x0)], axis=1)
    invariant = KoopmanRegressor(
        FunctionTransformer(lambda x: np.c_[x, x[:, 0] ** 2]), standardize=False
    ).fit(pairs)
    cubic = KoopmanRegressor(PolynomialFeatures(3), standardize=False).fit(pairs)
    true = np.array([1.0, LAM, LAM**2, LAM**3, MU, LAM * MU])
    is_true = np.min(np.abs(cubic.eigenvalues_[:, None] - true), axis=1) < 1e-8
    verified = KoopmanRegressor(
        PolynomialFeatures(3), standardize=False, residual_threshold=1e-6
    ).fit(pairs)
    lorenz = make_lorenz63(n_steps=20000, dt=0.01, random_state=0)
    start = time.perf_counter()
    lor = KoopmanRegressor(PolynomialFeatures(3), dt=0.01).fit(lorenz)
    return {
        "linear map: max eigenvalue error": float(
            np.abs(np.sort_complex(linear.eigenvalues_) - expected).max()
        ),
        "linear map: max residual": float(linear.residuals_.max()),
        "invariant subspace: max eigenvalue error": float(
            np.abs(
                np.sort(invariant.eigenvalues_.real) - np.sort([LAM, LAM**2, MU])
            ).max()
        ),
        "invariant subspace: max residual": float(invariant.residuals_.max()),
        "cubic dictionary: true eigenpairs, max residual": float(
            cubic.residuals_[is_true].max()
        ),
        "cubic dictionary: spurious eigenpairs, min residual": float(
            cubic.residuals_[~is_true].min()
        ),
        "cubic dictionary: removed by residual_threshold=1e-6": verified.n_discarded_,
        "cubic dictionary: eigenvalues kept": np.sort(
            verified.eigenvalues_.real
        ).tolist(),
        "Lorenz cubic EDMD: fit seconds (20k samples)": time.perf_counter() - start,
        "Lorenz cubic EDMD: residual of lambda=1": float(
            lor.residuals_[np.argmin(np.abs(lor.eigenvalues_ - 1))]
        ),
        "Lorenz cubic EDMD: residual quartiles": np.quantile(
            lor.residuals_, [0.25, 0.5, 0.75]
        ).tolist(),
    }


def havok():
    x = make_lorenz63(
        n_steps=200_000, dt=DT, initial_state=[-8, 8, 27], transient=0, random_state=0
    )[:, :1]
    test = make_lorenz63(n_steps=120_000, dt=DT, random_state=1)[:, :1]
    start = time.perf_counter()
    oracle = HAVOKRegressor(n_delays=100, rank=15, dt=DT, forcing="oracle").fit(x)
    fit_time = time.perf_counter() - start
    rec = oracle.reconstruct(x[:50_099])
    result = {
        "fit seconds (200k samples)": fit_time,
        "A first super-diagonal": np.diag(oracle.A_, 1)[:6].round(2).tolist(),
        "B last entry": float(oracle.B_[-1]),
        "oracle reconstruction RMSE, 50 time units": float(
            np.sqrt(np.mean((rec - x[99:50_099]) ** 2))
        ),
        "std of x": float(x.std()),
        "forcing statistics": oracle.forcing_statistics(),
    }
    starts = np.linspace(1000, 100_000, 20).astype(int)
    contexts = np.stack([test[s - 200 : s + 1] for s in starts])
    horizon = 10_000
    for forcing in ("learned", "zero"):
        model = HAVOKRegressor(n_delays=100, rank=15, dt=DT, forcing=forcing).fit(x)
        start = time.perf_counter()
        forecasts = model.forecast(contexts, horizon)
        vpts = [
            valid_prediction_time(
                test[s + 1 : s + 1 + horizon],
                f,
                dt=DT,
                lyapunov_exponent=LYAP,
                scale=x.std(),
            )
            for s, f in zip(starts, forecasts)
        ]
        result[f"{forcing} forcing: median VPT (Lyapunov times)"] = float(
            np.median(vpts)
        )
        result[f"{forcing} forcing: VPTs"] = np.round(vpts, 2).tolist()
        result[f"{forcing} forcing: forecast seconds (20 x 10k steps)"] = (
            time.perf_counter() - start
        )
    return result


def main():
    save(
        "koopman",
        {"Koopman / ResDMD": koopman(), "HAVOK (Lorenz x, dt 0.001)": havok()},
    )


if __name__ == "__main__":
    main()
