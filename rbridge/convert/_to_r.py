"""Python -> R: results back to R objects (arrays with dim, NULL, lists, NA)."""

from __future__ import annotations

from typing import Any

import numpy as np
from rpy2 import rinterface as ri

from ..rvalues import NA, NA_character_, NA_integer_, NA_real_, RNA

INT_MAX = 2**31 - 1


def none_to_null(_value: None) -> Any:
    return ri.NULL


def na_to_r(value: RNA) -> Any:
    return {
        NA: ri.BoolSexpVector([ri.NA_Logical]),
        NA_integer_: ri.IntSexpVector([ri.NA_Integer]),
        NA_real_: ri.FloatSexpVector([ri.NA_Real]),
        NA_character_: ri.StrSexpVector([ri.NA_Character]),
    }[value]


def scalar_to_r(value: Any) -> Any:
    if isinstance(value, (bool, np.bool_)):
        return ri.BoolSexpVector([bool(value)])
    if isinstance(value, (int, np.integer)) and abs(int(value)) <= INT_MAX:
        return ri.IntSexpVector([int(value)])
    if isinstance(value, (int, float, np.integer, np.floating)):
        return ri.FloatSexpVector([float(value)])
    if isinstance(value, str):
        return ri.StrSexpVector([value])
    raise NotImplementedError(f"rbridge cannot give R a {type(value).__name__}")


def ndarray_to_r(array: np.ndarray) -> Any:
    """A NumPy array as an R array with ``dim``, so that R's ``x[i, j]`` is ``array[i-1, j-1]``."""
    flat = np.asarray(array).ravel(order="F")  # R's column-major element order
    if array.dtype == np.bool_:
        vector = ri.BoolSexpVector(flat.tolist())
    elif np.issubdtype(array.dtype, np.integer) and (flat.size == 0 or np.abs(flat).max() <= INT_MAX):
        vector = ri.IntSexpVector(flat.astype(np.int32, copy=False))
    elif np.issubdtype(array.dtype, np.number):
        vector = ri.FloatSexpVector(flat.astype(np.float64, copy=False))
    else:
        vector = ri.StrSexpVector([str(v) for v in flat])
    if array.ndim >= 1:
        vector.do_slot_assign("dim", ri.IntSexpVector(list(array.shape)))
    return vector


def tensor_to_r(value: Any) -> Any:
    """A tf.Tensor or anything else with ``.numpy()``: its values as an R array."""
    if hasattr(value, "numpy"):
        return ndarray_to_r(np.asarray(value.numpy()))
    raise NotImplementedError(f"rbridge cannot give R a {type(value).__name__}")
