"""Training throughput of the AL-RNN: fused kernel vs a per-step PyTorch loop.

Reference configuration (issue 3): M = 20, P = 2, batch 16, windows of 200
steps, sparse teacher forcing every 16 steps, RAdam; one epoch = 50 batches.

* "per-step loop": the textbook implementation -- a Python loop over time
  calling the torch module each step, autograd for BPTT
  (``sklearn_dsr.rnn._forcing.reference_forced_rollout``), RAdam. Run with 1
  and 2 torch threads; the faster counts.
* "sklearn_dsr": ``ALRNNRegressor.fit`` end to end (skorch loop, batch
  sampling, fused forward/BPTT kernel), after one warm-up fit so that one-time
  imports are not counted.

Both run the same model, batch size and maths, interleaved five times (the
machine is noisy); the ratio of the medians is reported.

    python benchmarks/bench_rnn_training.py
"""

import time

import numpy as np
import torch
from _common import save, timed

from sklearn_dsr import ALRNNRegressor
from sklearn_dsr.datasets import make_lorenz63
from sklearn_dsr.rnn._forcing import reference_forced_rollout
from sklearn_dsr.rnn._modules import ALRNNModule

BATCH, SEQ, M, P, INTERVAL, BATCHES = 16, 200, 20, 2, 16, 50


def per_step_loop(data, n_batches, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    module = ALRNNModule(3, M, P)
    optimizer = torch.optim.RAdam(module.parameters(), lr=1e-3)
    X = torch.from_numpy(data.astype(np.float32))
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    for _ in range(n_batches):
        starts = rng.integers(0, len(X) - SEQ - 1, BATCH)
        batch = torch.stack([X[s : s + SEQ + 1] for s in starts])
        optimizer.zero_grad()
        pred = reference_forced_rollout(module, batch, interval=INTERVAL, alpha=1.0)
        loss = torch.nn.functional.mse_loss(pred, batch[:, 1:])
        loss.backward()
        optimizer.step()
    return (time.perf_counter() - start) / n_batches


def estimator(data, n_epochs):
    model = ALRNNRegressor(
        n_latent=M,
        n_pwl=P,
        seq_len=SEQ,
        forcing_interval=INTERVAL,
        batch_size=BATCH,
        batches_per_epoch=BATCHES,
        max_epochs=n_epochs,
        random_state=0,
    )
    start = time.perf_counter()
    model.fit(data)
    return (time.perf_counter() - start) / (n_epochs * BATCHES)


def main():
    data = make_lorenz63(20_000, dt=0.01, random_state=0, standardize=True)
    estimator(data, 1)  # warm-up: one-time imports (torch._dynamo via RAdam)
    loop, ours = [], []
    for _ in range(5):
        loop.append(min(per_step_loop(data, 20, t) for t in (1, 2)))
        ours.append(estimator(data, 8))
    loop_s, ours_s = float(np.median(loop)), float(np.median(ours))
    model = ALRNNRegressor(n_latent=M, n_pwl=P, max_epochs=1, random_state=0).fit(data)
    _, simulate_s = timed(model.simulate, 100_000, repeat=3)
    save(
        "rnn_training",
        {
            "configuration": "AL-RNN M=20 P=2, batch 16, seq 200, STF every 16, RAdam",
            "per-step loop ms/batch": 1e3 * loop_s,
            "sklearn_dsr ms/batch (whole fit)": 1e3 * ours_s,
            "per-step loop epochs/s (50 batches)": 1 / (BATCHES * loop_s),
            "sklearn_dsr epochs/s": 1 / (BATCHES * ours_s),
            "speed-up": loop_s / ours_s,
            "runs (s/batch)": {"per-step loop": loop, "sklearn_dsr": ours},
            "simulate 100k steps (s)": simulate_s,
            "bar": ">= 10x; simulate 100k < 2 s",
        },
    )


if __name__ == "__main__":
    main()
