"""What the leaderboard runs: its data sets and each model's training budget."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sklearn_dsr.utils.discovery import MODEL_NAMES, make_model

__all__ = ["BUDGETS", "MODELS", "SYSTEMS", "Task", "build_model", "make_tasks"]

MODELS = MODEL_NAMES  # every reconstruction model, by its command-line name

# the built-in systems of the leaderboard (issue 7): chaotic flows, a forced
# oscillator, a 20-dimensional ring and a delay equation
SYSTEMS = ["lorenz63", "rossler", "lorenz96", "chua", "duffing", "mackey_glass"]

_TORCH_QUICK = dict(max_epochs=3, batches_per_epoch=5)
# Per-model overrides of the defaults. "quick" is a smoke run for CI (minutes
# for the whole table); "full" trains the torch models for a few minutes each
# so that every cell of the table finishes on a laptop in about an hour.
BUDGETS = {
    "quick": {
        "n_train": 2000,
        "n_test": 2000,
        "params": {
            "alrnn": _TORCH_QUICK,
            "shplrnn": _TORCH_QUICK,
            "kovae": _TORCH_QUICK,
            "stnn": _TORCH_QUICK,
            "esn": dict(n_reservoir=100),
            "quantum": dict(n_qubits=4, washout=20),
            "havok": dict(n_delays=20),
        },
    },
    "full": {
        "n_train": 20_000,
        "n_test": 20_000,
        "params": {
            "alrnn": dict(max_epochs=300),
            # L = 50, the width of the recorded table (the default is 100)
            "shplrnn": dict(max_epochs=300, n_hidden=50),
            "kovae": dict(max_epochs=40),
            "stnn": dict(max_epochs=100),
            "quantum": dict(n_qubits=6),
        },
    },
}


@dataclass
class Task:
    """One data set: training and test trajectories and how to read them."""

    name: str
    train: np.ndarray
    test: np.ndarray
    dt: float
    lyapunov: float | None  # largest exponent per time unit, if chaotic
    n_bins: int = 30  # D_stsp bins per dimension
    real: bool = False


def _builtin(name, n_train, n_test, seed):
    from sklearn_dsr.datasets import get_system, make_system

    system = get_system(name)
    common = dict(dt=system.dt, standardize=True)
    train = make_system(name, n_train, random_state=seed, **common)
    # another initial condition, as in the literature's protocol
    test = make_system(name, n_test, random_state=seed + 1, **common)
    lyap = system.max_lyapunov if system.max_lyapunov > 0 else None
    return Task(name, train, test, system.dt, lyap)


def _files(data_dir, n_train, n_test):
    """The official Lorenz-63 and ECG files, when a data folder is given."""
    data_dir = Path(data_dir)
    tasks = []
    specs = [
        ("lorenz63 (noisy file)", "lorenz63_on0.05_train", "lorenz63_test",
         0.01, 0.906, 30),
        # one ECG channel in a 5-d delay embedding, one sample per step; the
        # field scores it with 8 bins per dimension
        ("ECG (real)", "ECG_pecuzal_5d_train", "ECG_pecuzal_5d_test",
         1.0, None, 8),
    ]  # fmt: skip
    for name, train, test, dt, lyap, bins in specs:
        paths = [data_dir / f"{f}.npy" for f in (train, test)]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise FileNotFoundError(f"Benchmark files not found: {missing}")
        X, Y = (np.load(p, allow_pickle=False).astype(np.float64) for p in paths)
        tasks.append(Task(name, X[:n_train], Y[:n_test], dt, lyap, bins, real=True))
    return tasks


def make_tasks(systems=None, *, budget="quick", data_dir=None, random_state=0):
    """The leaderboard's data sets.

    Parameters
    ----------
    systems : list of str, default=None
        Built-in systems (default: :data:`SYSTEMS`).
    budget : {"quick", "full"}, default="quick"
        Sets the series lengths (:data:`BUDGETS`).
    data_dir : str or Path, default=None
        Folder with the official files; adds the noisy Lorenz-63 and the real
        ECG data sets (the full files are used in the "full" budget).
    random_state : int, default=0

    Returns
    -------
    tasks : list of Task
    """
    spec = BUDGETS[budget]
    tasks = [
        _builtin(name, spec["n_train"], spec["n_test"], random_state)
        for name in (SYSTEMS if systems is None else systems)
    ]
    if data_dir is not None:
        long = budget == "full"
        tasks += _files(
            data_dir,
            100_000 if long else spec["n_train"],
            100_000 if long else spec["n_test"],
        )
    return tasks


def build_model(name, task, *, budget="quick", params=None, random_state=0):
    """A model for ``task`` with the budget's settings and ``params`` on top.

    Parameters
    ----------
    name : str
        A key of :data:`MODELS`.
    task : Task
    budget : {"quick", "full"}, default="quick"
    params : dict, default=None
        Overrides.
    random_state : int, default=0

    Returns
    -------
    model : estimator
    """
    settings = {**BUDGETS[budget]["params"].get(name, {}), **(params or {})}
    return make_model(name, dt=task.dt, random_state=random_state, params=settings)
