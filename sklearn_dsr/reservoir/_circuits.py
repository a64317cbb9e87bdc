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
    "product_state",
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
    _variational_layers(
        qc, depth, weights if w is None else np.reshape(w, (depth, n_qubits, 3))
    )
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
    signs = 1.0 - 2.0 * _basis_bits(n_qubits)
    if features == "z":
        return signs
    pairs = [signs[:, i] * signs[:, j] for i, j in combinations(range(n_qubits), 2)]
    return np.column_stack([signs, *pairs]) if pairs else signs


# Up to 8 qubits one dense product (a single multi-threaded BLAS call) beats
# the layered path, whose permutations and transpositions are memory-bound;
# from 9 qubits on the layered path's O(2^n sqrt(2^n)) arithmetic wins.
DENSE_MAX_QUBITS = 8


def _basis_bits(n_qubits):
    return (np.arange(2**n_qubits)[:, None] >> np.arange(n_qubits)) & 1


def product_state(values):
    """Statevectors after ``H``, ``RY(arctan v)``, ``RZ(arctan v^2)`` on each qubit.

    One qubit ends in ``cos(a/2 + pi/4) e^{-ib/2} |0> + sin(a/2 + pi/4)
    e^{ib/2} |1>`` with ``a = arctan v``, ``b = arctan v^2``; the register is
    their Kronecker product. Both moduli are positive (``|a| < pi/2``), so for
    a few states the product is ``exp`` of a sum of logarithms -- one small
    matrix product; for many states the Kronecker product is built one qubit
    at a time, which avoids a complex ``exp`` per amplitude.

    Parameters
    ----------
    values : ndarray of shape (n_states, n_qubits)

    Returns
    -------
    psi : ndarray of shape (2**n_qubits, n_states), complex
        One *column* per state (the layout of :meth:`FrozenVQC.evolve`).
    """
    angle = 0.5 * np.arctan(values.T) + 0.25 * np.pi
    half_b = 0.5j * np.arctan(values.T**2)
    n_qubits, n_states = angle.shape
    if n_states < 16:
        log0 = np.log(np.cos(angle)) - half_b
        log1 = np.log(np.sin(angle)) + half_b
        return np.exp(log0.sum(axis=0) + _bit_table(n_qubits) @ (log1 - log0))
    phase = np.exp(-half_b)
    qubits = np.stack([np.cos(angle) * phase, np.sin(angle) * np.conj(phase)], axis=1)

    def kron(indices):  # most significant qubit first
        psi = qubits[indices[0]]
        for i in indices[1:]:
            psi = (psi[:, None, :] * qubits[i][None]).reshape(-1, n_states)
        return psi

    # two half registers, then one outer product: the big arrays are built once
    half = n_qubits // 2
    high = kron(range(n_qubits - 1, half - 1, -1))
    if half == 0:
        return high
    low = kron(range(half - 1, -1, -1))
    return (high[:, None, :] * low[None]).reshape(-1, n_states)


_BIT_TABLES = {}


def _bit_table(n_qubits):
    """``(2**n_qubits, n_qubits)`` table of the bits of every basis state (complex)."""
    if n_qubits not in _BIT_TABLES:
        _BIT_TABLES[n_qubits] = _basis_bits(n_qubits).astype(complex)
    return _BIT_TABLES[n_qubits]


def _permutation(circuit):
    """Index map of a circuit of CNOTs: ``(P psi)[k] = psi[perm[k]]``."""
    return np.argmax(np.abs(Operator(circuit).data), axis=1)


class FrozenVQC:
    """A VQC with frozen weights, evaluated without a circuit simulator.

    Two exact ways to apply the variational part to a batch of statevectors:
    the dense ``2**n x 2**n`` unitary (up to 8 qubits, or few states), and
    layer by layer -- each CNOT ring is a permutation of the amplitudes, and a
    layer of single-qubit rotations is the Kronecker product of two small
    unitaries on the high and low halves of the register -- whose arithmetic
    grows like ``2**(1.5 n)`` instead of ``4**n``.

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
        self.circuit = build_vqc(n_qubits, depth, self.weights)
        variational = QuantumCircuit(n_qubits)
        _variational_layers(variational, depth, self.weights)
        self.unitary = np.ascontiguousarray(Operator(variational).data)
        n_low = n_qubits // 2
        self._split = (2 ** (n_qubits - n_low), 2**n_low)
        self._layers = []
        position = np.arange(2**n_qubits)  # row of standard index k in psi
        for layer in self.weights:
            ring = QuantumCircuit(n_qubits)
            _variational_layers(ring, 1, np.zeros((1, n_qubits, 3)))
            ring.data = [g for g in ring.data if g.operation.name == "cx"]
            low, high = QuantumCircuit(n_low), QuantumCircuit(n_qubits - n_low)
            for i, angles in enumerate(layer):
                if i < n_low:
                    low.u(*angles, i)
                else:
                    high.u(*angles, i - n_low)
            perm = _permutation(ring)
            self._layers.append(
                (position[perm], Operator(high).data, Operator(low).data)
            )
            high_index, low_index = np.divmod(np.arange(2**n_qubits), 2**n_low)
            position = low_index * 2 ** (n_qubits - n_low) + high_index

    def evolve(self, psi):
        """Apply the frozen variational part to statevector columns ``psi``."""
        n_states = psi.shape[1]
        if self.n_qubits <= DENSE_MAX_QUBITS or n_states < 8:
            return self.unitary @ psi
        n_high, n_low = self._split
        # Rows alternate between the standard order (high, low) and the
        # transposed order (low, high), so both halves of a rotation layer
        # are plain matrix products on the leading axis; each layer's gather
        # applies its CNOT permutation and undoes the previous transposition.
        for gather, high, low in self._layers:
            psi = high @ psi[gather].reshape(n_high, -1)
            psi = psi.reshape(n_high, n_low, n_states).transpose(1, 0, 2)
            psi = (low @ psi.reshape(n_low, -1)).reshape(-1, n_states)
        psi = psi.reshape(n_low, n_high, n_states).transpose(1, 0, 2)
        return psi.reshape(-1, n_states)

    def probabilities(self, values):
        """Exact basis-state probabilities, shape (n_states, 2**n_qubits)."""
        psi = self.evolve(product_state(values))
        return (psi.real**2 + psi.imag**2).T
