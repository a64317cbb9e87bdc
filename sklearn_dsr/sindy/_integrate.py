"""Integrating an identified ODE ``dx/dt = Theta(x) @ coef.T`` quickly.

pysindy's ``SINDy.simulate`` calls the whole library machinery (validation,
``AxesArray`` wrapping) at every right-hand-side evaluation; that overhead, not
the arithmetic, is why it needs seconds for a few thousand steps. Here the
right-hand side is a numpy function of a batch of states (see
``library_function``), a single trajectory is integrated by LSODA through
``scipy.integrate.odeint`` (its time loop runs in Fortran), and a batch of
states is integrated as one stacked system with ``solve_ivp``.

An identified model can blow up (a spurious quadratic term gives a finite-time
singularity). The right-hand side therefore freezes any state that has left
``bound``; the caller sees the escaped values and reports the divergence with
the step at which it happened, instead of an integrator stalling or a NaN.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from scipy.integrate import odeint, solve_ivp

__all__ = ["INTEGRATORS", "integrate"]

INTEGRATORS = ("LSODA", "DOP853", "RK45", "Radau", "BDF")


def _frozen_rhs(function, n_states, n_features, bound):
    def rhs(t, y):
        x = y.reshape(n_states, n_features)
        dx = function(x)
        dx[np.abs(x).max(axis=1) > bound] = 0.0  # escaped: stop, let the caller see it
        return dx.ravel()

    return rhs


def integrate(function, states, n_steps, dt, *, method="LSODA", rtol, atol, bound):
    """Integrate ``dx/dt = function(x)`` from each state, sampled every ``dt``.

    Parameters
    ----------
    function : callable
        ``function(x)`` maps ``(n_states, n_features)`` to the time derivative
        of the same shape.
    states : ndarray of shape (n_states, n_features)
        Initial states.
    n_steps : int
        Number of returned samples after each initial state.
    dt : float
        Sampling interval.
    method : {"LSODA", "DOP853", "RK45", "Radau", "BDF"}, default="LSODA"
        Integrator. LSODA on a single state runs in ``odeint``; on a batch it
        is replaced by DOP853, because LSODA's stiff mode would form a dense
        Jacobian of the whole stacked system.
    rtol, atol : float
        Tolerances of the integrator.
    bound : float
        States with an entry beyond ``bound`` in magnitude stop moving.

    Returns
    -------
    trajectories : ndarray of shape (n_states, n_steps, n_features)
        Row ``k`` is the state at time ``(k + 1) dt``. Samples after an
        integrator failure are NaN.
    """
    n_states, n_features = states.shape
    rhs = _frozen_rhs(function, n_states, n_features, bound)
    times = dt * np.arange(n_steps + 1)
    y0 = states.ravel()
    if method == "LSODA" and n_states == 1:
        y, info = odeint(
            rhs, y0, times, rtol=rtol, atol=atol, tfirst=True, full_output=True
        )
        if info["message"] == "Integration successful.":
            return y[1:].reshape(n_steps, n_states, n_features).transpose(1, 0, 2)
        # failed part-way: redo with solve_ivp, which reports where it stopped
    if method == "LSODA" and n_states > 1:
        method = "DOP853"
    sol = solve_ivp(
        rhs, (0.0, times[-1]), y0, method=method, t_eval=times, rtol=rtol, atol=atol
    )
    out = np.full((n_steps + 1, n_states * n_features), np.nan)
    out[: sol.y.shape[1]] = sol.y.T
    return out[1:].reshape(n_steps, n_states, n_features).transpose(1, 0, 2)
