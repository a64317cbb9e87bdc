"""Helpers shared by the benchmark scripts: data location and result files."""

import json
import os
import time
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).parent / "results"


def data_dir(arg=None):
    """Folder of the official benchmark files (argument or SKLEARN_DSR_DATA)."""
    path = Path(arg or os.environ.get("SKLEARN_DSR_DATA", "../shared/data"))
    if not (path / "lorenz63_test.npy").exists():
        raise SystemExit(
            f"Benchmark data not found in {path}; "
            "pass --data DIR or set SKLEARN_DSR_DATA"
        )
    return path


def load_lorenz(path):
    train = np.load(path / "lorenz63_on0.05_train.npy").astype(np.float64)
    test = np.load(path / "lorenz63_test.npy").astype(np.float64)
    return train, test


def timed(func, *args, repeat=1, **kwargs):
    """(result, best wall time in seconds) of ``func`` over ``repeat`` runs."""
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = func(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return out, best


def save(name, result):
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, default=float))
    print(json.dumps(result, indent=2, default=float))
