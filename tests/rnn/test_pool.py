"""The work-array pool of the fused roll-out."""

import numpy as np

from sklearn_dsr.rnn._pool import ArrayPool


def test_array_pool_hands_out_each_array_once():
    pool = ArrayPool(max_per_key=1)
    a, b = pool.take((2, 3), np.float32), pool.take((2, 3), np.float32)
    assert a is not b
    pool.give(a, b)  # only one is kept
    assert pool.take((2, 3), np.float32) is a
    assert pool.take((2, 3), np.float32) is not b
    assert pool.take((3, 2), np.float32).shape == (3, 2)


def test_array_pool_keeps_views_with_their_array():
    pool = ArrayPool(max_per_key=1)
    a = pool.take((3, 2), np.float64)
    made = []

    def rows(array):
        made.append(array)
        return list(array)

    first = pool.views(a, "rows", rows)
    assert pool.views(a, "rows", rows) is first and len(made) == 1
    assert all(np.shares_memory(row, a) for row in first)
    b = pool.take((3, 2), np.float64)
    pool.views(b, "rows", rows)
    pool.give(a, b)  # b is not kept, and neither are its views
    assert id(b) not in pool._views and id(a) in pool._views
