"""Input checks shared by the metric functions."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn_dsr.utils._validation import check_trajectories


def check_trajectory(X, name, min_timesteps=2):
    """Validate one 2-D trajectory for a metric and return it as float64."""
    trajectories, form = check_trajectories(
        None, X, reset=False, min_timesteps=min_timesteps, name=name
    )
    if form.kind != "2d":
        raise ValueError(
            f"{name} must be a single trajectory of shape (n_timesteps, n_features); "
            "score several trajectories one at a time."
        )
    return trajectories[0]


def check_pair(X_true, X_gen, *, same_length, min_timesteps=2):
    """Validate a reference and a generated trajectory with matching features."""
    X_true = check_trajectory(X_true, "X_true", min_timesteps)
    X_gen = check_trajectory(X_gen, "X_gen", min_timesteps)
    if X_true.shape[1] != X_gen.shape[1]:
        raise ValueError(
            f"X_true has {X_true.shape[1]} features but X_gen has {X_gen.shape[1]}."
        )
    if same_length and len(X_true) != len(X_gen):
        raise ValueError(
            f"X_true has {len(X_true)} time steps but X_gen has {len(X_gen)}; this "
            "measure compares equally long series (slice the longer one)."
        )
    return X_true, X_gen
