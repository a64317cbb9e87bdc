"""Koopman-operator methods: EDMD with ResDMD residuals, HAVOK, Koopman VAE."""

from sklearn_dsr.koopman._edmd import KoopmanRegressor
from sklearn_dsr.koopman._havok import HAVOKRegressor
from sklearn_dsr.koopman._kovae import KoopmanVAERegressor
from sklearn_dsr.koopman._observables import RadialBasisObservables

__all__ = [
    "HAVOKRegressor",
    "KoopmanRegressor",
    "KoopmanVAERegressor",
    "RadialBasisObservables",
]
