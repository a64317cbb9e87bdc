"""Adapter to the 130+ systems of the optional ``dysts`` package.

dysts stores every flow's right-hand side component-wise (``_rhs(x, y, ..., t,
*params)``), which is exactly what our RK4 integrator steps, so a dysts system
integrates here in a fraction of the time of ``make_trajectory``'s default
Radau solver at 1e-12 tolerance.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.utils import check_random_state

from sklearn_dsr.datasets._integrate import integrate_ode
from sklearn_dsr.utils._optional import import_optional
from sklearn_dsr.utils._param_validation import Interval, validate_params

__all__ = ["load_dysts"]


def _dysts_system(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed" and friends
        flows = import_optional("dysts.flows", extra="dysts")
    cls = getattr(flows, name, None)
    if cls is None or not isinstance(cls, type):
        raise ValueError(f"dysts has no flow named {name!r}.")
    system = cls()
    if getattr(system, "delay", False):
        raise ValueError(
            f"{name} is a delay equation; use make_mackey_glass or dysts itself."
        )
    if getattr(system, "nonautonomous", False):
        raise ValueError(
            f"{name} is non-autonomous, which load_dysts does not support."
        )
    return system


@validate_params(
    {
        "name": [str],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "dt": [Interval(Real, 0, None, closed="neither"), None],
        "noise": [Interval(Real, 0, None, closed="left")],
        "transient": [Interval(Integral, 0, None, closed="left"), None],
        "random_state": ["random_state"],
        "standardize": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def load_dysts(
    name,
    n_steps=10_000,
    dt=None,
    *,
    noise=0.0,
    transient=None,
    random_state=None,
    standardize=False,
):
    """Integrate a system of the dysts database with sklearn_dsr's integrator.

    Requires the optional ``dysts`` package (``pip install 'sklearn_dsr[dysts]'``).
    The system's equations, parameters and initial condition come from dysts;
    integration is fixed-step RK4 with at least 200 steps per dominant period.

    Parameters
    ----------
    name : str
        Class name of a dysts flow, e.g. ``"Lorenz"`` or ``"Aizawa"``.
    n_steps : int, default=10_000
        Number of returned samples.
    dt : float, default=None
        Sampling interval; ``None`` gives 100 samples per dominant period
        (dysts' ``pts_per_period=100`` convention).
    noise : float, default=0.0
        Observation-noise standard deviation relative to each variable's.
    transient : int, default=None
        Samples discarded at the start; ``None`` discards 20 periods.
    random_state : int, RandomState instance or None, default=None
        Seeds the perturbation of the initial condition and the noise.
    standardize : bool, default=False
        Z-score every variable before adding noise.

    Returns
    -------
    X : ndarray of shape (n_steps, n_features)
        The sampled trajectory.
    metadata : dict
        dysts' metadata of the system (``parameters``, ``period``,
        ``maximum_lyapunov_estimated``, ...) plus the ``dt`` used.
    """
    system = _dysts_system(name)
    rng = check_random_state(random_state)
    period = float(system.period)
    dt = period / 100.0 if dt is None else float(dt)
    n_transient = round(20 * period / dt) if transient is None else transient
    params = tuple(system.param_list)

    def rhs(x, *p):
        return tuple(system._rhs(*x, 0.0, *p))

    x0 = np.asarray(system.ic, dtype=float)
    x0 = x0 * (1.0 + 0.01 * rng.standard_normal(x0.shape))
    X = integrate_ode(
        rhs, tuple(x0), n_transient + n_steps, dt, params, max_step=period / 200.0
    )[n_transient:]
    if standardize:
        X = (X - X.mean(axis=0)) / np.where(X.std(axis=0) > 0, X.std(axis=0), 1.0)
    if noise > 0:
        X = X + noise * X.std(axis=0) * rng.standard_normal(X.shape)
    metadata = {
        key: getattr(system, key, None)
        for key in ("params", "period", "maximum_lyapunov_estimated", "description")
    }
    metadata["dt"] = dt
    return X, metadata
