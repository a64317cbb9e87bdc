"""Echo-state network (leaky sparse reservoir, ridge readout)."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral, Real

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import ArpackNoConvergence, eigs

from sklearn_dsr.reservoir._base import BaseReservoir
from sklearn_dsr.utils._param_validation import Interval

__all__ = ["ReservoirRegressor"]

try:  # y += A @ x in place, without scipy's per-call dispatch (3-4 us a step)
    from scipy.sparse._sparsetools import csr_matvec as _csr_matvec
except ImportError:  # pragma: no cover - private scipy API moved
    _csr_matvec = None


def _matvec_add(A, x, out):
    """``out += A @ x`` for a float32 CSR matrix and float32 vectors."""
    if _csr_matvec is not None:
        _csr_matvec(A.shape[0], A.shape[1], A.indptr, A.indices, A.data, x, out)
    else:  # pragma: no cover
        out += A @ x


def _sparse_reservoir(n, in_degree, spectral_radius, rng):
    """Random sparse matrix with ``in_degree`` entries per row, scaled to radius."""
    cols = np.argsort(rng.random_sample((n, n)), axis=1)[:, :in_degree]
    rows = np.repeat(np.arange(n), in_degree)
    W = sparse.csr_matrix(
        (rng.standard_normal(n * in_degree), (rows, cols.ravel())), shape=(n, n)
    )
    try:
        v0 = rng.standard_normal(n)
        radius = np.abs(eigs(W, k=1, which="LM", v0=v0, return_eigenvectors=False))[0]
    except (ArpackNoConvergence, ValueError, TypeError):  # tiny or defective W
        radius = np.abs(np.linalg.eigvals(W.toarray())).max()
    if radius > 0:
        W = W * (spectral_radius / radius)
    return W.astype(np.float32)


class ReservoirRegressor(BaseReservoir):
    """Echo-state network: a fixed random leaky reservoir with a ridge readout.

    The reservoir state follows ``r_t = (1 - a) r_{t-1} + a tanh(W r_{t-1} +
    W_in x_t + b)`` with a sparse random ``W`` (``connectivity`` entries per
    row, rescaled to ``spectral_radius``), dense ``W_in`` (uniform in
    ``[-input_scaling, input_scaling]``) and bias ``b``. A ridge readout of
    ``[1, x_t, g(r_t)]`` predicts the next observation (or its increment); with
    ``squared_readout`` every second unit enters the readout squared, which
    breaks the odd symmetry of ``tanh`` (Pathak et al. 2018) and matters for
    symmetric systems such as Lorenz-63. In closed loop the prediction is fed
    back as the next input. Computations run in float32, the readout solve in
    float64.

    Parameters
    ----------
    n_reservoir : int, default=500
        Number of reservoir units.
    spectral_radius : float, default=0.9
        Spectral radius of ``W``.
    leak_rate : float, default=0.5
        Leak rate ``a`` in (0, 1].
    input_scaling : float, default=0.5
        Scale of the input weights (inputs are standardised when
        ``standardize=True``).
    bias_scaling : float, default=0.5
        Scale of the uniform random bias.
    connectivity : int, default=10
        Non-zero recurrent weights per unit (mean in-degree); a sparse
        reservoir keeps closed-loop simulation fast.
    squared_readout : bool, default=True
        Square every second unit in the readout features.
    alpha : float, default=1e-6
        Ridge penalty of the readout.
    washout : int, default=100
        Initial steps of every trajectory discarded while the reservoir
        synchronises with the input.
    learn_increments : bool, default=True
        Predict ``x_{t+1} - x_t`` instead of ``x_{t+1}``.
    dt : float, default=1.0
        Sampling interval (reporting only, e.g. Lyapunov exponents).
    standardize : bool, default=True
        Z-score the data inside ``fit``; outputs are in the user's units.
    random_state : int, RandomState instance or None, default=None
        Seeds the random reservoir. Pass an int for reproducible models.

    Attributes
    ----------
    W_ : scipy.sparse.csr_matrix of shape (n_reservoir, n_reservoir)
        Recurrent weights.
    W_in_ : ndarray of shape (n_reservoir, n_features)
        Input weights.
    bias_ : ndarray of shape (n_reservoir,)
        Reservoir bias.
    coef_ : ndarray of shape (n_features, n_readout_features)
        Readout weights on ``[1, x_t, g(r_t)]``.
    n_readout_features_ : int
        Number of readout features.
    mean_ : ndarray of shape (n_features,)
        Mean used for standardisation.
    scale_ : ndarray of shape (n_features,)
        Standard deviation used for standardisation.
    initial_context_ : ndarray of shape (washout + 1, n_features)
        Start of the training data; the default initial condition of
        ``simulate`` (the reservoir is warmed up on it).
    n_features_in_ : int
        Number of variables seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the variables, when ``X`` was a DataFrame.

    See Also
    --------
    NGRCRegressor : Next-generation RC, a polynomial delay model.

    References
    ----------
    .. [1] Jaeger, "The echo state approach to analysing and training recurrent
       neural networks", GMD Report 148 (2001).
    .. [2] Pathak, Hunt, Girvan, Lu & Ott, "Model-free prediction of large
       spatiotemporally chaotic systems from data", PRL 120, 024102 (2018).

    Examples
    --------
    >>> from sklearn_dsr import ReservoirRegressor
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> X = make_lorenz63(n_steps=3000, dt=0.02, random_state=0)
    >>> model = ReservoirRegressor(n_reservoir=100, random_state=0).fit(X)
    >>> model.simulate(500).shape
    (500, 3)
    """

    _parameter_constraints: dict = {
        **BaseReservoir._parameter_constraints,
        "n_reservoir": [Interval(Integral, 1, None, closed="left")],
        "spectral_radius": [Interval(Real, 0, None, closed="left")],
        "leak_rate": [Interval(Real, 0, 1, closed="right")],
        "input_scaling": [Interval(Real, 0, None, closed="left")],
        "bias_scaling": [Interval(Real, 0, None, closed="left")],
        "connectivity": [Interval(Integral, 1, None, closed="left")],
        "squared_readout": ["boolean"],
        "washout": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(
        self,
        n_reservoir=500,
        *,
        spectral_radius=0.9,
        leak_rate=0.5,
        input_scaling=0.5,
        bias_scaling=0.5,
        connectivity=10,
        squared_readout=True,
        alpha=1e-6,
        washout=100,
        learn_increments=True,
        dt=1.0,
        standardize=True,
        random_state=None,
    ):
        self.n_reservoir = n_reservoir
        self.spectral_radius = spectral_radius
        self.leak_rate = leak_rate
        self.input_scaling = input_scaling
        self.bias_scaling = bias_scaling
        self.connectivity = connectivity
        self.squared_readout = squared_readout
        self.alpha = alpha
        self.washout = washout
        self.learn_increments = learn_increments
        self.dt = dt
        self.standardize = standardize
        self.random_state = random_state

    def _warmup_length(self):
        return self.washout

    def _initialize(self, n_features, rng):
        n = self.n_reservoir
        self.W_ = _sparse_reservoir(
            n, min(self.connectivity, n), self.spectral_radius, rng
        )
        self.W_in_ = (self.input_scaling * rng.uniform(-1, 1, (n, n_features))).astype(
            np.float32
        )
        self.bias_ = (self.bias_scaling * rng.uniform(-1, 1, n)).astype(np.float32)

    # The state is [x_t, r_t]: the current observation and reservoir, float32.
    def _features(self, states):
        F = self.n_features_in_
        g = states[:, F:].copy()
        if self.squared_readout:
            g[:, ::2] **= 2
        ones = np.ones((len(states), 1), dtype=states.dtype)
        return np.hstack([ones, states[:, :F], g])

    def _teacher_forced_states(self, trajectory):
        a = np.float32(self.leak_rate)
        drive = (trajectory @ self.W_in_.T.astype(np.float64) + self.bias_).astype(
            np.float32
        )
        R = np.empty_like(drive)
        r = np.zeros(self.n_reservoir, dtype=np.float32)
        W = self.W_
        for t in range(len(drive)):
            pre = drive[t].copy()
            _matvec_add(W, r, pre)
            np.tanh(pre, out=pre)
            pre -= r
            pre *= a
            r = r + pre
            R[t] = r
        return np.hstack([trajectory.astype(np.float32), R])

    def _closed_loop(self):
        """Matrices of the closed loop on the joint vector ``x = [r, u]``."""
        F, N = self.n_features_in_, self.n_reservoir
        A = sparse.hstack([self.W_, sparse.csr_matrix(self.W_in_)]).tocsr()
        # readout on z = [g(r), u] where g squares every second unit
        C = np.vstack([self.coef_[:, F + 1 :].T, self.coef_[:, 1 : F + 1].T])
        if self.learn_increments:
            C[N:] += np.eye(F)
        return (
            A.astype(np.float32),
            C.astype(np.float32),
            self.coef_[:, 0].astype(np.float32),
        )

    def _rollout(self, states, n_steps, rng):
        F, N = self.n_features_in_, self.n_reservoir
        a = np.float32(self.leak_rate)
        A, C, c0 = self._closed_loop()
        states = np.asarray(states, dtype=np.float32)
        X = np.hstack([states[:, F:], states[:, :F]])  # rows [r, u]
        out = np.empty((len(states), n_steps, F))
        if len(states) == 1:  # the common case, on 1-D vectors: ~20 us a step
            x, bias, sq = X[0], self.bias_, self.squared_readout
            for t in range(n_steps):
                z = x.copy()
                if sq:
                    z[:N:2] **= 2
                u = z @ C
                u += c0
                x[N:] = u
                out[0, t] = u
                pre = bias.copy()
                _matvec_add(A, x, pre)
                np.tanh(pre, out=pre)
                pre -= x[:N]
                pre *= a
                x[:N] += pre
            return out
        for t in range(n_steps):
            Z = X.copy()
            if self.squared_readout:
                Z[:, :N:2] **= 2
            U = Z @ C + c0
            X[:, N:] = U
            out[:, t] = U
            R = X[:, :N]
            R += a * (np.tanh((A @ X.T).T + self.bias_) - R)
        return out

    def _tangent_step(self, state, V):
        F = self.n_features_in_
        a = self.leak_rate
        r = state[F:].astype(np.float64)
        du, dr = V[:F], V[F:]
        coef = self.coef_
        cu, cr = coef[:, 1 : F + 1], coef[:, F + 1 :]
        dg = dr.copy()
        if self.squared_readout:
            dg[::2] *= 2 * r[::2, None]
        du_next = cu @ du + cr @ dg + (du if self.learn_increments else 0.0)
        nxt_state = self._advance_one(state)
        u_next = nxt_state[:F].astype(np.float64)
        pre = self.W_ @ r + self.W_in_ @ u_next + self.bias_
        slope = 1.0 - np.tanh(pre) ** 2
        dpre = self.W_ @ dr + self.W_in_ @ du_next
        dr_next = (1 - a) * dr + a * slope[:, None] * dpre
        return nxt_state, np.vstack([du_next, dr_next])

    def _advance_one(self, state):
        F = self.n_features_in_
        u_next = self._readout(state[None, :].astype(np.float32))[0]
        r = state[F:].astype(np.float32)
        pre = self.W_ @ r + self.W_in_ @ u_next + self.bias_
        r_next = r + np.float32(self.leak_rate) * (np.tanh(pre) - r)
        return np.concatenate([u_next, r_next])
