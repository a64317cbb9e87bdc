"""JSON nodes and arrays from Python values and back, without pickle.

Values become JSON nodes (``{"__array__": key}``, ``{"__object__": class,
"state": ...}``, ...) and arrays go to a side table; decoding imports only
classes of the allowed packages and fills them through ``__setstate__``.
"""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import importlib

import numpy as np
from scipy import sparse

__all__ = [
    "ALLOWED_PACKAGES",
    "Decoder",
    "Encoder",
    "ModelFileError",
    "class_path",
    "import_class",
]

# classes a model file may name; anything else is refused before import
ALLOWED_PACKAGES = ("sklearn_dsr", "sklearn", "pysindy", "skorch", "torch")


class ModelFileError(ValueError):
    """The file is not a valid sklearn_dsr model file (foreign, damaged, modified)."""


# ------------------------------------------------------------------ encoding
def class_path(cls):
    return f"{cls.__module__}:{cls.__qualname__}"


def _allowed(module):
    return module.split(".")[0] in ALLOWED_PACKAGES


def import_class(path):
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


class Encoder:
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
            return {"__class__": class_path(value)}
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
            return {"__torch_module__": class_path(cls), "state": state}
        from skorch import NeuralNet
        from skorch.history import History

        if isinstance(value, History):
            return {"__history__": self(list(value), f"{where}.history")}
        if isinstance(value, NeuralNet):
            return {"__skorch_net__": class_path(cls), **self._net(value, where)}
        if cls.__name__ in ("KDTree", "BallTree"):
            return {"__tree__": True}  # rebuilt from the owner's _fit_X
        if not hasattr(value, "__dict__"):
            raise TypeError(f"{where}: cannot save {cls.__qualname__} objects.")
        state = value.__getstate__() if hasattr(value, "__getstate__") else None
        state = dict(vars(value) if state is None else state)
        return {
            "__object__": class_path(cls),
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
class Decoder:
    """Inverse of :class:`Encoder`; ``owner`` builds torch modules."""

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
            return import_class(node["__class__"])
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
            return self._object(import_class(node["__object__"]), node["state"])
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
        if class_path(type(module)) != node["__torch_module__"]:
            raise ModelFileError(
                f"The file holds a {node['__torch_module__']} but the estimator "
                f"builds a {class_path(type(module))}."
            )
        state = {k: self(v) for k, v in node["state"].items()}
        module.load_state_dict(state)
        return module

    def _net(self, node):
        cls = import_class(node["__skorch_net__"])
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
