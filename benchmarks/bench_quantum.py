"""QuantumReservoirRegressor: exactness, speed vs qiskit-aer, quality, shots (issue 5).

1. Exactness: for each cell, the circuit probabilities along 200 random
   steps (the teacher-forced states) against qiskit's ``Statevector`` of the
   same circuits.
2. Speed, side by side in one run: one time step of a batch of 256 states
   (256 evaluations of the same circuit) with our statevector backend and with
   qiskit-aer's batched ``EstimatorV2`` (per-qubit <Z>, one PUB holding all
   256 parameter sets) on the same circuits, 4, 6 and 8 qubits; best of 3.
3. Quality on the official Lorenz-63 files: 8 qubits, probability features,
   fit on the train file; median valid prediction time (threshold 0.4) over
   the 10 test starts of ``bench_esn.py`` (500 steps of context, 1 500-step
   horizon), and D_H / D_stsp of 100 000 free-running steps from the first
   test state; the same row for a classical ``ReservoirRegressor`` with the
   same number of readout features (256 units). Seeds 0, 1, 2.
4. Shots and noise: mean |feature error| against the exact features for
   growing shot counts, and a 4-qubit fit and forecast on aer with 1 024
   shots and a depolarising noise model.

    python benchmarks/bench_quantum.py --data ../shared/data
"""

import argparse
import time

import numpy as np
from _common import data_dir, load_lorenz, save, timed
from qiskit.quantum_info import SparsePauliOp
from qiskit_aer import noise
from qiskit_aer.primitives import EstimatorV2

from sklearn_dsr import QuantumReservoirRegressor, ReservoirRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.metrics import (
    power_spectrum_distance,
    state_space_divergence,
    valid_prediction_time,
)
from sklearn_dsr.reservoir._circuits import FrozenVQC, encoding_angles
from sklearn_dsr.reservoir._quantum_backends import ReferenceBackend

DT, LYAP, HORIZON, CONTEXT = 0.01, 0.906, 1500, 500
STARTS = [1000 + k * 9000 for k in range(10)]


def exactness():
    X = np.cumsum(np.random.default_rng(0).normal(size=(200, 3)), axis=0) / 5
    out = {}
    for cell in ("rnn", "gru", "lstm"):
        model = QuantumReservoirRegressor(
            n_qubits=6, cell=cell, washout=2, random_state=0
        ).fit(X)
        Z = model._to_model(X)
        fast = model._teacher_forced_states(Z)
        model._backend = ReferenceBackend(model._vqcs)
        out[cell] = float(np.abs(fast - model._teacher_forced_states(Z)).max())
    return {"max |difference| over 200 steps, 6 qubits": out}


def speed(batch=256):
    rng = np.random.default_rng(0)
    out = {}
    for n in (4, 6, 8):
        vqc = FrozenVQC(n, 2, rng.uniform(0, 2 * np.pi, (2, n, 3)))
        values = rng.normal(size=(batch, n))
        angles = encoding_angles(values)
        z_obs = [
            [SparsePauliOp.from_sparse_list([("Z", [i], 1.0)], num_qubits=n)]
            for i in range(n)
        ]
        estimator = EstimatorV2()
        pub = [(vqc.circuit, z_obs, angles)]
        estimator.run(pub).result()  # warm-up
        result, t_aer = timed(lambda: estimator.run(pub).result(), repeat=3)  # noqa: B023
        p, t_ours = timed(vqc.probabilities, values, repeat=3)
        z = p @ (1.0 - 2.0 * ((np.arange(2**n)[:, None] >> np.arange(n)) & 1))
        out[f"{n} qubits"] = {
            "aer EstimatorV2 (states/s)": batch / t_aer,
            "ours (states/s)": batch / t_ours,
            "speed-up": t_aer / t_ours,
            "max |<Z> difference|": float(np.abs(z - result[0].data.evs.T).max()),
        }
    return {f"one step of {batch} states": out}


def vpts(model, test, scale):
    contexts = np.stack([test[s - CONTEXT : s] for s in STARTS])
    forecasts = model.forecast(contexts, HORIZON)
    return [
        valid_prediction_time(
            test[s : s + HORIZON], f, dt=DT, lyapunov_exponent=LYAP, scale=scale
        )
        for s, f in zip(STARTS, forecasts)
    ]


def quality_row(model, train, test):
    start = time.perf_counter()
    model.fit(train)
    fit_time = time.perf_counter() - start
    v = vpts(model, test, train.std(axis=0))
    start = time.perf_counter()
    generated = model.simulate(len(test), x0=test[0], transient=1000)
    return {
        "median VPT": float(np.median(v)),
        "VPTs": np.round(v, 2).tolist(),
        "D_H": power_spectrum_distance(test, generated, sigma=20),
        "D_stsp": state_space_divergence(test, generated, n_bins=30),
        "fit seconds": fit_time,
        "simulate 101k steps seconds": time.perf_counter() - start,
        "readout features": model.n_readout_features_,
    }


def quality(path):
    train, test = load_lorenz(path)
    rows = {}
    for seed in (0, 1, 2):
        rows[f"quantum, 8 qubits, seed {seed}"] = quality_row(
            QuantumReservoirRegressor(8, dt=DT, random_state=seed), train, test
        )
        rows[f"ESN, 256 units, seed {seed}"] = quality_row(
            ReservoirRegressor(256, dt=DT, random_state=seed), train, test
        )
    for kind in ("quantum", "ESN"):
        picked = [r for k, r in rows.items() if k.startswith(kind)]
        rows[f"{kind}: median over seeds"] = {
            key: float(np.median([r[key] for r in picked]))
            for key in ("median VPT", "D_H", "D_stsp")
        }
    return rows


def shots_and_noise():
    X = make_lorenz63(n_steps=300, dt=0.02, random_state=0)
    exact = QuantumReservoirRegressor(n_qubits=4, washout=10, random_state=0).fit(X)
    phi = exact._teacher_forced_states(exact._to_model(X))[:, -16:]
    errors = {}
    for backend in ("statevector", "aer"):
        for shots in (100, 1000, 10_000, 100_000):
            model = QuantumReservoirRegressor(
                n_qubits=4, washout=10, shots=shots, backend=backend, random_state=0
            ).fit(X)
            est = model._teacher_forced_states(model._to_model(X))[:, -16:]
            errors[f"{backend}, {shots} shots"] = float(np.abs(est - phi).mean())
    model = noise.NoiseModel()
    model.add_all_qubit_quantum_error(
        noise.depolarizing_error(1e-3, 1), ["u", "ry", "rz", "h"]
    )
    model.add_all_qubit_quantum_error(noise.depolarizing_error(1e-2, 2), ["cx"])
    start = time.perf_counter()
    noisy = QuantumReservoirRegressor(
        n_qubits=4,
        washout=10,
        backend="aer",
        shots=1024,
        noise_model=model,
        alpha=1e-4,
        random_state=0,
    ).fit(X[:250])
    forecast = noisy.forecast(X[:250], 20)
    return {
        "mean |feature error| vs exact": errors,
        "noisy aer (4 qubits, 1024 shots, depolarising): fit seconds (250 steps)": (
            time.perf_counter() - start
        ),
        "noisy aer: forecast finite": bool(np.all(np.isfinite(forecast))),
        "noisy aer: forecast max |error| over 20 steps / std": float(
            np.abs(forecast - X[250:270]).max() / X.std()
        ),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="folder of the benchmark files")
    args = parser.parse_args()
    result = {
        "exactness vs qiskit Statevector": exactness(),
        "speed vs qiskit-aer EstimatorV2": speed(),
        "shots and noise": shots_and_noise(),
        "official Lorenz-63 files": quality(data_dir(args.data)),
    }
    save("quantum", result)


if __name__ == "__main__":
    main()
