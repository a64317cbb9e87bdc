"""
Symbolic dynamics of an AL-RNN
==============================

An almost-linear RNN with ``n_pwl = 2`` ReLU units has at most four linear
subregions. After training on Lorenz-63 its free-running orbit visits a few of
them; the symbolic summary lists the subregions, their fixed points (real or
virtual, with their stability) and the transition graph between them.

This example trains for 150 epochs (under a minute) so that the documentation
builds quickly; the default ``max_epochs=1000`` trains longer.
"""

import matplotlib.pyplot as plt

from sklearn_dsr import ALRNNRegressor
from sklearn_dsr.datasets import make_lorenz63

X = make_lorenz63(n_steps=10_000, dt=0.01, noise=0.05, random_state=0)
model = ALRNNRegressor(
    n_latent=20, n_pwl=2, dt=0.01, max_epochs=150, random_state=0
).fit(X)
summary = model.symbolic_summary(n_steps=20_000)
print(summary)

# %%
# Each state of the free-running orbit is coloured by the on/off pattern of
# the two ReLU units, its *symbol*.
orbit = summary.orbit  # the analysed orbit, in the data's units
fig = plt.figure(figsize=(6, 5))
ax = fig.add_subplot(projection="3d")
for symbol in sorted(set(summary.symbols)):
    part = orbit[summary.symbols == symbol]
    ax.scatter(*part.T, s=0.3, label=symbol)
ax.legend(title="subregion", markerscale=10)
ax.set_title("AL-RNN orbit by linear subregion")
plt.show()

# %%
# The transition probabilities between the subregions form the symbolic
# graph; the fixed-point table tells which subregions hold a real fixed point.
print(summary.transition_probabilities.round(3))
print(summary.fixed_point_table())

# %%
# Readability against fidelity
# ----------------------------
# Two ReLU units give a code a person can read -- three subregions on
# Lorenz-63 -- but a free run that stays visibly off the attractor (D_stsp
# about 2.4 on the literature's files). More ReLU units buy fidelity:
# ``ALRNNRegressor(n_latent=30, n_pwl=15)`` reaches D_stsp 0.15-0.24 on two
# of three seeds, with about a hundred subregions, whose summary then lists
# the most visited ones. ``sklearn-dsr reconstruct`` uses that model for its
# report; the user guide's pitfalls give the figures.
