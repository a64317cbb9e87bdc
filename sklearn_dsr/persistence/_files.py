"""Model files: a zip of ``.npy`` members and a checksummed JSON manifest."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import hashlib
import io
import json
import zipfile
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator

from sklearn_dsr.persistence._codec import (
    Decoder,
    Encoder,
    ModelFileError,
    class_path,
    import_class,
)

__all__ = ["ModelFileError", "load", "save"]

FORMAT = "sklearn_dsr.model"
FORMAT_VERSION = 1
MANIFEST = "sklearn_dsr.json"


def save(model, path):
    """Write a fitted (or unfitted) estimator to ``path`` without pickle.

    Parameters
    ----------
    model : estimator
        An sklearn_dsr estimator (or any scikit-learn estimator built from
        sklearn_dsr, scikit-learn and pysindy parts).
    path : str or Path
        File to write (conventionally ``*.dsr``); overwritten if it exists.

    Raises
    ------
    TypeError
        If the model holds an object that cannot be written safely (for
        example a qiskit-aer ``noise_model`` or a user-defined function).
    """
    if not isinstance(model, BaseEstimator):
        raise TypeError(f"save expects a scikit-learn estimator, got {type(model)}.")
    encoder = Encoder()
    cls = type(model)
    params = model.get_params(deep=False)
    state = dict(model.__getstate__())  # without what __setstate__ rebuilds
    for name in params:
        state.pop(name, None)
    estimator = {
        "class": class_path(cls),
        "params": {k: encoder(v, f"parameter {k}") for k, v in params.items()},
        # integers first: torch modules are rebuilt from n_features_in_
        "state": {k: encoder(v, f"attribute {k}") for k, v in state.items()},
    }
    members = {}
    for key, value in encoder.arrays.items():
        buffer = io.BytesIO()
        np.save(buffer, value, allow_pickle=False)
        members[f"arrays/{key}.npy"] = buffer.getvalue()
    from sklearn_dsr import __version__

    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sklearn_dsr_version": __version__,
        "estimator": estimator,
        "sha256": {k: hashlib.sha256(v).hexdigest() for k, v in members.items()},
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest))
        for name, data in members.items():
            archive.writestr(name, data)


def _read_manifest(archive, path):
    if MANIFEST not in archive.namelist():
        raise ModelFileError(f"{path} is not an sklearn_dsr model file (no manifest).")
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (ValueError, UnicodeDecodeError):
        raise ModelFileError(f"{path}: the manifest is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelFileError(f"{path} is not an sklearn_dsr model file.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(
            f"{path} has format version {manifest.get('format_version')}; this "
            f"sklearn_dsr reads version {FORMAT_VERSION}."
        )
    return manifest


def _read_arrays(archive, manifest, path):
    hashes = manifest.get("sha256", {})
    names = {n for n in archive.namelist() if n != MANIFEST}
    if names != set(hashes):
        raise ModelFileError(
            f"{path} was modified: its members do not match the manifest "
            f"(extra {sorted(names - set(hashes))[:3]}, "
            f"missing {sorted(set(hashes) - names)[:3]})."
        )
    arrays = {}
    for name in sorted(names):
        data = archive.read(name)
        if hashlib.sha256(data).hexdigest() != hashes[name]:
            raise ModelFileError(f"{path} was modified: {name} fails its checksum.")
        try:
            arrays[Path(name).stem] = np.load(io.BytesIO(data), allow_pickle=False)
        except ValueError as exc:
            raise ModelFileError(
                f"{path}: {name} is not a plain array: {exc}"
            ) from None
    return arrays


def load(path):
    """Read an estimator written by :func:`save`; no code in the file runs.

    Parameters
    ----------
    path : str or Path
        A file written by :func:`save`.

    Returns
    -------
    model : estimator
        The estimator, with the parameters and fitted state it was saved
        with: its predictions and simulations equal the original's exactly.
        A torch estimator's ``net_`` is rebuilt around the trained module
        with its history, for inspection (refit the estimator to train on).

    Raises
    ------
    ModelFileError
        If the file is not an sklearn_dsr model file, was modified, or names
        a class outside sklearn_dsr, scikit-learn, pysindy, skorch and torch.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No such model file: {path}")
    if not zipfile.is_zipfile(path):
        raise ModelFileError(f"{path} is not an sklearn_dsr model file (not a zip).")
    with zipfile.ZipFile(path) as archive:
        manifest = _read_manifest(archive, path)
        arrays = _read_arrays(archive, manifest, path)
    spec = manifest.get("estimator")
    if not isinstance(spec, dict) or not {"class", "params", "state"} <= set(spec):
        raise ModelFileError(f"{path}: the manifest has no estimator entry.")
    cls = import_class(spec["class"])
    if not issubclass(cls, BaseEstimator):
        raise ModelFileError(f"{path}: {spec['class']} is not an estimator.")
    decoder = Decoder(arrays)
    model = cls(**{k: decoder(v) for k, v in spec["params"].items()})
    decoder.owner = model
    state = {}
    for name, node in spec["state"].items():
        state[name] = decoder(node)
        # visible at once: torch modules are built from n_features_in_ & co.
        model.__dict__[name] = state[name]
    model.__setstate__({**model.__dict__, **state})
    return model
