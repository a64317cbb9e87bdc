"""Save and load fitted estimators without pickle.

A model file is a zip archive holding ``sklearn_dsr.json`` (the estimator's
class, parameters and fitted state as JSON) and one ``.npy`` member per array
(read with ``allow_pickle=False``). Opening a file runs no code from it: the
JSON names classes, and only classes of sklearn_dsr, scikit-learn, pysindy,
skorch and torch are imported and filled in; every array's SHA-256 is checked
against the manifest, so a modified or foreign file gets a clear error.

Examples
--------
>>> import tempfile, os
>>> import numpy as np
>>> from sklearn_dsr import NGRCRegressor, load, save
>>> from sklearn_dsr.datasets import make_lorenz63
>>> X = make_lorenz63(n_steps=1000, dt=0.02, random_state=0)
>>> model = NGRCRegressor(dt=0.02).fit(X)
>>> path = os.path.join(tempfile.mkdtemp(), "model.dsr")
>>> save(model, path)
>>> np.array_equal(load(path).simulate(50), model.simulate(50))
True
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn_dsr.persistence._codec import ModelFileError
from sklearn_dsr.persistence._files import load, save

__all__ = ["ModelFileError", "load", "save"]
