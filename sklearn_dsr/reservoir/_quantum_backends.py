"""Where the reservoir's circuits are evaluated: numpy statevectors or qiskit-aer.

Both backends answer one question -- the basis-state probabilities of a list
of frozen circuits for a batch of input values -- so the recurrent cells never
know which one runs. ``StatevectorBackend`` is exact (or samples ``shots``
from the exact distribution, which is precisely the statistics of an ideal
device); ``AerBackend`` runs the real circuits through qiskit-aer, with shot
sampling and a noise model when given, and is meant for small circuits and
short series.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from sklearn_dsr.reservoir._circuits import encoding_angles, product_state
from sklearn_dsr.utils._optional import import_optional

__all__ = ["AerBackend", "ReferenceBackend", "StatevectorBackend", "make_backend"]


def _sample(probabilities, shots, rng):
    counts = rng.multinomial(
        shots, probabilities / probabilities.sum(axis=1, keepdims=True)
    )
    return counts / shots


class StatevectorBackend:
    """Exact probabilities from precomputed unitaries (optionally sampled).

    Circuits that share their input (the gates of a GRU or LSTM step) are
    evaluated with one matrix product against their stacked unitaries.
    """

    def __init__(self, vqcs, shots=None, rng=None):
        self.vqcs = vqcs
        self.shots = shots
        self.rng = rng
        self._stacked = {}

    def probabilities(self, indices, values):
        """Probabilities of circuits ``indices`` on ``values``.

        Returns
        -------
        probabilities : list of ndarray of shape (n_states, 2**n_qubits)
        """
        psi = product_state(values)
        if len(values) < 8 and len(indices) > 1:  # one product for all gates
            key = tuple(indices)
            if key not in self._stacked:
                self._stacked[key] = np.vstack([self.vqcs[i].unitary for i in indices])
            out = np.split(self._stacked[key] @ psi, len(indices))
        else:
            out = [self.vqcs[i].evolve(psi) for i in indices]
        out = [(o.real**2 + o.imag**2).T for o in out]
        if self.shots is not None:
            out = [_sample(q, self.shots, self.rng) for q in out]
        return out


class AerBackend:
    """The same circuits run by qiskit-aer (shots and noise models).

    Without ``shots`` the exact probabilities are saved by the simulator
    (``density_matrix`` method when there is a noise model, so the noisy
    probabilities are exact too); with ``shots`` the circuits are measured and
    the counts are the features.
    """

    def __init__(self, vqcs, shots=None, noise_model=None, seed=None):
        aer = import_optional("qiskit_aer", extra="aer")
        self.vqcs = vqcs
        self.shots = shots
        method = "density_matrix" if noise_model is not None else "statevector"
        self.simulator = aer.AerSimulator(
            method=method, noise_model=noise_model, seed_simulator=seed
        )
        self._circuits = [self._prepare(vqc.circuit) for vqc in vqcs]

    def _prepare(self, circuit):
        qc = circuit.copy()
        if self.shots is None:
            qc.save_probabilities()
        else:
            qc.measure_all()
        return qc

    def _run(self, index, values):
        qc = self._circuits[index]
        angles = encoding_angles(values)
        binds = [{p: angles[:, k].tolist() for k, p in enumerate(qc.parameters)}]
        options = {} if self.shots is None else {"shots": self.shots}
        result = self.simulator.run([qc], parameter_binds=binds, **options).result()
        n = qc.num_qubits
        if self.shots is None:
            return np.array(
                [result.data(k)["probabilities"] for k in range(len(values))]
            )
        out = np.zeros((len(values), 2**n))
        for k in range(len(values)):
            for bitstring, count in result.get_counts(k).items():
                out[k, int(bitstring.replace(" ", ""), 2)] = count / self.shots
        return out

    def probabilities(self, indices, values):
        """Probabilities of circuits ``indices`` on ``values`` (as the numpy one)."""
        return [self._run(i, values) for i in indices]


class ReferenceBackend:
    """Every evaluation by qiskit's own ``Statevector`` (slow; for checking).

    Swap it in for a fitted model's ``_backend`` to verify the fast paths
    against qiskit on the very same circuits and inputs.
    """

    def __init__(self, vqcs):
        self.vqcs = vqcs

    def probabilities(self, indices, values):
        """Probabilities of circuits ``indices`` on ``values`` (as the numpy one)."""
        from qiskit.quantum_info import Statevector

        angles = encoding_angles(values)
        return [
            np.array(
                [
                    Statevector(
                        self.vqcs[i].circuit.assign_parameters(a)
                    ).probabilities()
                    for a in angles
                ]
            )
            for i in indices
        ]


def make_backend(name, vqcs, *, shots, noise_model, rng):
    """The backend ``name`` ("statevector" or "aer") for frozen circuits."""
    if name == "aer":
        seed = int(rng.integers(2**31))
        return AerBackend(vqcs, shots=shots, noise_model=noise_model, seed=seed)
    return StatevectorBackend(vqcs, shots=shots, rng=rng)
