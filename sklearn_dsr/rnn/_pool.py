"""A pool of work arrays reused from batch to batch (the fused roll-out's memory)."""

# Authors: The sklearn_dsr developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

__all__ = ["ArrayPool"]


class ArrayPool:
    """Work arrays reused from batch to batch, by shape and dtype.

    A batch of the shPLRNN needs a few megabytes of work arrays. Fresh ones
    every batch made glibc hand the memory back and forth to the kernel, and
    the page faults cost about a third of the roll-out's time on a 2-core VM.
    ``take`` hands out an array that nobody else holds (uninitialised);
    ``give`` returns it. At most ``max_per_key`` arrays of one kind are kept.
    ``views`` keeps the per-step views of a pooled array along with it.
    """

    def __init__(self, max_per_key=2):
        self.max_per_key = max_per_key
        self._free = {}
        self._views = {}  # id(array) -> (array, {key: views})

    def take(self, shape, dtype):
        try:
            # list.pop is atomic: two threads never get the same array
            return self._free[shape, np.dtype(dtype)].pop()
        except (KeyError, IndexError):
            return np.empty(shape, dtype=dtype)

    def give(self, *arrays):
        for array in arrays:
            free = self._free.setdefault((array.shape, array.dtype), [])
            if len(free) < self.max_per_key:
                free.append(array)
            else:
                self._views.pop(id(array), None)

    def views(self, array, key, make):
        """``make(array)``, made once per array and ``key`` and kept with it.

        The same pooled arrays come back batch after batch, and building the
        hundreds of per-step views of a roll-out anew each time cost about a
        tenth of it. The entry holds the array, so its id stays its own.
        """
        entry = self._views.get(id(array))
        if entry is None or entry[0] is not array:
            if len(self._views) > 64:  # arrays never given back: start over
                self._views.clear()
            entry = self._views[id(array)] = (array, {})
        made = entry[1]
        if key not in made:
            made[key] = make(array)
        return made[key]
