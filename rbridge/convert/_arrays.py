"""R arrays and matrices -> NumPy, keeping R's indexing.

R stores arrays column-major: ``x[i, j, k]`` in R is ``a[i-1, j-1, k-1]`` in
NumPy when the NumPy array has Fortran strides over the same memory. rpy2
exposes R's numeric memory through the buffer protocol with exactly those
strides (see :mod:`._memory`), so double and integer arrays become views, not
copies, and each view keeps its R object alive.
"""

from __future__ import annotations

import numpy as np
from rpy2 import rinterface as ri

from ._memory import r_memory
from ._objects import attribute


def r_dim(sexp: ri.SexpVector) -> tuple[int, ...] | None:
    """The ``dim`` attribute of an R vector, or None for a plain vector."""
    dim = attribute(sexp, "dim")
    return None if dim is None else tuple(int(d) for d in dim)


def r_array_to_numpy(sexp: ri.SexpVector) -> np.ndarray:
    """An R array as a NumPy array with R's indexing (a zero-copy view for double/integer).

    Integer NA stays -2147483648 and double NA stays NaN in the array: arrays
    are data, and rbridge's argument rules look at arrays only for their shape
    and type.
    """
    dim = r_dim(sexp)
    if len(sexp) == 0:  # a zero-extent array: R's buffer cannot be viewed
        dtype = np.int32 if isinstance(sexp, ri.IntSexpVector) else np.float64
        return np.zeros(dim, dtype=dtype, order="F")
    if isinstance(sexp, (ri.FloatSexpVector, ri.IntSexpVector)):
        return r_memory(sexp).reshape(dim, order="F")
    if isinstance(sexp, ri.BoolSexpVector):
        return r_memory(sexp).astype(np.bool_).reshape(dim, order="F")
    if isinstance(sexp, ri.ComplexSexpVector):
        return np.asarray([complex(v) for v in sexp], dtype=np.complex128).reshape(dim, order="F")
    # Character arrays: an object array, element by element.
    return np.asarray([None if v is ri.NA_Character else str(v) for v in sexp], dtype=object).reshape(
        dim, order="F"
    )
