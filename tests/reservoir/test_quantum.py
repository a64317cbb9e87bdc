import pickle
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose
from qiskit import QuantumCircuit
from qiskit.quantum_info import Statevector

from sklearn_dsr import QuantumReservoirRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.metrics import valid_prediction_time
from sklearn_dsr.reservoir._circuits import FrozenVQC, encoding_angles
from sklearn_dsr.reservoir._quantum_backends import ReferenceBackend

aer = pytest.importorskip("qiskit_aer")


def random_walk(n_steps=200, n_features=2, seed=0):
    steps = np.random.default_rng(seed).normal(size=(n_steps, n_features))
    return np.cumsum(steps, axis=0) / 5.0


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_features_equal_qiskit_statevector(cell):
    X = random_walk()
    model = QuantumReservoirRegressor(
        n_qubits=4, cell=cell, washout=2, leak_rate=1.0, random_state=0
    ).fit(X)
    Z = model._to_model(X)
    fast = model._teacher_forced_states(Z)
    model._backend = ReferenceBackend(model._vqcs)
    assert_allclose(fast, model._teacher_forced_states(Z), atol=1e-10)


def test_aer_without_shots_equals_statevector():
    X = random_walk(40)
    exact = QuantumReservoirRegressor(n_qubits=4, washout=2, random_state=0).fit(X)
    on_aer = QuantumReservoirRegressor(
        n_qubits=4, washout=2, random_state=0, backend="aer"
    ).fit(X)
    assert_allclose(on_aer.coef_, exact.coef_, atol=1e-6)
    Z = exact._to_model(X)
    assert_allclose(
        on_aer._teacher_forced_states(Z), exact._teacher_forced_states(Z), atol=1e-10
    )


@pytest.mark.parametrize("backend", ["statevector", "aer"])
def test_shot_features_converge_to_exact(backend):
    X = random_walk(30)
    Z_exact = None
    errors = []
    for shots in (None, 100, 10_000):
        model = QuantumReservoirRegressor(
            n_qubits=4, washout=2, shots=shots, backend=backend, random_state=0
        ).fit(X)
        states = model._teacher_forced_states(model._to_model(X))
        phi = states[:, -16:]
        if shots is None:
            Z_exact = phi
            continue
        assert_allclose(phi * shots, np.round(phi * shots), atol=1e-8)  # counts
        errors.append(np.abs(phi - Z_exact).mean())
    # shot noise shrinks like 1 / sqrt(shots): 10x for 100x the shots
    assert errors[1] < errors[0] / 4


def test_noisy_device_with_shots_fits_and_forecasts():
    noise = aer.noise.NoiseModel()
    noise.add_all_qubit_quantum_error(
        aer.noise.depolarizing_error(1e-3, 1), ["u", "ry", "rz", "h"]
    )
    noise.add_all_qubit_quantum_error(aer.noise.depolarizing_error(1e-2, 2), ["cx"])
    X = make_lorenz63(n_steps=160, dt=0.02, random_state=0)
    model = QuantumReservoirRegressor(
        n_qubits=4,
        washout=10,
        backend="aer",
        shots=1024,
        noise_model=noise,
        alpha=1e-4,
        random_state=0,
    ).fit(X)
    out = model.forecast(X[-20:], 5)
    assert out.shape == (5, 3) and np.all(np.isfinite(out))


def test_readout_sizes_and_circuit():
    X = random_walk(60, n_features=3)
    for features, size in [("z", 5), ("zz", 15), ("probabilities", 32)]:
        model = QuantumReservoirRegressor(
            n_qubits=5, features=features, washout=2, random_state=0
        ).fit(X)
        assert model.n_readout_features_ == 1 + 3 + size
    assert isinstance(model.circuit_, QuantumCircuit)
    assert model.circuit_.num_qubits == 5 and model.circuit_.num_parameters == 10
    assert "ry" in model.circuit_.count_ops() and model.n_hidden_ == 2
    assert "q_0" in str(model.circuit_.draw(output="text"))
    # more variables than input qubits: a fixed random mixture, still fits
    wide = QuantumReservoirRegressor(n_qubits=3, washout=2, random_state=0).fit(
        random_walk(60, n_features=6)
    )
    assert wide.input_map_.shape == (2, 6)


def test_reproducible_and_picklable():
    X = random_walk(80)
    a = QuantumReservoirRegressor(
        n_qubits=4, cell="gru", washout=2, random_state=3
    ).fit(X)
    b = QuantumReservoirRegressor(
        n_qubits=4, cell="gru", washout=2, random_state=3
    ).fit(X)
    assert_allclose(a.simulate(50), b.simulate(50))
    c = pickle.loads(pickle.dumps(a))
    assert_allclose(c.simulate(50), a.simulate(50))


def test_forecasts_lorenz_beyond_a_lyapunov_time():
    X = make_lorenz63(n_steps=8000, dt=0.02, random_state=1)
    model = QuantumReservoirRegressor(n_qubits=6, dt=0.02, random_state=0)
    model.fit(X[:5000])
    starts = range(5200, 7800, 260)
    forecasts = model.forecast(np.stack([X[s - 200 : s] for s in starts]), 150)
    vpt = [
        valid_prediction_time(
            X[s : s + 150], f, dt=0.02, lyapunov_exponent=0.906, scale=X.std(axis=0)
        )
        for s, f in zip(starts, forecasts)
    ]
    assert np.median(vpt) > 1.0  # Lyapunov times (1.6 measured)


def test_bad_parameters():
    X = random_walk(200)
    for params in [
        dict(n_qubits=0),
        dict(n_qubits=13),
        dict(cell="transformer"),
        dict(backend="gpu"),
        dict(shots=0),
    ]:
        with pytest.raises(ValueError):
            QuantumReservoirRegressor(**params).fit(X)
    with pytest.raises(ValueError, match="noise_model needs backend='aer'"):
        QuantumReservoirRegressor(n_qubits=3, noise_model=aer.noise.NoiseModel()).fit(X)


def test_aer_missing_gives_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "qiskit_aer", None)
    with pytest.raises(ImportError, match=r"pip install 'sklearn_dsr\[aer\]'"):
        QuantumReservoirRegressor(n_qubits=3, backend="aer", washout=2).fit(
            random_walk(30)
        )


@pytest.mark.parametrize(("n_qubits", "n_states"), [(1, 3), (6, 40), (9, 20)])
def test_every_simulation_path_matches_statevector(n_qubits, n_states):
    # few/many states (log-sum or Kronecker encoding), dense or layered evolution
    rng = np.random.default_rng(n_qubits)
    vqc = FrozenVQC(n_qubits, 2, rng.uniform(0, 2 * np.pi, (2, n_qubits, 3)))
    values = 3 * rng.normal(size=(n_states, n_qubits))
    expected = [
        Statevector(vqc.circuit.assign_parameters(a)).probabilities()
        for a in encoding_angles(values)
    ]
    assert_allclose(vqc.probabilities(values), expected, atol=1e-12)
