"""
Equations from data with SINDy
==============================

``SINDyRegressor`` finds a sparse polynomial vector field. On clean Lorenz-63
data it recovers the seven terms of the true equations

.. math::

   \\dot x = 10 (y - x), \\quad \\dot y = x (28 - z) - y, \\quad
   \\dot z = x y - \\tfrac{8}{3} z

with coefficients within a fraction of a percent, and ``simulate`` integrates
the identified equations.
"""

import matplotlib.pyplot as plt
import numpy as np

from sklearn_dsr import SINDyRegressor
from sklearn_dsr.datasets import make_lorenz63

X = make_lorenz63(n_steps=5000, dt=0.002, random_state=0)
model = SINDyRegressor(degree=2, threshold=0.5, dt=0.002).fit(X)
for equation in model.equations():
    print(equation)

# %%
# The coefficient matrix next to the true one.
true = np.zeros_like(model.coef_)
names = model.library_feature_names_
for row, terms in enumerate(
    [
        {"x0": -10, "x1": 10},
        {"x0": 28, "x1": -1, "x0 x2": -1},
        {"x2": -8 / 3, "x0 x1": 1},
    ]
):
    for term, value in terms.items():
        true[row, names.index(term)] = value
print("largest coefficient error:", np.abs(model.coef_ - true).max())

trajectory = model.simulate(5000, x0=X[0])
plt.figure(figsize=(6, 4))
plt.plot(X[:, 0], X[:, 2], lw=0.5, label="data")
plt.plot(trajectory[:, 0], trajectory[:, 2], lw=0.5, ls="--", label="SINDy model")
plt.legend()
plt.show()
