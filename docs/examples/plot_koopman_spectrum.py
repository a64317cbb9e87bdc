"""
A Koopman spectrum with residuals
=================================

EDMD approximates the Koopman operator on a dictionary of observables. Some
of its eigenvalues are artefacts of the finite dictionary; ResDMD's residuals
tell them apart. The map

.. math:: x' = 0.9 x, \\qquad y' = 0.5 y + 0.3 x^2

has an exact finite Koopman-invariant subspace, ``{x, y, x^2}``, with
eigenvalues 0.9, 0.5 and 0.81 (plus 1 for the constant). A degree-2 dictionary
contains it, so those eigenvalues come out exactly and with zero residual; the
remaining eigenvalues of the truncated dictionary have large residuals, and
``residual_threshold`` removes them from the model.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.preprocessing import PolynomialFeatures

from sklearn_dsr import KoopmanRegressor

rng = np.random.default_rng(0)
trajectories = []
for _ in range(20):
    x = np.empty((30, 2))
    x[0] = rng.uniform(-1, 1, 2)
    for t in range(29):
        x[t + 1] = 0.9 * x[t, 0], 0.5 * x[t, 1] + 0.3 * x[t, 0] ** 2
    trajectories.append(x)

model = KoopmanRegressor(
    observables=PolynomialFeatures(degree=2), standardize=False
).fit(trajectories)
for lam, res in zip(model.eigenvalues_, model.residuals_):
    print(f"lambda = {lam.real:+.6f}{lam.imag:+.6f}i   residual = {res:.2e}")

# %%
# Eigenvalues coloured by their residual (log scale).
fig, ax = plt.subplots(figsize=(5, 5))
circle = np.exp(1j * np.linspace(0, 2 * np.pi, 200))
ax.plot(circle.real, circle.imag, color="0.7", lw=0.8)
points = ax.scatter(
    model.eigenvalues_.real,
    model.eigenvalues_.imag,
    c=np.log10(np.maximum(model.residuals_, 1e-16)),
    cmap="viridis",
)
fig.colorbar(points, label="log10 residual")
ax.set(aspect="equal", xlabel="Re", ylabel="Im", title="EDMD spectrum")
plt.show()
