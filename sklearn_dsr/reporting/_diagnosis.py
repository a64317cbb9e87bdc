"""Plain-language warnings about a free run: the failures a score hides.

A D_stsp of 16 says the geometry is wrong but not how. The usual ways a
trained model fails to reproduce chaotic data are few and easy to name: its
free run diverges, settles onto a fixed point (often at the centre of a
lobe), or settles onto a regular orbit. A report should say so in words,
with what to try next.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

__all__ = ["diagnose_free_run"]

# The last tenth of the run varying by less than 5 % of the data's spread in
# every variable is a fixed point for any purpose of a report: a chaotic
# orbit sweeps its whole attractor within a few hundred steps.
SETTLED_SPREAD = 0.05
# A largest Lyapunov exponent below a fifth of the data's: the run is regular
# (a cycle or a torus, exponent ~0) rather than a slightly mis-scaled chaos.
REGULAR_LYAPUNOV_RATIO = 0.2
ADVICE = (
    "refit with another random state, other hyper-parameters or more training "
    "(data or epochs)."
)


def diagnose_free_run(truth, generated, result):
    """Warnings about a free-running trajectory, in words.

    Parameters
    ----------
    truth : ndarray of shape (n_timesteps, n_features)
        The held-out data the run is compared with.
    generated : ndarray of shape (n_generated, n_features)
        The free run from the first held-out state (shorter if it diverged).
    result : dict
        Measures of the run: ``diverged_at`` and, when known,
        ``lyapunov_model`` and ``lyapunov_data`` (per time unit).

    Returns
    -------
    warnings : list of str
        One sentence per failure found (empty when none): divergence, a fixed
        point, or a regular orbit where the data are chaotic.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_dsr.datasets import make_lorenz63
    >>> from sklearn_dsr.reporting import diagnose_free_run
    >>> X = make_lorenz63(n_steps=5000, dt=0.01, random_state=0)
    >>> diagnose_free_run(X, X[::-1], {"diverged_at": None})
    []
    >>> stuck = np.tile(X.mean(axis=0), (5000, 1))
    >>> print(diagnose_free_run(X, stuck, {"diverged_at": None})[0][:50])
    The free run settles onto a fixed point while the
    """
    if result.get("diverged_at") is not None:
        return [
            f"The free run diverged after {result['diverged_at']} steps, so its "
            f"geometry and spectrum (D_stsp, D_H) are undefined; {ADVICE}"
        ]
    warnings = []
    motion = settled_motion(truth, generated)
    if motion is not None:
        percent = 100 * motion
        amount = f"at most {percent:.2g} %" if percent >= 0.01 else "less than 0.01 %"
        warnings.append(
            "The free run settles onto a fixed point while the data keep "
            f"moving: over its last tenth its variables vary by {amount} of "
            "the data's spread. The model has learned a spurious stable state; "
            f"{ADVICE}"
        )
        return warnings  # the exponent of a fixed point says nothing more
    model, data = result.get("lyapunov_model"), result.get("lyapunov_data")
    if model is not None and data is not None and data > 0:
        if model < REGULAR_LYAPUNOV_RATIO * data:
            warnings.append(
                f"The model's largest Lyapunov exponent ({model:.3g}) is below "
                f"a fifth of the data's ({data:.3g}): its free run is regular, "
                "a cycle or a torus. If the system is chaotic, the model has "
                f"settled onto a spurious orbit; {ADVICE}"
            )
    return warnings


def settled_motion(truth, generated):
    """How much a run that settles still moves; ``None`` if it does not settle.

    A run settles when, over its last tenth, no variable varies by
    ``SETTLED_SPREAD`` of the data's spread while the data themselves do.

    Returns
    -------
    motion : float or None
        The largest spread of a variable over the run's last tenth, as a
        fraction of the data's spread, for a run that settles.
    """
    truth = np.asarray(truth)
    spread = np.std(truth, axis=0)
    spread = np.where(spread > 0, spread, 1.0)  # a constant variable: absolute
    motion = _tail_motion(generated, spread)
    return motion if motion < SETTLED_SPREAD <= _tail_motion(truth, spread) else None


def _tail_motion(trajectory, spread):
    """Largest spread of a variable over the last tenth, relative to ``spread``."""
    trajectory = np.asarray(trajectory)
    tail = trajectory[-max(1, len(trajectory) // 10) :]
    return float(np.max(np.std(tail, axis=0) / spread))
