import json
import pickle
import zipfile

import numpy as np
import pytest
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sklearn_dsr import load, save
from sklearn_dsr.koopman import HAVOKRegressor, KoopmanRegressor
from sklearn_dsr.persistence import ModelFileError
from sklearn_dsr.reservoir import NGRCRegressor, QuantumReservoirRegressor
from sklearn_dsr.utils.discovery import all_estimators
from tests._instances import FAST_PARAMS


def _fitted_state_equal(a, b):
    """Recursively equal fitted attributes (arrays exactly)."""
    for name, value in vars(a).items():
        if not name.endswith("_") or name.startswith("__") or name == "net_":
            continue
        other = getattr(b, name)
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(value, other, err_msg=name)
        elif isinstance(value, (int, float, str)):
            assert value == other, name


@pytest.mark.parametrize(
    "cls", [cls for _, cls in all_estimators()], ids=lambda c: c.__name__
)
def test_round_trip_is_exact(cls, lorenz63, tmp_path):
    model = cls(**FAST_PARAMS[cls]).fit(lorenz63[:400])
    path = tmp_path / "model.dsr"
    save(model, path)
    loaded = load(path)
    assert type(loaded) is cls
    assert loaded.get_params() == model.get_params()
    _fitted_state_equal(model, loaded)
    X = lorenz63[400:600]
    if hasattr(model, "simulate"):
        np.testing.assert_array_equal(  # short: tiny fits may diverge later
            loaded.simulate(20, random_state=0), model.simulate(20, random_state=0)
        )
        np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    else:  # a transformer
        np.testing.assert_array_equal(loaded.transform(X), model.transform(X))
    if hasattr(model, "history_"):  # torch: the net is rebuilt with its history
        assert len(loaded.history_) == len(model.history_)
        assert loaded.history_[-1, "train_loss"] == model.history_[-1, "train_loss"]
        for p, q in zip(
            model.net_.module_.parameters(), loaded.net_.module_.parameters()
        ):
            np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def test_unfitted_and_nested_estimators(lorenz63, tmp_path):
    unfitted = KoopmanRegressor(observables=StandardScaler())
    save(unfitted, tmp_path / "a.dsr")
    assert load(tmp_path / "a.dsr").get_params()["observables"].__class__ is (
        StandardScaler
    )
    pipe = make_pipeline(StandardScaler(), NGRCRegressor(n_delays=2)).fit(lorenz63)
    save(pipe, tmp_path / "p.dsr")
    np.testing.assert_array_equal(
        load(tmp_path / "p.dsr").predict(lorenz63[:50]), pipe.predict(lorenz63[:50])
    )


def test_learned_havok_forcing_tree_is_rebuilt(lorenz63, tmp_path):
    model = HAVOKRegressor(n_delays=10, rank=4).fit(lorenz63)
    assert model.forcing_model_._tree is not None
    save(model, tmp_path / "h.dsr")
    np.testing.assert_array_equal(
        load(tmp_path / "h.dsr").simulate(200), model.simulate(200)
    )


def test_shot_noise_generator_state_survives(lorenz63, tmp_path):
    model = QuantumReservoirRegressor(n_qubits=3, washout=2, shots=50).fit(
        lorenz63[:200]
    )
    save(model, tmp_path / "q.dsr")
    loaded = load(tmp_path / "q.dsr")

    def gates(circuit):
        return [(g.operation.name, str(g.operation.params)) for g in circuit.data]

    assert gates(loaded.circuit_) == gates(model.circuit_)  # rebuilt from weights_
    np.testing.assert_array_equal(
        loaded.predict(lorenz63[:20]), model.predict(lorenz63[:20])
    )


def test_pickle_still_round_trips_derived_attributes(lorenz63):
    model = QuantumReservoirRegressor(n_qubits=3, washout=2).fit(lorenz63[:200])
    copy = pickle.loads(pickle.dumps(model))
    assert hasattr(model, "_backend")  # pickling must not strip the original
    np.testing.assert_array_equal(copy.simulate(20), model.simulate(20))


def _rewrite(path, out, change):
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, change(name, data))


def test_tampered_files_are_refused(lorenz63, tmp_path):
    path = tmp_path / "m.dsr"
    save(NGRCRegressor(n_delays=2).fit(lorenz63), path)

    def flip_array(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name.endswith(".npy") else data

    _rewrite(path, tmp_path / "t.dsr", flip_array)
    with pytest.raises(ModelFileError, match="checksum"):
        load(tmp_path / "t.dsr")

    def evil_class(name, data):
        if name != "sklearn_dsr.json":
            return data
        manifest = json.loads(data)
        manifest["estimator"]["class"] = "os:system"
        return json.dumps(manifest)

    _rewrite(path, tmp_path / "e.dsr", evil_class)
    with pytest.raises(ModelFileError, match="not one sklearn_dsr may load"):
        load(tmp_path / "e.dsr")

    def extra_member(name, data):
        return data

    _rewrite(path, tmp_path / "x.dsr", extra_member)
    with zipfile.ZipFile(tmp_path / "x.dsr", "a") as archive:
        archive.writestr("payload.pkl", b"\x80\x04")
    with pytest.raises(ModelFileError, match="members do not match"):
        load(tmp_path / "x.dsr")


def test_foreign_files_are_refused(tmp_path):
    np.save(tmp_path / "a.npy", np.zeros(3))
    with pytest.raises(ModelFileError, match="not a zip"):
        load(tmp_path / "a.npy")
    np.savez(tmp_path / "b.npz", x=np.zeros(3))
    with pytest.raises(ModelFileError, match="no manifest"):
        load(tmp_path / "b.npz")
    with zipfile.ZipFile(tmp_path / "c.zip", "w") as archive:
        archive.writestr("sklearn_dsr.json", json.dumps({"format": "other"}))
    with pytest.raises(ModelFileError, match="not an sklearn_dsr model file"):
        load(tmp_path / "c.zip")
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "missing.dsr")


def test_objects_that_cannot_be_saved_safely(lorenz63, tmp_path):
    model = KoopmanRegressor(observables=FunctionTransformer(lambda x: x**2))
    with pytest.raises(TypeError, match="cannot save"):
        save(model, tmp_path / "f.dsr")
    with pytest.raises(TypeError, match="save expects"):
        save(np.zeros(3), tmp_path / "g.dsr")
