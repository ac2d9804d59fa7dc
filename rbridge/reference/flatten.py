"""Flatten: each batch item's values in one axis, in channels-last order."""

from __future__ import annotations

import numpy as np


def flatten(x: np.ndarray, *, channels_first: bool = False) -> np.ndarray:
    """``x`` (batch first) as ``(batch, everything else)``. A channels-first input is read in
    channels-last order (Keras moves the channel axis last first), so that a model's weights
    after Flatten do not depend on the data format; a batch of scalars gives ``(batch, 1)``."""
    x = np.asarray(x)
    if channels_first and x.ndim > 2:
        x = np.moveaxis(x, 1, -1)
    return x.reshape(x.shape[0], -1)
