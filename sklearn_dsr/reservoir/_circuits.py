"""The variational quantum circuits of QRNN reservoirs, and how to run them fast.

One circuit (a "VQC", Chen et al. 2022) on ``n`` qubits:

    H on every qubit; RY(arctan v_i), RZ(arctan v_i^2) on qubit i  (encoding)
    depth x [CNOT ring at distance 1, CNOT ring at distance 2, U3(w) on each]

In a reservoir the weights ``w`` are random and frozen, so everything after
the encoding is one constant unitary ``U``. It is computed once with qiskit's
``Operator``; a step of a batch of states is then the closed-form product
state of the encoding, one matrix product with ``U`` and ``|psi|^2`` -- exact,
and orders of magnitude faster than a circuit simulator called per step.
The circuits stay real qiskit circuits (:func:`build_vqc`), so a user can draw
them, transpile them or run them on hardware, and the tests compare the fast
path with qiskit's ``Statevector``.

Qubit order is qiskit's little-endian: basis state ``k`` has qubit ``i`` in
``(k >> i) & 1``.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from itertools import combinations

import numpy as np
from qiskit import QuantumCircuit
from qiskit.circuit import ParameterVector
from qiskit.quantum_info import Operator

__all__ = [
    "FrozenVQC",
    "build_vqc",
    "encoding_angles",
    "readout_matrix",
]


def encoding_angles(values):
    """RY and RZ angles of the arctan encoding: ``arctan(v)``, ``arctan(v^2)``.

    Parameters
    ----------
    values : ndarray of shape (n_states, n_qubits)

    Returns
    -------
    angles : ndarray of shape (n_states, 2 * n_qubits)
        Interleaved ``[ry_0, rz_0, ry_1, rz_1, ...]``, the order of the
        circuit's input parameters.
    """
    out = np.empty((values.shape[0], 2 * values.shape[1]))
    out[:, 0::2] = np.arctan(values)
    out[:, 1::2] = np.arctan(values**2)
    return out


def build_vqc(n_qubits, depth, weights=None):
    """The qiskit circuit of one VQC.

    Parameters
    ----------
    n_qubits : int
    depth : int
        Number of entangling layers.
    weights : ndarray of shape (depth, n_qubits, 3) or None
        U3 angles of the layers; None leaves them as free parameters ``w``.

    Returns
    -------
    circuit : QuantumCircuit
        Free parameters: the encoding angles ``x[0 .. 2n-1]`` (and ``w`` when
        ``weights`` is None).
    """
    x = ParameterVector("x", 2 * n_qubits)
    w = ParameterVector("w", 3 * n_qubits * depth) if weights is None else None
    qc = QuantumCircuit(n_qubits, name="vqc")
    for i in range(n_qubits):
        qc.h(i)
        qc.ry(x[2 * i], i)
        qc.rz(x[2 * i + 1], i)
    _variational_layers(qc, depth, weights if w is None else np.reshape(w, (depth, n_qubits, 3)))
    return qc


def _variational_layers(qc, depth, weights):
    n = qc.num_qubits
    for layer in range(depth):
        for distance in (1, 2):
            if n > distance:  # a ring needs more qubits than its reach
                for i in range(n):
                    qc.cx(i, (i + distance) % n)
        for i in range(n):
            qc.u(*weights[layer][i], i)


def readout_matrix(n_qubits, features):
    """Matrix mapping basis probabilities to readout features.

    Parameters
    ----------
    n_qubits : int
    features : {"z", "zz", "probabilities"}

    Returns
    -------
    M : ndarray of shape (2**n_qubits, n_features) or None
        ``p @ M`` gives ``<Z_i>`` (and ``<Z_i Z_j>``, i < j, for "zz"); None
        for "probabilities" (the features are ``p`` itself).
    """
    if features == "probabilities":
        return None
    bits = (np.arange(2**n_qubits)[:, None] >> np.arange(n_qubits)) & 1
    signs = 1.0 - 2.0 * bits
    if features == "z":
        return signs
    pairs = [signs[:, i] * signs[:, j] for i, j in combinations(range(n_qubits), 2)]
    return np.column_stack([signs, *pairs]) if pairs else signs


class FrozenVQC:
    """A VQC with frozen weights, evaluated by its precomputed unitary.

    Parameters
    ----------
    n_qubits : int
    depth : int
    weights : ndarray of shape (depth, n_qubits, 3)
        Frozen U3 angles.
    """

    def __init__(self, n_qubits, depth, weights):
        self.n_qubits = n_qubits
        self.weights = np.asarray(weights, dtype=float)
        variational = QuantumCircuit(n_qubits)
        _variational_layers(variational, depth, self.weights)
        # rows of the batch multiply from the left: psi_out = psi_in @ U.T
        self._unitary_t = np.ascontiguousarray(Operator(variational).data.T)
        self.circuit = build_vqc(n_qubits, depth, self.weights)

    def product_state(self, values):
        """Statevectors after the encoding, shape (n_states, 2**n_qubits)."""
        half_a = 0.5 * np.arctan(values)
        half_b = 0.5 * np.arctan(values**2)
        c, s = np.cos(half_a), np.sin(half_a)
        phase = np.exp(-1j * half_b)
        # H then RY(a) then RZ(b) on |0>, qubit by qubit
        zero = (c - s) / np.sqrt(2) * phase
        one = (s + c) / np.sqrt(2) * np.conj(phase)
        state = np.stack([zero[:, -1], one[:, -1]], axis=1)
        for i in range(self.n_qubits - 2, -1, -1):  # qubit 0 is the fastest bit
            qubit = np.stack([zero[:, i], one[:, i]], axis=1)
            state = (state[:, :, None] * qubit[:, None, :]).reshape(len(values), -1)
        return state

    def probabilities(self, values):
        """Exact basis-state probabilities, shape (n_states, 2**n_qubits)."""
        psi = self.product_state(values) @ self._unitary_t
        return psi.real**2 + psi.imag**2
