"""Preprocessing for trajectories: delay embeddings."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

from sklearn_dsr.preprocessing._delay import DelayEmbedding

__all__ = ["DelayEmbedding"]
