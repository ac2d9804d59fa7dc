"""Keras's Embedding (what R keras 2.15's layer_embedding() computes), in NumPy.

Each index picks a row of the ``(input_dim, output_dim)`` matrix; indices are 0-based (R
keras 2.15 passes them on unshifted) and truncated towards zero as ``int`` casts do (1.7
is row 1). An index outside ``0 .. input_dim - 1`` is an error, -1 included: Keras 2.15
refuses it (Keras 3 would return the last row).
"""

from __future__ import annotations

import numpy as np


def embedding(indices, embeddings) -> np.ndarray:
    table = np.asarray(embeddings, dtype=np.float64)
    rows = np.trunc(np.asarray(indices, dtype=np.float64)).astype(np.int64)
    bad = (rows < 0) | (rows >= table.shape[0])
    if bad.any():
        raise IndexError(f"indices must be in [0, {table.shape[0]}): {sorted(set(rows[bad].tolist()))}")
    return table[rows]
