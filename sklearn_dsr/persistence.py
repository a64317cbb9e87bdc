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

import hashlib
import importlib
import io
import json
import zipfile
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator

__all__ = ["ModelFileError", "load", "save"]

FORMAT = "sklearn_dsr.model"
FORMAT_VERSION = 1
MANIFEST = "sklearn_dsr.json"
# classes a model file may name; anything else is refused before import
ALLOWED_PACKAGES = ("sklearn_dsr", "sklearn", "pysindy", "skorch", "torch")


class ModelFileError(ValueError):
    """The file is not a valid sklearn_dsr model file (foreign, damaged, modified)."""


# ------------------------------------------------------------------ encoding
def _class_path(cls):
    return f"{cls.__module__}:{cls.__qualname__}"


def _allowed(module):
    return module.split(".")[0] in ALLOWED_PACKAGES


def _import_class(path):
    module, _, qualname = str(path).partition(":")
    if not _allowed(module) or not qualname:
        raise ModelFileError(
            f"The model file names class {path!r}, which is not one sklearn_dsr "
            "may load (only sklearn_dsr, scikit-learn, pysindy, skorch and torch "
            "classes are allowed)."
        )
    try:
        obj = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise ModelFileError(f"Cannot find class {path!r}: {exc}") from None
    if not isinstance(obj, type):
        raise ModelFileError(f"{path!r} is not a class.")
    return obj


class _Encoder:
    """Turns Python values into JSON nodes; arrays go to ``self.arrays``."""

    def __init__(self):
        self.arrays = {}
        self._memo = {}  # id -> reference, so shared objects stay shared

    def array(self, value):
        key = f"a{len(self.arrays)}"
        self.arrays[key] = np.asarray(value)  # np.save keeps Fortran order
        return {"__array__": key}

    def __call__(self, value, where):
        if value is None or isinstance(value, (bool, str, int)):
            return value
        if isinstance(value, float):
            return value if np.isfinite(value) else {"__float__": repr(value)}
        if isinstance(value, np.generic):
            return {"__scalar__": self.array(np.asarray(value))["__array__"]}
        if isinstance(value, type):
            return {"__class__": _class_path(value)}
        if id(value) in self._memo:
            return {"__ref__": self._memo[id(value)]}
        node = self._encode_object(value, where)
        if not isinstance(value, (list, dict, tuple)):  # containers are cheap
            self._memo[id(value)] = len(self._memo)
            node = {"__id__": self._memo[id(value)], **node}
        return node

    def _encode_object(self, value, where):
        if isinstance(value, np.ndarray):
            if value.dtype.hasobject:
                raise TypeError(f"{where}: object arrays cannot be saved.")
            return self.array(value)
        if isinstance(value, tuple):
            return {
                "__tuple__": [self(v, f"{where}[{i}]") for i, v in enumerate(value)]
            }
        if isinstance(value, list) and type(value) is list:
            return {"__list__": [self(v, f"{where}[{i}]") for i, v in enumerate(value)]}
        if isinstance(value, dict) and type(value) is dict:
            return {"__dict__": [[self(k, where), self(v, f"{where}[{k!r}]")]
                                 for k, v in value.items()]}  # fmt: skip
        if sparse.issparse(value):
            csr = sparse.csr_matrix(value)
            return {
                "__sparse__": value.format,
                "parts": [self.array(a) for a in (csr.data, csr.indices, csr.indptr)],
                "shape": list(csr.shape),
            }
        if isinstance(value, np.random.Generator):
            return {"__generator__": self(value.bit_generator.state, where)}
        return self._encode_library_object(value, where)

    def _encode_library_object(self, value, where):
        cls = type(value)
        if not _allowed(cls.__module__):
            raise TypeError(
                f"{where}: cannot save an object of type {cls.__module__}."
                f"{cls.__qualname__}; only arrays, numbers, strings, containers "
                "and sklearn_dsr/scikit-learn/pysindy objects can be saved."
            )
        import torch

        if isinstance(value, torch.Tensor):
            return {"__tensor__": self.array(value.detach().cpu().numpy())}
        if isinstance(value, torch.nn.Module):
            # built again by the owning estimator's _make_module
            state = {k: self(v, where) for k, v in value.state_dict().items()}
            return {"__torch_module__": _class_path(cls), "state": state}
        from skorch import NeuralNet
        from skorch.history import History

        if isinstance(value, History):
            return {"__history__": self(list(value), f"{where}.history")}
        if isinstance(value, NeuralNet):
            return {"__skorch_net__": _class_path(cls), **self._net(value, where)}
        if cls.__name__ in ("KDTree", "BallTree"):
            return {"__tree__": True}  # rebuilt from the owner's _fit_X
        if not hasattr(value, "__dict__"):
            raise TypeError(f"{where}: cannot save {cls.__qualname__} objects.")
        state = value.__getstate__() if hasattr(value, "__getstate__") else None
        state = dict(vars(value) if state is None else state)
        return {
            "__object__": _class_path(cls),
            "state": {k: self(v, f"{where}.{k}") for k, v in state.items()},
        }

    def _net(self, net, where):
        """A skorch net: its simple parameters, module and history."""
        params = {}
        for key, value in net.get_params(deep=False).items():
            if (
                key.startswith("_")
                or key in ("callbacks", "train_split")
                or (callable(value) and not isinstance(value, type))
            ):
                continue  # training-time objects; a loaded net is not refitted
            try:
                params[key] = self(value, f"{where}.{key}")
            except TypeError:
                continue
        return {
            "params": params,
            "module": self(net.module_, f"{where}.module_"),
            "history": self(net.history, f"{where}.history"),
        }


# ------------------------------------------------------------------ decoding
class _Decoder:
    """Inverse of :class:`_Encoder`; ``owner`` builds torch modules."""

    def __init__(self, arrays):
        self.arrays = arrays
        self.owner = None
        self._memo = {}

    def array(self, key):
        if key not in self.arrays:
            raise ModelFileError(f"The model file lacks array {key!r}.")
        return self.arrays[key]

    def __call__(self, node):
        if node is None or isinstance(node, (bool, str, int, float)):
            return node
        if isinstance(node, list) or not isinstance(node, dict):
            raise ModelFileError("Malformed model file: unexpected JSON value.")
        if "__ref__" in node:
            if node["__ref__"] not in self._memo:
                raise ModelFileError("Malformed model file: dangling reference.")
            return self._memo[node["__ref__"]]
        value = self._decode(node)
        if "__id__" in node:
            self._memo[node["__id__"]] = value
        return value

    def _decode(self, node):
        if "__array__" in node:
            return self.array(node["__array__"])
        if "__scalar__" in node:
            return self.array(node["__scalar__"])[()]
        if "__float__" in node:
            return float(node["__float__"])
        if "__class__" in node:
            return _import_class(node["__class__"])
        if "__tuple__" in node:
            return tuple(self(v) for v in node["__tuple__"])
        if "__list__" in node:
            return [self(v) for v in node["__list__"]]
        if "__dict__" in node:
            return {self(k): self(v) for k, v in node["__dict__"]}
        if "__sparse__" in node:
            data, indices, indptr = (self(p) for p in node["parts"])
            matrix = sparse.csr_matrix((data, indices, indptr), shape=node["shape"])
            return matrix.asformat(node["__sparse__"])
        if "__generator__" in node:
            state = self(node["__generator__"])
            generator = np.random.Generator(
                getattr(np.random, state["bit_generator"])()
            )
            generator.bit_generator.state = state
            return generator
        if "__tensor__" in node:
            import torch

            return torch.from_numpy(self(node["__tensor__"]).copy())
        if "__torch_module__" in node:
            return self._module(node)
        if "__history__" in node:
            from skorch.history import History

            return History(self(node["__history__"]))
        if "__skorch_net__" in node:
            return self._net(node)
        if "__tree__" in node:
            return _PENDING_TREE
        if "__object__" in node:
            return self._object(_import_class(node["__object__"]), node["state"])
        raise ModelFileError(f"Malformed model file: unknown node {sorted(node)}.")

    def _object(self, cls, state_node):
        obj = cls.__new__(cls)
        state = {k: self(v) for k, v in state_node.items()}
        if hasattr(obj, "__setstate__"):
            obj.__setstate__(state)
        else:
            obj.__dict__.update(state)
        if state.get("_tree") is _PENDING_TREE:
            _rebuild_tree(obj)
        return obj

    def _module(self, node):
        make = getattr(self.owner, "_make_module", None)
        if make is None:
            raise ModelFileError("A torch module without an estimator to build it.")
        module = make(self.owner.n_features_in_)
        if _class_path(type(module)) != node["__torch_module__"]:
            raise ModelFileError(
                f"The file holds a {node['__torch_module__']} but the estimator "
                f"builds a {_class_path(type(module))}."
            )
        state = {k: self(v) for k, v in node["state"].items()}
        module.load_state_dict(state)
        return module

    def _net(self, node):
        cls = _import_class(node["__skorch_net__"])
        params = {k: self(v) for k, v in node["params"].items()}
        module = self(node["module"])
        net = cls(module, **{k: v for k, v in params.items() if k != "module"})
        net.initialize()
        net.history = self(node["history"])
        return net


_PENDING_TREE = object()


def _rebuild_tree(neighbors):
    """A fitted scikit-learn neighbours model's tree, built as ``fit`` builds it."""
    from sklearn.neighbors import BallTree, KDTree

    tree = KDTree if neighbors._fit_method == "kd_tree" else BallTree
    neighbors._tree = tree(
        neighbors._fit_X,
        neighbors.leaf_size,
        metric=neighbors.effective_metric_,
        **neighbors.effective_metric_params_,
    )


# ------------------------------------------------------------------ public
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
    encoder = _Encoder()
    cls = type(model)
    params = model.get_params(deep=False)
    state = dict(model.__getstate__())  # without what __setstate__ rebuilds
    for name in params:
        state.pop(name, None)
    estimator = {
        "class": _class_path(cls),
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
    cls = _import_class(spec["class"])
    if not issubclass(cls, BaseEstimator):
        raise ModelFileError(f"{path}: {spec['class']} is not an estimator.")
    decoder = _Decoder(arrays)
    model = cls(**{k: decoder(v) for k, v in spec["params"].items()})
    decoder.owner = model
    state = {}
    for name, node in spec["state"].items():
        state[name] = decoder(node)
        # visible at once: torch modules are built from n_features_in_ & co.
        model.__dict__[name] = state[name]
    model.__setstate__({**model.__dict__, **state})
    return model
