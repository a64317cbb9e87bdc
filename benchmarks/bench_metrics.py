"""Metric calibration on the official Lorenz-63 files and metric speed.

Bars (issue 2): D_stsp = 0.119 +- 0.005 (30 bins) and D_H = 0.070 +- 0.003
(sigma = 20) for the noisy train file vs the clean test file; D_stsp of
100k x 3 points < 0.5 s; GMM D_stsp of 10k x 64 points < 10 s.

    python benchmarks/bench_metrics.py --data ../shared/data
"""

import argparse

import numpy as np
from _common import data_dir, load_lorenz, save, timed

from sklearn_dsr.metrics import power_spectrum_distance, state_space_divergence


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data")
    args = parser.parse_args()
    train, test = load_lorenz(data_dir(args.data))
    d_stsp, t_bins = timed(state_space_divergence, test, train, repeat=3)
    d_h, t_h = timed(power_spectrum_distance, test, train, repeat=3)
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((10_000, 64)), 1.1 * rng.standard_normal((10_000, 64))
    _, t_gmm = timed(state_space_divergence, A, B, repeat=2)
    save(
        "metrics",
        {
            "D_stsp(test || train), 30 bins": d_stsp,
            "D_H(test, train), sigma=20": d_h,
            "D_stsp 100k x 3 seconds": t_bins,
            "D_H 100k x 3 seconds": t_h,
            "GMM D_stsp 10k x 64 seconds": t_gmm,
            "bars": {
                "D_stsp": "0.119 +- 0.005",
                "D_H": "0.070 +- 0.003",
                "binned seconds": "< 0.5",
                "GMM seconds": "< 10",
            },
        },
    )


if __name__ == "__main__":
    main()
