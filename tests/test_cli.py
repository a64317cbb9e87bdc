import json

import numpy as np
import pytest

from sklearn_dsr import ALRNNRegressor, load
from sklearn_dsr.cli import DEFAULT_MODEL, _build_model, load_array, main


def test_reconstruct_builtin_system(tmp_path, capsys):
    status = main(
        [
            "reconstruct",
            "--model",
            "ngrc",
            "--n-steps",
            "3000",
            "--out",
            str(tmp_path),
            "--quiet",
        ]
    )
    assert status == 0
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    for key in ("D_stsp", "D_H", "VPT", "PE20", "lyapunov_data"):
        assert np.isfinite(metrics[key])
    assert all(isinstance(text, str) for text in metrics["warnings"])
    assert np.load(tmp_path / "generated.npy").shape[1] == 3
    assert "D_stsp" in capsys.readouterr().out
    # the report: both documents, every figure, and a model that loads
    md = (tmp_path / "report.md").read_text()
    for stem in ("attractor", "forecast", "spectra"):
        assert (tmp_path / "figures" / f"{stem}.png").stat().st_size > 10_000
        assert f"figures/{stem}.png" in md
    page = (tmp_path / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 3 and "D_stsp" in page
    model = load(tmp_path / "model.dsr")
    assert model.n_features_in_ == 3


def test_reconstruct_csv_with_header_and_params(tmp_path):
    from sklearn_dsr.datasets import make_rossler

    X = make_rossler(3000, random_state=0)
    path = tmp_path / "data.csv"
    np.savetxt(path, X, delimiter=",", header="a,b,c", comments="")
    assert load_array(path)[1] == ["a", "b", "c"]
    status = main(
        [
            "reconstruct",
            "--data",
            str(path),
            "--model",
            "ngrc",
            "--dt",
            "0.06",
            "--param",
            "alpha=1e-4",
            "--out",
            str(tmp_path / "o"),
            "--quiet",
        ]
    )
    assert status == 0
    metrics = json.loads((tmp_path / "o" / "metrics.json").read_text())
    assert metrics["params"]["alpha"] == "0.0001"


def test_systems_lists_everything(capsys):
    main(["systems"])
    out = capsys.readouterr().out
    assert "lorenz63" in out and "mackey_glass" in out


def test_bad_arguments(tmp_path):
    with pytest.raises(SystemExit):
        main(["reconstruct", "--data", str(tmp_path / "missing.npy")])
    with pytest.raises(SystemExit):
        main(["reconstruct", "--model", "ngrc", "--param", "nonsense", "--quiet"])


def test_reconstruct_alrnn_writes_the_symbolic_summary(tmp_path, capsys):
    params = ["max_epochs=2", "n_latent=6", "seq_len=30", "batches_per_epoch=3"]
    args = [
        "reconstruct",
        "--model",
        "alrnn",
        "--n-steps",
        "1500",
        "--out",
        str(tmp_path),
    ]
    for p in params:
        args += ["--param", p]
    assert main([*args, "--quiet"]) == 0
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["symbolic"]["visited_subregions"] >= 1
    assert "Symbolic summary" in (tmp_path / "symbolic_summary.txt").read_text()
    assert "subregions" in capsys.readouterr().out
    for stem in ("transitions", "subregions"):  # the AL-RNN's own figures
        assert (tmp_path / "figures" / f"{stem}.png").exists()
    assert "Symbolic summary" in (tmp_path / "report.html").read_text()


def test_a_collapsed_free_run_is_named(tmp_path, capsys):
    # two epochs leave the Koopman VAE's linear latent dynamics decaying
    args = ["reconstruct", "--model", "kovae", "--n-steps", "1500"]
    args += ["--param", "max_epochs=2", "--out", str(tmp_path), "--quiet"]
    assert main(args) == 0
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    (warning,) = metrics["warnings"]
    assert "settles onto a fixed point" in warning
    assert f"warning      {warning}" in capsys.readouterr().out
    assert "<h2>Warnings</h2>" in (tmp_path / "report.html").read_text()


def test_default_model_is_the_alrnn():
    assert DEFAULT_MODEL == "alrnn"


def test_fit_errors_name_the_problem(tmp_path):
    X = np.random.default_rng(0).normal(size=(300, 40))
    np.save(tmp_path / "wide.npy", X)
    args = ["reconstruct", "--data", str(tmp_path / "wide.npy"), "--quiet"]
    with pytest.raises(SystemExit, match="n_latent=30 must be at least"):
        main([*args, "--out", str(tmp_path / "out")])
    assert not (tmp_path / "out").exists()  # no empty output folder left


def test_alrnn_preset_applies_as_a_whole():
    model = _build_model("alrnn", {}, 0.01, 0)
    assert (model.n_latent, model.n_pwl) == (30, 15)
    model = _build_model("alrnn", {"n_latent": 6}, 0.01, 0)  # preset dropped
    assert (model.n_latent, model.n_pwl) == (6, ALRNNRegressor().n_pwl)
    model = _build_model("alrnn", {"max_epochs": 3}, 0.01, 0)  # other keys kept
    assert (model.n_latent, model.n_pwl, model.max_epochs) == (30, 15, 3)


def test_benchmark_quick(tmp_path, capsys):
    args = ["benchmark", "--quick", "--models", "ngrc", "sindy"]
    args += ["--systems", "rossler", "duffing", "--n-jobs", "1", "--out", str(tmp_path)]
    assert main([*args, "--quiet"]) == 0
    text = (tmp_path / "leaderboard.md").read_text()
    assert "| rossler |" in text and "| duffing |" in text and "Mean rank" in text
    assert (tmp_path / "leaderboard.csv").exists()
    assert (tmp_path / "leaderboard_D_stsp.png").exists()


@pytest.mark.parametrize(
    ("model", "key"),
    [
        ("sindy", "equations"),
        ("koopman", "koopman_spectrum"),
        ("havok", "havok_forcing"),
    ],
)
def test_reconstruct_interpretable_models(tmp_path, model, key):
    args = [
        "reconstruct",
        "--model",
        model,
        "--n-steps",
        "3000",
        "--out",
        str(tmp_path),
    ]
    if model == "havok":
        args += ["--param", "n_delays=20", "--param", "rank=6"]
    assert main([*args, "--quiet"]) == 0
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics[key]
    if model == "sindy":
        assert "x0' =" in (tmp_path / "equations.txt").read_text()


def test_reconstruct_quantum(tmp_path):
    args = ["reconstruct", "--model", "quantum", "--n-steps", "1500"]
    args += ["--param", "n_qubits=4", "--param", "washout=20", "--out", str(tmp_path)]
    assert main([*args, "--quiet"]) == 0
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["model"] == "QuantumReservoirRegressor"
