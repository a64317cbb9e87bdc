"""torch helpers: scoped seeding and thread settings (imports torch lazily)."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from contextlib import contextmanager

__all__ = ["torch_seed"]


@contextmanager
def torch_seed(seed, n_threads=1):
    """Seed torch inside the block without touching the caller's global RNG.

    Also limits torch (and numpy's BLAS) to ``n_threads`` threads inside the
    block: the
    latent RNNs run many tiny operations, for which a second thread only adds
    synchronisation cost (and its busy-waiting slows numpy on a 2-core
    machine).
    """
    import torch
    from threadpoolctl import threadpool_limits

    previous = torch.get_num_threads()
    with torch.random.fork_rng(devices=[]), threadpool_limits(limits=n_threads):
        torch.manual_seed(int(seed))
        torch.set_num_threads(n_threads)
        try:
            yield
        finally:
            torch.set_num_threads(previous)
