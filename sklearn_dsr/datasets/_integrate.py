"""Fixed-step Runge-Kutta integrators for the benchmark systems.

The right-hand sides are written component-wise (``rhs(x, *params)`` takes and
returns a tuple of components), so the same code integrates one trajectory on
plain Python floats -- far cheaper per step than numpy calls on 3-vectors -- and
a batch of trajectories on numpy arrays of shape ``(n_trajectories,)``.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import math

import numpy as np

__all__ = ["integrate_dde", "integrate_ode", "n_substeps"]


def n_substeps(dt, max_step):
    """Number of equal RK4 sub-steps per sample so that each is <= ``max_step``."""
    return max(1, math.ceil(dt / max_step - 1e-9))


def integrate_ode(rhs, x0, n_steps, dt, params, *, max_step):
    """Integrate an autonomous ODE with classical RK4, sampled every ``dt``.

    Parameters
    ----------
    rhs : callable
        ``rhs(x, *params) -> tuple`` of the time derivatives of the components.
    x0 : sequence of float or of ndarray of shape (n_trajectories,)
        Initial state, one entry per component.
    n_steps : int
        Number of returned samples (the first is ``x0``).
    dt : float
        Sampling interval.
    params : tuple
        Extra arguments of ``rhs``.
    max_step : float
        Largest integration step; each sample interval is split into equal
        sub-steps no longer than this.

    Returns
    -------
    X : ndarray of shape (n_steps, n_components) or \
            (n_trajectories, n_steps, n_components)
        The sampled trajectory (a batch if ``x0`` holds arrays).
    """
    m = n_substeps(dt, max_step)
    h = dt / m
    h2, h6 = h / 2.0, h / 6.0
    x = tuple(x0)
    out = [x]
    append = out.append
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_steps - 1):
            for _ in range(m):
                k1 = rhs(x, *params)
                k2 = rhs(tuple([a + h2 * b for a, b in zip(x, k1)]), *params)
                k3 = rhs(tuple([a + h2 * b for a, b in zip(x, k2)]), *params)
                k4 = rhs(tuple([a + h * b for a, b in zip(x, k3)]), *params)
                x = tuple(
                    [
                        a + h6 * (b + 2.0 * (c + d) + e)
                        for a, b, c, d, e in zip(x, k1, k2, k3, k4)
                    ]
                )
            append(x)
    X = np.asarray(out, dtype=np.float64)
    if X.ndim == 3:  # (n_steps, n_components, n_trajectories)
        X = X.transpose(2, 0, 1)
    return _checked(X)


def integrate_dde(rhs, history, n_steps, dt, tau, params, *, max_step):
    """Integrate a scalar delay equation ``x' = rhs(x(t), x(t - tau), *params)``.

    RK4 on a fixed grid; delayed values between grid points are linearly
    interpolated (second order, matching RK4's accuracy on smooth histories).

    Parameters
    ----------
    rhs : callable
        ``rhs(x, x_delayed, *params) -> float`` (works on floats or arrays).
    history : float or ndarray of shape (n_trajectories,)
        Constant initial history on ``[-tau, 0]``.
    n_steps : int
        Number of returned samples.
    dt : float
        Sampling interval.
    tau : float
        Delay.
    params : tuple
        Extra arguments of ``rhs``.
    max_step : float
        Largest integration step.

    Returns
    -------
    X : ndarray of shape (n_steps, 1) or (n_trajectories, n_steps, 1)
    """
    m = n_substeps(dt, max_step)
    h = dt / m
    lag = tau / h
    if lag < 1.0:
        raise ValueError(f"The delay tau={tau} must be at least one step ({h}).")
    q = math.floor(lag)
    # grid values x_{-q-1}, ..., x_0 (constant history); index n -> buf[n + q + 1]
    buf = [history] * (q + 2)
    offset = q + 1

    def delayed(n2):  # x(t_{n2/2} - tau) for a half-integer grid position n2/2
        pos = n2 / 2.0 - lag
        lo = math.floor(pos)
        w = pos - lo
        a = buf[lo + offset]
        return a if w == 0.0 else (1.0 - w) * a + w * buf[lo + 1 + offset]

    x = history
    out = [x]
    n = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_steps - 1):
            for _ in range(m):
                d0, dh, d1 = delayed(2 * n), delayed(2 * n + 1), delayed(2 * n + 2)
                k1 = rhs(x, d0, *params)
                k2 = rhs(x + 0.5 * h * k1, dh, *params)
                k3 = rhs(x + 0.5 * h * k2, dh, *params)
                k4 = rhs(x + h * k3, d1, *params)
                x = x + h / 6.0 * (k1 + 2.0 * (k2 + k3) + k4)
                buf.append(x)
                n += 1
            out.append(x)
    X = np.asarray(out, dtype=np.float64)
    X = X.T[..., None] if X.ndim == 2 else X[:, None]
    return _checked(X)


def _checked(X):
    if not np.all(np.isfinite(X)):
        raise FloatingPointError(
            "The integration blew up (non-finite values); use a smaller dt or "
            "check the system parameters."
        )
    return X
