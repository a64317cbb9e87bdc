"""
A recurrent quantum reservoir
=============================

``QuantumReservoirRegressor`` encodes each observation into a small qiskit
circuit with frozen random variational layers; measured probabilities feed
back as the hidden state (an RNN cell made of circuits), and a ridge readout
maps them to the next observation. The exact statevector backend gives the
same features as qiskit's ``Statevector``, much faster; ``backend="aer"``
adds shots and noise models.
"""

import matplotlib.pyplot as plt

from sklearn_dsr import QuantumReservoirRegressor
from sklearn_dsr.datasets import make_lorenz63

X = make_lorenz63(n_steps=3000, dt=0.02, random_state=0, standardize=True)
train, test = X[:2000], X[2000:]
model = QuantumReservoirRegressor(n_qubits=5, dt=0.02, random_state=0).fit(train)
print(model.circuit_.draw(output="text", fold=100))

# %%
# Forecast the held-out part from its first 200 steps (enough to synchronise
# the reservoir, whose washout is 100 steps).
n_context = 200
forecast = model.forecast(test[:n_context], 300)
fig, axes = plt.subplots(3, 1, figsize=(8, 5), sharex=True)
for i, ax in enumerate(axes):
    ax.plot(test[n_context : n_context + 300, i], label="data")
    ax.plot(forecast[:, i], ls="--", label="quantum reservoir")
axes[0].legend(loc="upper right")
axes[-1].set_xlabel("step")
plt.show()
