"""Right-hand sides and reference invariants of the built-in systems.

Each right-hand side is written component-wise (see ``_integrate.py``). The
reference largest Lyapunov exponents and dominant periods are literature values
where the literature agrees on one, otherwise measured with
``benchmarks/bench_datasets.py --invariants`` (Benettin's two-trajectory method on
this integrator, 2 000 time units; dominant period from the power spectrum of the
first variable). Both are in the system's own time units.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass, field

__all__ = ["SYSTEMS", "DynamicalSystem", "get_system", "list_systems"]


def _lorenz63(x, sigma, rho, beta):
    x0, x1, x2 = x
    return (sigma * (x1 - x0), x0 * (rho - x2) - x1, x0 * x1 - beta * x2)


def _rossler(x, a, b, c):
    x0, x1, x2 = x
    return (-x1 - x2, x0 + a * x1, b + x2 * (x0 - c))


def _lorenz96(x, forcing):
    n = len(x)
    return tuple(
        [(x[(i + 1) % n] - x[i - 2]) * x[i - 1] - x[i] + forcing for i in range(n)]
    )


def _chua(x, alpha, beta, m0, m1):
    x0, x1, x2 = x
    h = m1 * x0 + 0.5 * (m0 - m1) * (abs(x0 + 1.0) - abs(x0 - 1.0))
    return (alpha * (x1 - x0 - h), x0 - x1 + x2, -beta * x1)


def _duffing(x, delta, alpha, beta, gamma, omega):
    # The forcing phase is carried as (cos, sin) of omega*t, which makes the
    # forced oscillator autonomous and keeps every variable bounded.
    pos, vel, c, s = x
    return (
        vel,
        -delta * vel - alpha * pos - beta * pos * pos * pos + gamma * c,
        -omega * s,
        omega * c,
    )


def _van_der_pol(x, mu):
    x0, x1 = x
    return (x1, mu * (1.0 - x0 * x0) * x1 - x0)


def _lotka_volterra(x, growth, interaction):
    n = len(x)
    return tuple(
        [
            growth[i] * x[i] * (1.0 - sum([interaction[i][j] * x[j] for j in range(n)]))
            for i in range(n)
        ]
    )


def _mackey_glass(x, x_delayed, beta, gamma, exponent):
    return beta * x_delayed / (1.0 + x_delayed**exponent) - gamma * x


@dataclass(frozen=True)
class DynamicalSystem:
    """A built-in benchmark system and its metadata.

    Attributes
    ----------
    name : str
        Registry key, e.g. ``"lorenz63"``.
    description : str
        One line on what the system is.
    rhs : callable
        Component-wise right-hand side ``rhs(x, *params)``.
    parameters : dict
        Default parameters, in the order ``rhs`` takes them.
    initial_state : tuple of float
        A point on (or near) the attractor.
    variables : tuple of str
        Names of the returned columns.
    dt : float
        Default sampling interval (about 100 samples per dominant period).
    max_step : float
        Largest RK4 step used by the integrator.
    transient_time : float
        Time units discarded by default to reach the attractor.
    max_lyapunov : float
        Reference largest Lyapunov exponent, per time unit (0 for a limit cycle).
    period : float
        Dominant period, in time units.
    reference : str
        Where the equations and parameters come from.
    delay : float or None
        Delay of a delay differential equation (``None`` for ODEs).
    """

    name: str
    description: str
    rhs: callable = field(repr=False)
    parameters: dict
    initial_state: tuple
    variables: tuple
    dt: float
    max_step: float
    transient_time: float
    max_lyapunov: float
    period: float
    reference: str
    delay: float | None = None

    @property
    def lyapunov_time(self):
        """``1 / max_lyapunov`` in time units (inf for non-chaotic systems)."""
        return float("inf") if self.max_lyapunov <= 0 else 1.0 / self.max_lyapunov


_VANO_GROWTH = (1.0, 0.72, 1.53, 1.27)
_VANO_INTERACTION = (
    (1.0, 1.09, 1.52, 0.0),
    (0.0, 1.0, 0.44, 1.36),
    (2.33, 0.0, 1.0, 0.47),
    (1.21, 0.51, 0.35, 1.0),
)

SYSTEMS = {
    s.name: s
    for s in [
        DynamicalSystem(
            name="lorenz63",
            description="Lorenz (1963) convection model, the butterfly attractor",
            rhs=_lorenz63,
            parameters={"sigma": 10.0, "rho": 28.0, "beta": 8.0 / 3.0},
            initial_state=(-8.0, 7.0, 27.0),
            variables=("x", "y", "z"),
            dt=0.01,
            max_step=0.01,
            transient_time=20.0,
            max_lyapunov=0.906,
            period=0.76,
            reference="Lorenz, J. Atmos. Sci. 20 (1963); lambda: Sprott (2003)",
        ),
        DynamicalSystem(
            name="rossler",
            description="Rossler (1976) spiral attractor",
            rhs=_rossler,
            parameters={"a": 0.2, "b": 0.2, "c": 5.7},
            initial_state=(1.0, -6.0, 0.1),
            variables=("x", "y", "z"),
            dt=0.06,
            max_step=0.02,
            transient_time=100.0,
            max_lyapunov=0.0714,
            period=5.86,
            reference="Rossler, Phys. Lett. A 57 (1976); lambda: Sprott (2003)",
        ),
        DynamicalSystem(
            name="lorenz96",
            description="Lorenz (1996) atmospheric ring model, 20 sites, F = 8",
            rhs=_lorenz96,
            parameters={"forcing": 8.0},
            initial_state=tuple([8.0 + 0.5 * ((-1) ** i) for i in range(20)]),
            variables=tuple(f"x{i}" for i in range(20)),
            dt=0.02,
            max_step=0.01,
            transient_time=50.0,
            max_lyapunov=1.54,
            period=1.63,
            reference="Lorenz, ECMWF seminar (1996)",
        ),
        DynamicalSystem(
            name="chua",
            description="Chua's circuit, double-scroll attractor",
            rhs=_chua,
            parameters={
                "alpha": 15.6,
                "beta": 28.0,
                "m0": -8.0 / 7.0,
                "m1": -5.0 / 7.0,
            },
            initial_state=(0.7, 0.0, 0.0),
            variables=("x", "y", "z"),
            dt=0.015,
            max_step=0.01,
            transient_time=100.0,
            max_lyapunov=0.45,
            period=1.48,
            reference="Chua, Komuro & Matsumoto, IEEE TCAS 33 (1986)",
        ),
        DynamicalSystem(
            name="duffing",
            description="periodically forced Duffing oscillator (chaotic regime)",
            rhs=_duffing,
            parameters={
                "delta": 0.3,
                "alpha": -1.0,
                "beta": 1.0,
                "gamma": 0.5,
                "omega": 1.2,
            },
            initial_state=(1.0, 0.0, 1.0, 0.0),
            variables=("x", "v", "cos_phase", "sin_phase"),
            dt=0.05,
            max_step=0.01,
            transient_time=100.0,
            max_lyapunov=0.119,
            period=5.236,
            reference="Guckenheimer & Holmes (1983), section 2.2",
        ),
        DynamicalSystem(
            name="van_der_pol",
            description="unforced Van der Pol oscillator, a stable limit cycle",
            rhs=_van_der_pol,
            parameters={"mu": 1.0},
            initial_state=(2.0, 0.0),
            variables=("x", "y"),
            dt=0.07,
            max_step=0.01,
            transient_time=50.0,
            max_lyapunov=0.0,
            period=6.663,
            reference="van der Pol, Phil. Mag. 2 (1926)",
        ),
        DynamicalSystem(
            name="lotka_volterra",
            description="4-species competitive Lotka-Volterra system (chaotic)",
            rhs=_lotka_volterra,
            parameters={"growth": _VANO_GROWTH, "interaction": _VANO_INTERACTION},
            initial_state=(0.3, 0.4, 0.2, 0.3),
            variables=("x1", "x2", "x3", "x4"),
            dt=0.35,
            max_step=0.1,
            transient_time=500.0,
            max_lyapunov=0.0203,
            period=35.1,
            reference="Vano, Wildenberg, Anderson, Noel & Sprott, Nonlinearity (2006)",
        ),
        DynamicalSystem(
            name="mackey_glass",
            description="Mackey-Glass delay equation, tau = 17 (chaotic)",
            rhs=_mackey_glass,
            parameters={"beta": 0.2, "gamma": 0.1, "exponent": 10.0},
            initial_state=(1.2,),
            variables=("x",),
            dt=0.5,
            max_step=0.25,
            transient_time=500.0,
            max_lyapunov=0.0086,
            period=49.8,
            reference="Mackey & Glass, Science 197 (1977); Farmer, Physica D 4 (1982)",
            delay=17.0,
        ),
    ]
}


def get_system(name):
    """Return the :class:`DynamicalSystem` registered under ``name``.

    Parameters
    ----------
    name : str
        One of :func:`list_systems`.

    Returns
    -------
    system : DynamicalSystem
        Equations, default parameters and reference invariants.

    Examples
    --------
    >>> from sklearn_dsr.datasets import get_system
    >>> get_system("lorenz63").max_lyapunov
    0.906
    """
    try:
        return SYSTEMS[name]
    except KeyError:
        raise ValueError(
            f"Unknown system {name!r}; choose one of {sorted(SYSTEMS)}."
        ) from None


def list_systems():
    """Names of the built-in systems.

    Returns
    -------
    names : list of str
        Sorted registry keys.
    """
    return sorted(SYSTEMS)
