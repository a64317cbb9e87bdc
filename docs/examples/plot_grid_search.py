"""
Grid search with a DSR scorer
=============================

``GridSearchCV`` works on every sklearn_dsr estimator. With ``TimeSeriesSplit``
each fold trains on the past and is scored on the future; a DSR scorer from
:func:`sklearn_dsr.metrics.get_scorer` lets the model run freely from the
first steps of the held-out fold and compares attractors (D_stsp) instead of
one-step errors, which is what a reconstruction should be judged by.
"""

import matplotlib.pyplot as plt
import pandas as pd
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from sklearn_dsr import ReservoirRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.metrics import get_scorer

X = make_lorenz63(n_steps=6000, dt=0.02, noise=0.02, random_state=0)
search = GridSearchCV(
    ReservoirRegressor(n_reservoir=200, dt=0.02, random_state=0),
    {"alpha": [1e-8, 1e-6, 1e-4], "spectral_radius": [0.4, 0.9]},
    cv=TimeSeriesSplit(3),
    scoring=get_scorer("neg_state_space_divergence"),
)
search.fit(X)
results = pd.DataFrame(search.cv_results_)[
    ["param_alpha", "param_spectral_radius", "mean_test_score"]
]
print(results.sort_values("mean_test_score", ascending=False))
print("best:", search.best_params_)

# %%
# The best model's free-running trajectory next to the data.
trajectory = search.best_estimator_.simulate(5000, transient=500)
fig, axes = plt.subplots(1, 2, figsize=(9, 4), sharex=True, sharey=True)
axes[0].plot(X[:, 0], X[:, 2], lw=0.3)
axes[0].set_title("data")
axes[1].plot(trajectory[:, 0], trajectory[:, 2], lw=0.3, color="C3")
axes[1].set_title("best model, free-running")
plt.show()
