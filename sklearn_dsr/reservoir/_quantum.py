"""Quantum recurrent reservoir (QRNN-RC, Chen et al. 2022) on qiskit circuits."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral, Real

import numpy as np
from scipy.special import expit
from tqdm.auto import tqdm

from sklearn_dsr.reservoir._base import BaseReservoir
from sklearn_dsr.reservoir._circuits import FrozenVQC, readout_matrix
from sklearn_dsr.reservoir._quantum_backends import make_backend
from sklearn_dsr.utils._param_validation import Interval, StrOptions

__all__ = ["QuantumReservoirRegressor"]

# Statevectors of 2**12 amplitudes and 4096 x 4096 unitaries (268 MB each) are
# the largest that fit comfortably; beyond, simulation is the wrong tool.
MAX_QUBITS = 12
# circuits per step of each cell; the last one also gives the readout features
CELL_CIRCUITS = {"rnn": 1, "gru": 3, "lstm": 5}


class QuantumReservoirRegressor(BaseReservoir):
    """Reservoir computing with a quantum recurrent circuit (QRNN/QGRU/QLSTM).

    At every time step the input ``x_t`` and the hidden state ``h_{t-1}`` are
    angle-encoded on ``n_qubits`` qubits (``H``, ``RY(arctan v)``,
    ``RZ(arctan v^2)``), pass through ``depth`` random, frozen entangling
    layers (two CNOT rings and a ``U3`` rotation per qubit), and the measured
    ``<Z>`` of the hidden qubits gives the new hidden state -- through a
    ``tanh`` (``cell="rnn"``) or the gates of a GRU or LSTM whose gate values
    are themselves circuits (Chen et al. 2022). Only a ridge readout from
    ``[1, x_t, features_t]`` to the next observation is trained.

    ``features="probabilities"`` (all ``2**n_qubits`` basis probabilities) is
    the default: per-qubit ``<Z>`` alone (the paper's readout) is too poor a
    feature set to forecast chaotic flows.

    Parameters
    ----------
    n_qubits : int, default=8
        Qubits per circuit, at most 12. The first ``n_features`` qubits encode
        the input and the rest the hidden state; with ``n_features >=
        n_qubits`` the input is mixed into ``n_qubits - 1`` values by a fixed
        random projection.
    depth : int, default=4
        Entangling layers per circuit (the authors' QLSTM uses 4; on the
        official Lorenz-63 files 4 layers forecast longer than 2).
    cell : {"rnn", "gru", "lstm"}, default="rnn"
        Recurrent cell: 1, 3 or 5 circuits per step.
    features : {"probabilities", "z", "zz"}, default="probabilities"
        Readout features of the cell's output circuit: all basis
        probabilities, ``<Z_i>``, or ``<Z_i>`` and ``<Z_i Z_j>``.
    input_scaling : float, default=1.0
        Factor applied to the encoded values (standardised data and the hidden
        state) before the arctan.
    leak_rate : float, default=0.1
        Leaky integration of the RNN cell's hidden state, ``h_t = h_{t-1} +
        leak_rate (tanh(<Z>) - h_{t-1})``. 1 is the paper's cell; the default
        gives the reservoir the memory a chaotic flow sampled at ~100 points
        per period needs (on the official Lorenz-63 files it lowers the
        free-running D_H from 0.28 to 0.09). Unused by the GRU and LSTM cells,
        whose gates set their own memory.
    weight_init : {"uniform", "chen"}, default="uniform"
        Frozen rotation angles: uniform on ``[0, 2 pi)``, or ``N(0, 0.01^2)``
        as in the authors' code (near-identity rotations; weaker on chaotic
        data).
    alpha : float, default=1e-8
        Ridge penalty of the readout.
    washout : int, default=100
        Steps at the start of every trajectory discarded while the hidden
        state synchronises.
    learn_increments : bool, default=True
        The readout predicts ``x_{t+1} - x_t``.
    backend : {"statevector", "aer"}, default="statevector"
        ``"statevector"``: exact numpy evaluation through each circuit's
        precomputed unitary (qiskit ``Operator``). ``"aer"``: the circuits run
        on qiskit-aer (``pip install 'sklearn_dsr[aer]'``), slow but with
        real shot sampling and noise models.
    shots : int or None, default=None
        Measurements per circuit evaluation; None uses exact probabilities.
        With ``backend="statevector"`` the counts are drawn from the exact
        distribution (the statistics of an ideal device).
    noise_model : qiskit_aer.noise.NoiseModel or None, default=None
        Noise of the simulated device; requires ``backend="aer"``.
    dt : float, default=1.0
        Sampling interval (reporting only).
    standardize : bool, default=True
        Z-score the data inside ``fit``.
    random_state : int, RandomState instance or None, default=None
        Seeds the frozen angles, the input projection and the shots.
    verbose : int, default=0
        Progress bar over the time steps of ``fit`` when positive.

    Attributes
    ----------
    circuit_ : qiskit.QuantumCircuit
        The cell's output circuit with its frozen weights; free parameters are
        the encoding angles. Draw it with ``circuit_.draw()``.
    circuits_ : list of qiskit.QuantumCircuit
        Every circuit of the cell (gates first, output last).
    n_hidden_ : int
        Hidden qubits.
    coef_ : ndarray of shape (n_features, n_readout_features)
        Readout weights on ``[1, x_t, features_t]``.
    n_readout_features_ : int
        Number of readout inputs.
    n_features_in_ : int
        Number of variables seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the variables, when ``X`` was a DataFrame.

    See Also
    --------
    ReservoirRegressor : Classical echo-state network.

    References
    ----------
    .. [1] Chen, Fry, Deshmukh, Rastunkov & Stefanski, "Reservoir computing via
       quantum recurrent neural networks", arXiv:2211.02612 (2022).

    Examples
    --------
    >>> from sklearn_dsr import QuantumReservoirRegressor
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> X = make_lorenz63(n_steps=1500, dt=0.02, random_state=0)
    >>> model = QuantumReservoirRegressor(n_qubits=5, random_state=0).fit(X)
    >>> model.forecast(X[-200:], n_steps=10).shape
    (10, 3)
    >>> model.circuit_.num_qubits, model.n_readout_features_
    (5, 36)
    """

    _parameter_constraints: dict = {
        **BaseReservoir._parameter_constraints,
        "n_qubits": [Interval(Integral, 1, MAX_QUBITS, closed="both")],
        "depth": [Interval(Integral, 1, None, closed="left")],
        "cell": [StrOptions(set(CELL_CIRCUITS))],
        "features": [StrOptions({"probabilities", "z", "zz"})],
        "input_scaling": [Interval(Real, 0, None, closed="neither")],
        "leak_rate": [Interval(Real, 0, 1, closed="right")],
        "weight_init": [StrOptions({"uniform", "chen"})],
        "washout": [Interval(Integral, 0, None, closed="left")],
        "backend": [StrOptions({"statevector", "aer"})],
        "shots": [Interval(Integral, 1, None, closed="left"), None],
        "noise_model": "no_validation",
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        n_qubits=8,
        *,
        depth=4,
        cell="rnn",
        features="probabilities",
        input_scaling=1.0,
        leak_rate=0.1,
        weight_init="uniform",
        alpha=1e-8,
        washout=100,
        learn_increments=True,
        backend="statevector",
        shots=None,
        noise_model=None,
        dt=1.0,
        standardize=True,
        random_state=None,
        verbose=0,
    ):
        self.n_qubits = n_qubits
        self.depth = depth
        self.cell = cell
        self.features = features
        self.input_scaling = input_scaling
        self.leak_rate = leak_rate
        self.weight_init = weight_init
        self.alpha = alpha
        self.washout = washout
        self.learn_increments = learn_increments
        self.backend = backend
        self.shots = shots
        self.noise_model = noise_model
        self.dt = dt
        self.standardize = standardize
        self.random_state = random_state
        self.verbose = verbose

    # ----------------------------------------------------------- building
    def _warmup_length(self):
        return self.washout

    def _initialize(self, n_features, rng):
        if self.noise_model is not None and self.backend != "aer":
            raise ValueError(
                "noise_model needs backend='aer' (the statevector backend is "
                "noiseless); pass backend='aer'."
            )
        n = self.n_qubits
        n_in = min(n_features, n - 1) if n > 1 else 1
        self.n_hidden_ = n - n_in
        if n_in == n_features:
            self.input_map_ = np.eye(n_features)
        else:  # more variables than input qubits: a fixed random mixture
            self.input_map_ = rng.normal(size=(n_in, n_features)) / np.sqrt(n_features)
        shape = (CELL_CIRCUITS[self.cell], self.depth, n, 3)
        if self.weight_init == "uniform":
            weights = rng.uniform(0.0, 2.0 * np.pi, size=shape)
        else:
            weights = 0.01 * rng.normal(size=shape)
        self.weights_ = weights
        self._hidden_z = np.ascontiguousarray(readout_matrix(n, "z")[:, n_in:])
        self._readout_map = readout_matrix(n, self.features)
        self._shot_rng = np.random.default_rng(rng.randint(2**31))
        self._restore_derived()

    def _make_backend(self):
        return make_backend(
            self.backend,
            self._vqcs,
            shots=self.shots,
            noise_model=self.noise_model,
            rng=self._shot_rng,
        )

    # circuits, their unitaries and the simulator follow from weights_
    _derived_attributes = ("_vqcs", "circuits_", "circuit_", "_backend")

    def _restore_derived(self):
        if not hasattr(self, "weights_"):
            return
        self._vqcs = [FrozenVQC(self.n_qubits, self.depth, w) for w in self.weights_]
        self.circuits_ = [vqc.circuit for vqc in self._vqcs]
        self.circuit_ = self.circuits_[-1]
        self._backend = self._make_backend()

    # --------------------------------------------------------------- cell
    def _encode(self, x, u):
        return self.input_scaling * np.hstack([x @ self.input_map_.T, u])

    def _z(self, p):
        return p @ self._hidden_z

    def _cell(self, x, h, c):
        """One step: (h, c, probabilities of the output circuit)."""
        run = self._backend.probabilities
        if self.cell == "rnn":
            (p,) = run([0], self._encode(x, h))
            return h + self.leak_rate * (np.tanh(self._z(p)) - h), c, p
        if self.cell == "gru":
            pr, pz = run([0, 1], self._encode(x, h))
            r, z = expit(self._z(pr)), expit(self._z(pz))
            (p,) = run([2], self._encode(x, r * h))
            return z * h + (1.0 - z) * np.tanh(self._z(p)), c, p
        pf, pi, pc, po = run([0, 1, 2, 3], self._encode(x, h))
        c = expit(self._z(pf)) * c + expit(self._z(pi)) * np.tanh(self._z(pc))
        (p,) = run([4], self._encode(x, expit(self._z(po)) * np.tanh(c)))
        return self._z(p), c, p

    def _readout_features(self, p):
        return p if self._readout_map is None else p @ self._readout_map

    # The state is [x_t, h_t, c_t (LSTM only), readout features of step t].
    def _split(self, states):
        F, H = self.n_features_in_, self.n_hidden_
        n_c = H if self.cell == "lstm" else 0
        x, h = states[:, :F], states[:, F : F + H]
        return x, h, states[:, F + H : F + H + n_c], states[:, F + H + n_c :]

    def _features(self, states):
        x, _, _, phi = self._split(states)
        return np.hstack([np.ones((len(states), 1)), x, phi])

    def _advance(self, x, h, c):
        h, c, p = self._cell(x, h, c)
        return np.hstack([x, h, c, self._readout_features(p)])

    def _teacher_forced_states(self, trajectory):
        H = self.n_hidden_
        h = np.zeros((1, H))
        c = np.zeros((1, H if self.cell == "lstm" else 0))
        rows = []
        steps = tqdm(
            trajectory,
            disable=not self.verbose,
            desc=f"{self.cell.upper()} circuit features",
            unit="step",
            leave=False,
        )
        for x in steps:
            state = self._advance(x[None, :], h, c)
            _, h, c, _ = self._split(state)
            rows.append(state)
        return np.concatenate(rows)

    def _rollout(self, states, n_steps, rng):
        out = np.empty((len(states), n_steps, self.n_features_in_))
        for k in range(n_steps):
            x_next = self._readout(states)
            _, h, c, _ = self._split(states)
            states = self._advance(x_next, h, c)
            out[:, k] = x_next
        return out
