"""``make_<system>`` generators: trajectories of the built-in benchmark systems."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral, Real

import numpy as np
from sklearn.utils import check_random_state

from sklearn_dsr.datasets._integrate import integrate_dde, integrate_ode
from sklearn_dsr.datasets._systems import get_system
from sklearn_dsr.utils._param_validation import Interval, validate_params

__all__ = [
    "make_chua",
    "make_duffing",
    "make_lorenz63",
    "make_lorenz96",
    "make_lotka_volterra",
    "make_mackey_glass",
    "make_rossler",
    "make_system",
    "make_van_der_pol",
]

_COMMON_DOC = """
    n_steps : int, default=10_000
        Number of returned samples per trajectory.
    dt : float, default=None
        Sampling interval in the system's time units; ``None`` uses the
        system's default (about 100 samples per dominant period).
    noise : float, default=0.0
        Standard deviation of additive Gaussian observation noise, relative to
        each variable's standard deviation (``0.05`` is the "5 % noise" of the
        DSR benchmarks).
    transient : int, default=None
        Number of initial samples integrated and discarded so the trajectory
        starts on the attractor; ``None`` discards the system's
        ``transient_time``.
    random_state : int, RandomState instance or None, default=None
        Seeds the perturbation of the initial state and the noise. Pass an int
        for reproducible output.
    standardize : bool, default=False
        Z-score every variable (statistics of the noise-free data, over all
        trajectories) before adding noise.
    n_trajectories : int, default=None
        If given, integrate that many trajectories from independently perturbed
        initial states and return a 3-D array.
    initial_state : array-like, default=None
        Initial state before perturbation; ``None`` uses the system's.
"""

_RETURNS_DOC = """
    Returns
    -------
    X : ndarray of shape (n_steps, n_features) or \
(n_trajectories, n_steps, n_features)
        The sampled trajectory (or trajectories). Metadata (parameters,
        reference largest Lyapunov exponent, period) is available from
        :func:`sklearn_dsr.datasets.get_system`.
"""


def _doc(summary, params_doc="", example=""):
    def decorate(func):
        func.__doc__ = (
            f"{summary}\n\n    Parameters\n    ----------{_COMMON_DOC}"
            f"{params_doc}{_RETURNS_DOC}{example}"
        )
        return func

    return decorate


_COMMON_CONSTRAINTS = {
    "n_steps": [Interval(Integral, 1, None, closed="left")],
    "dt": [Interval(Real, 0, None, closed="neither"), None],
    "noise": [Interval(Real, 0, None, closed="left")],
    "transient": [Interval(Integral, 0, None, closed="left"), None],
    "random_state": ["random_state"],
    "standardize": ["boolean"],
    "n_trajectories": [Interval(Integral, 1, None, closed="left"), None],
    "initial_state": ["array-like", None],
}


def _perturbed_start(system, initial_state, batch, rng):
    x0 = np.asarray(
        system.initial_state if initial_state is None else initial_state, dtype=float
    )
    expected = len(system.initial_state)
    if system.name == "lorenz96" and x0.ndim == 1 and len(x0) >= 4:
        expected = len(x0)  # the ring size is set by the initial state
    if x0.shape != (expected,):
        raise ValueError(
            f"initial_state of {system.name} must have {expected} "
            f"components, got shape {x0.shape}."
        )
    # A multiplicative kick keeps positive systems (Lotka-Volterra) positive; the
    # forcing phase of the Duffing oscillator stays on the unit circle.
    n_free = 2 if system.name == "duffing" else len(x0)
    scale = np.ones((batch, len(x0)))
    scale[:, :n_free] += 0.05 * rng.standard_normal((batch, n_free))
    return x0 * scale


@validate_params(
    {"name": [str], **_COMMON_CONSTRAINTS, "parameters": [dict, None]},
    prefer_skip_nested_validation=True,
)
def make_system(
    name,
    n_steps=10_000,
    *,
    dt=None,
    noise=0.0,
    transient=None,
    random_state=None,
    standardize=False,
    n_trajectories=None,
    initial_state=None,
    parameters=None,
):
    """Trajectory of any built-in system by name (see :func:`list_systems`).

    Parameters
    ----------
    name : str
        Registry key of the system, e.g. ``"lorenz63"``.
    n_steps : int, default=10_000
        Number of returned samples per trajectory.
    dt : float, default=None
        Sampling interval; ``None`` uses the system's default.
    noise : float, default=0.0
        Observation-noise standard deviation relative to each variable's.
    transient : int, default=None
        Samples discarded at the start; ``None`` uses the system's
        ``transient_time``.
    random_state : int, RandomState instance or None, default=None
        Seeds the initial-state perturbation and the noise.
    standardize : bool, default=False
        Z-score every variable.
    n_trajectories : int, default=None
        Number of trajectories for a 3-D output.
    initial_state : array-like, default=None
        Initial state before perturbation.
    parameters : dict, default=None
        Overrides of the system's default parameters.

    Returns
    -------
    X : ndarray of shape (n_steps, n_features) or \
            (n_trajectories, n_steps, n_features)
        The sampled trajectory (or trajectories).

    Examples
    --------
    >>> from sklearn_dsr.datasets import make_system
    >>> make_system("rossler", n_steps=500, random_state=0).shape
    (500, 3)
    """
    system = get_system(name)
    params = dict(system.parameters)
    unknown = set(parameters or {}) - set(params)
    if unknown:
        raise ValueError(
            f"Unknown parameters {sorted(unknown)} for {name}; it has {list(params)}."
        )
    params.update(parameters or {})
    rng = check_random_state(random_state)
    dt = system.dt if dt is None else float(dt)
    n_transient = round(system.transient_time / dt) if transient is None else transient
    batch = 1 if n_trajectories is None else n_trajectories
    x0 = _perturbed_start(system, initial_state, batch, rng)
    values = tuple(params.values())
    total = n_transient + n_steps
    # One trajectory is stepped on Python floats (cheapest per step), a batch
    # on numpy arrays of shape (n_trajectories,).
    start = tuple(x0[0].tolist()) if batch == 1 else tuple(x0.T)
    if system.delay is None:
        X = integrate_ode(
            system.rhs, start, total, dt, values, max_step=system.max_step
        )
    else:
        X = integrate_dde(
            system.rhs,
            start[0],
            total,
            dt,
            system.delay,
            values,
            max_step=system.max_step,
        )
    X = X.reshape((batch, total, -1))[:, n_transient:]
    if standardize:
        flat = X.reshape(-1, X.shape[-1])
        std = flat.std(axis=0)
        X = (X - flat.mean(axis=0)) / np.where(std > 0, std, 1.0)
    if noise > 0:
        std = X.reshape(-1, X.shape[-1]).std(axis=0)
        X = X + noise * std * rng.standard_normal(X.shape)
    return X if n_trajectories is not None else X[0]


def _wrapper(name, summary, param_doc, example):
    system = get_system(name)

    def make(
        n_steps=10_000,
        *,
        dt=None,
        noise=0.0,
        transient=None,
        random_state=None,
        standardize=False,
        n_trajectories=None,
        initial_state=None,
        **parameters,
    ):
        return make_system(
            name,
            n_steps,
            dt=dt,
            noise=noise,
            transient=transient,
            random_state=random_state,
            standardize=standardize,
            n_trajectories=n_trajectories,
            initial_state=initial_state,
            parameters=parameters,
        )

    make.__name__ = make.__qualname__ = f"make_{name}"
    params = "".join(
        f"\n    {key} : float or array-like, default={value!r}"
        "\n        System parameter."
        for key, value in system.parameters.items()
    )
    return _doc(summary, params + param_doc, example)(make)


make_lorenz63 = _wrapper(
    "lorenz63",
    "Lorenz-63 trajectory (sigma=10, rho=28, beta=8/3; lambda_max = 0.906).",
    "",
    """
    Examples
    --------
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> make_lorenz63(n_steps=1000, dt=0.01, noise=0.05, random_state=0).shape
    (1000, 3)
""",
)
make_rossler = _wrapper(
    "rossler",
    "Rossler trajectory (a=0.2, b=0.2, c=5.7; lambda_max = 0.0714).",
    "",
    """
    Examples
    --------
    >>> from sklearn_dsr.datasets import make_rossler
    >>> make_rossler(n_steps=500, random_state=0).shape
    (500, 3)
""",
)
make_lorenz96 = _wrapper(
    "lorenz96",
    "Lorenz-96 trajectory; the number of sites is the length of ``initial_state``.",
    "",
    """
    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_dsr.datasets import make_lorenz96
    >>> make_lorenz96(n_steps=200, initial_state=8 + np.arange(5) % 2,
    ...               random_state=0).shape
    (200, 5)
""",
)
make_chua = _wrapper(
    "chua",
    "Chua's circuit trajectory (double scroll).",
    "",
    """
    Examples
    --------
    >>> from sklearn_dsr.datasets import make_chua
    >>> make_chua(n_steps=300, random_state=0).shape
    (300, 3)
""",
)
make_duffing = _wrapper(
    "duffing",
    "Forced Duffing oscillator; columns x, v and the forcing phase (cos, sin).",
    "",
    """
    Examples
    --------
    >>> from sklearn_dsr.datasets import make_duffing
    >>> make_duffing(n_steps=300, random_state=0).shape
    (300, 4)
""",
)
make_van_der_pol = _wrapper(
    "van_der_pol",
    "Van der Pol oscillator trajectory (limit cycle, lambda_max = 0).",
    "",
    """
    Examples
    --------
    >>> from sklearn_dsr.datasets import make_van_der_pol
    >>> make_van_der_pol(n_steps=300, random_state=0).shape
    (300, 2)
""",
)
make_lotka_volterra = _wrapper(
    "lotka_volterra",
    "Chaotic 4-species competitive Lotka-Volterra system (Vano et al. 2006).",
    "",
    """
    Examples
    --------
    >>> from sklearn_dsr.datasets import make_lotka_volterra
    >>> make_lotka_volterra(n_steps=300, random_state=0).shape
    (300, 4)
""",
)
make_mackey_glass = _wrapper(
    "mackey_glass",
    "Mackey-Glass delay equation (tau=17), integrated as a delay equation.",
    "",
    """
    Examples
    --------
    >>> from sklearn_dsr.datasets import make_mackey_glass
    >>> make_mackey_glass(n_steps=300, random_state=0).shape
    (300, 1)
""",
)
