"""Dataset generation speed, side by side with dysts' make_trajectory.

Bar (issue 2): make_lorenz63(n_steps=100_000, dt=0.01) in < 2 s; dysts needs
about 100 s for 10 000 Lorenz points with its defaults (Radau, tol 1e-12).
dysts runs in this process when importable (``pip install dysts``).

    python benchmarks/bench_datasets.py [--dysts-steps 10000]
"""

import argparse
import warnings

from _common import save, timed

from sklearn_dsr.datasets import list_systems, make_lorenz63, make_system


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dysts-steps", type=int, default=10_000)
    args = parser.parse_args()
    result = {}
    _, result["make_lorenz63 100k steps seconds"] = timed(
        make_lorenz63, 100_000, dt=0.01, random_state=0, repeat=3
    )
    n = args.dysts_steps
    _, ours = timed(make_lorenz63, n, dt=0.01, random_state=0, repeat=3)
    result[f"make_lorenz63 {n} steps seconds"] = ours
    for name in list_systems():
        _, result[f"{name} 10k steps seconds"] = timed(
            make_system, name, 10_000, random_state=0
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from dysts.flows import Lorenz
    except ImportError:
        result["dysts"] = "not installed"
    else:
        # dysts' defaults: Radau at rtol = atol = 1e-12, resampled to 100 points
        # per period; the same number of points as ours
        _, theirs = timed(Lorenz().make_trajectory, n)
        result[f"dysts make_trajectory {n} points seconds"] = theirs
        result["speed-up (dysts / ours)"] = theirs / ours
    save("datasets", result)


if __name__ == "__main__":
    main()
