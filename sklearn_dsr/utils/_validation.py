"""Validation of time-series input: one trajectory, a 3-D stack, or a list.

Every estimator and metric goes through :func:`check_trajectories`, so shapes,
finiteness, non-numeric columns and too-short series give the same clear errors
everywhere (DESIGN.md, "Errors").
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass, field
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_array, validate_data


@dataclass
class InputForm:
    """How the user passed trajectories, so outputs can be returned the same way.

    Attributes
    ----------
    kind : {"2d", "3d", "list"}
        One trajectory, a 3-D stack of equal-length trajectories, or a list.
    frames : list of (index, columns) or None
        For each trajectory given as a DataFrame, its index and columns.
    """

    kind: str
    frames: list = field(default_factory=list)

    def wrap(self, arrays, *, continue_index=False):
        """Return ``arrays`` (one per trajectory) in the form of the input.

        Parameters
        ----------
        arrays : list of ndarray of shape (n_rows, n_columns)
            One output array per input trajectory.
        continue_index : bool, default=False
            If True, outputs follow the input in time (forecasts): a DataFrame
            output gets an index that continues the input's index.

        Returns
        -------
        out : ndarray, DataFrame or list
        """
        wrapped = []
        for arr, frame in zip(arrays, self.frames or [None] * len(arrays)):
            if frame is None:
                wrapped.append(arr)
                continue
            index, columns = frame
            index = _continued_index(index, len(arr)) if continue_index else index
            wrapped.append(pd.DataFrame(arr, index=index, columns=columns))
        if self.kind == "2d":
            return wrapped[0]
        if self.kind == "3d":
            return np.stack(wrapped)
        return wrapped


def _continued_index(index, n_steps):
    """An index of ``n_steps`` entries that continues ``index`` in time."""
    if len(index) >= 2:
        step = index[-1] - index[-2]
        if isinstance(index, pd.DatetimeIndex):
            return pd.date_range(index[-1] + step, periods=n_steps, freq=step)
        if pd.api.types.is_numeric_dtype(index.dtype):
            return index[-1] + step * np.arange(1, n_steps + 1)
    if len(index) >= 1 and pd.api.types.is_integer_dtype(index.dtype):
        return pd.RangeIndex(index[-1] + 1, index[-1] + 1 + n_steps)
    return pd.RangeIndex(n_steps)


def trajectories_from(X):
    """Split ``X`` into a list of 2-D trajectories without validating values.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_timesteps, n_features), array of
        shape (n_trajectories, n_timesteps, n_features), or list of 2-D arrays
        (possibly of different lengths).

    Returns
    -------
    trajectories : list
        The 2-D trajectories, as given (arrays, DataFrames or nested lists).
    kind : {"2d", "3d", "list"}
        Which of the three forms ``X`` had.
    """
    if isinstance(X, (list, tuple)) and len(X) > 0:
        if all(isinstance(x, pd.DataFrame) or ndim(x) == 2 for x in X):
            return list(X), "list"
    if not isinstance(X, pd.DataFrame) and not hasattr(X, "tocsr") and ndim(X) == 3:
        arr = np.asarray(X)
        return list(arr), "3d"
    return [X], "2d"


def ndim(x):
    """``np.ndim`` that tolerates ragged lists and array-likes without numpy ops."""
    if hasattr(x, "ndim") and hasattr(x, "shape"):
        return x.ndim
    try:
        return np.asarray(x).ndim
    except (ValueError, TypeError):  # ragged nested sequences
        return -1


def _check_numeric_columns(X, name):
    if isinstance(X, pd.DataFrame):
        bad = [
            str(c)
            for c, dtype in X.dtypes.items()
            if not (
                pd.api.types.is_numeric_dtype(dtype)
                and not pd.api.types.is_complex_dtype(dtype)
            )
        ]
        if bad:
            raise ValueError(
                f"{name} has non-numeric columns {bad}; dynamical systems "
                "reconstruction needs numeric state variables. Drop or encode "
                "these columns (e.g. with a ColumnTransformer) before fitting."
            )


def _check_finite(X, name, k, n_trajectories, allow_nan):
    if allow_nan:
        bad = np.isinf(X)
    else:
        bad = ~np.isfinite(X)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        where = f"trajectory {k}, " if n_trajectories > 1 else ""
        what = "infinity" if allow_nan else "NaN or infinity"
        raise ValueError(
            f"Input {name} contains {what} ({where}row {row}, column {col}). "
            "Remove or impute non-finite values before fitting; only "
            "estimators that support missing samples accept NaN."
        )


def check_trajectories(
    estimator,
    X,
    *,
    reset,
    min_timesteps=1,
    allow_nan=False,
    name="X",
):
    """Validate one or several trajectories and set/check ``n_features_in_``.

    Parameters
    ----------
    estimator : estimator instance or None
        Where ``n_features_in_`` and ``feature_names_in_`` are set
        (``reset=True``) or checked (``reset=False``). ``None`` validates values
        only (used by metrics).
    X : array-like, DataFrame, 3-D array or list of 2-D arrays
        The trajectories, see :func:`trajectories_from`.
    reset : bool
        Whether this call defines the number and names of features (``fit``).
    min_timesteps : int, default=1
        Minimum number of time steps of every trajectory.
    allow_nan : bool, default=False
        Whether NaN marks a missing sample (infinity is always an error).
    name : str, default="X"
        Name of the argument, used in error messages.

    Returns
    -------
    trajectories : list of ndarray of shape (n_timesteps, n_features)
        Float64 copies (or views) of the trajectories.
    form : InputForm
        How ``X`` was given, to return outputs in the same form.
    """
    parts, kind = trajectories_from(X)
    arrays, frames = [], []
    for k, part in enumerate(parts):
        _check_numeric_columns(part, name)
        if ndim(part) == 1:
            raise ValueError(
                f"Expected a trajectory of shape (n_timesteps, n_features) for "
                f"{name}, got a 1-D array. Reshape your data with "
                "X.reshape(-1, 1) if it is a single variable."
            )
        check_kwargs = dict(
            dtype=np.float64,
            ensure_all_finite=False,
            ensure_min_samples=1,
            ensure_min_features=1,
        )
        if estimator is None:
            arr = check_array(part, input_name=name, **check_kwargs)
        else:
            arr = validate_data(estimator, part, reset=reset and k == 0, **check_kwargs)
        if arr.ndim != 2:
            raise ValueError(
                f"Expected 2-D trajectories for {name}, got shape {arr.shape}."
            )
        if k > 0 and arr.shape[1] != arrays[0].shape[1]:
            raise ValueError(
                f"All trajectories in {name} must have the same number of "
                f"features; trajectory 0 has {arrays[0].shape[1]}, trajectory "
                f"{k} has {arr.shape[1]}."
            )
        _check_finite(arr, name, k, len(parts), allow_nan)
        if arr.shape[0] < min_timesteps:
            where = f"Trajectory {k} of {name}" if len(parts) > 1 else name
            owner = type(estimator).__name__ if estimator is not None else "This"
            raise ValueError(
                f"{where} has {arr.shape[0]} sample(s) (n_samples = "
                f"{arr.shape[0]} time steps), but {owner} needs at least "
                f"{min_timesteps} time steps. Pass a longer trajectory or "
                "reduce the window/warm-up parameters."
            )
        arrays.append(arr)
        if isinstance(part, pd.DataFrame):
            frames.append((part.index, part.columns))
        else:
            frames.append(None)
    if all(f is None for f in frames):
        frames = []
    return arrays, InputForm(kind=kind, frames=frames)


def check_n_steps(n_steps, name="n_steps", minimum=1):
    """``n_steps`` as an int, or a clear error (not an integer, too small)."""
    if not isinstance(n_steps, Integral) or isinstance(n_steps, bool):
        raise TypeError(f"{name} must be an integer, got {n_steps!r}.")
    if n_steps < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {n_steps}.")
    return int(n_steps)


def check_observed_columns(stacked):
    """Refuse columns with no observed sample (missing-data families)."""
    empty = np.all(np.isnan(stacked), axis=0)
    if empty.any():
        raise ValueError(
            f"Column(s) {np.flatnonzero(empty).tolist()} of X are entirely NaN: "
            "there is nothing to learn about them. Drop them before fitting."
        )


def _trajectory_parts(Y):
    # a 1-D array is one trajectory of one variable, not a list of scalars
    return trajectories_from(Y)[0] if ndim(Y) != 1 else [Y]


def as_trajectory_list(Y):
    """One or several trajectories (1-D allowed) as a list of float arrays."""
    return [np.asarray(p, dtype=float) for p in _trajectory_parts(Y)]


def check_targets(y, trajectories):
    """Validate observer targets ``y`` against the fitted trajectories.

    Returns
    -------
    targets : list of ndarray of shape (n_timesteps, n_targets)
    y_ndim : int
        1 when ``y`` was given as 1-D (predictions are returned 1-D too).
    """
    parts = _trajectory_parts(y)
    if len(parts) != len(trajectories):
        raise ValueError(
            f"y has {len(parts)} trajectories but X has {len(trajectories)}."
        )
    targets = []
    for part, traj in zip(parts, trajectories):
        arr = check_array(part, ensure_2d=False, dtype=np.float64, input_name="y")
        if arr.shape[0] != traj.shape[0]:
            raise ValueError(
                f"Found input variables with inconsistent numbers of samples: "
                f"X has {traj.shape[0]} time steps but y has {arr.shape[0]}."
            )
        targets.append(arr)
    return [t.reshape(len(t), -1) for t in targets], targets[0].ndim
