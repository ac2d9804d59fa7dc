"""Zero-copy NumPy views of R vectors' memory, without rpy2's ``memoryview()``.

rpy2 3.5's ``SexpVector.memoryview()`` drops a reference to ``None`` on every call (a
reference-count bug in its buffer code): after enough conversions Python frees ``None``
and aborts ("deallocating None"). A ctypes buffer over R's data pointer gives the same
view without it. Each view's base is that buffer, which holds the rpy2 object, whose
lifetime keeps the R object preserved from R's garbage collector: the memory stays valid
while any view of it exists (rpy2's buffer did not ensure that either). (A holder with
``__array_interface__`` would do the same, but NumPy leaks a reference per array made
that way.)
"""

from __future__ import annotations

import ctypes

import numpy as np
from rpy2 import rinterface as ri
from rpy2.rinterface_lib import openrlib

from ..rlock import Keeper

# R's accessor for each vector type, and the C type of its elements.
_LAYOUT = {
    ri.FloatSexpVector: ("REAL", np.float64),
    ri.IntSexpVector: ("INTEGER", np.int32),
    ri.BoolSexpVector: ("LOGICAL", np.int32),  # R logicals are ints: 0, 1, NA = -2^31
}


def _layout(sexp: ri.SexpVector) -> tuple[str, type]:
    for cls, layout in _LAYOUT.items():  # robjects' FloatVector etc. are subclasses
        if isinstance(sexp, cls):
            return layout
    raise TypeError(f"no numeric memory in an R {type(sexp).__name__}")


def r_memory(sexp: ri.SexpVector) -> np.ndarray:
    """A flat, writable, zero-copy view of a double, integer or logical R vector."""
    accessor, dtype = _layout(sexp)
    n = len(sexp)
    if n == 0:
        return np.zeros(0, dtype=dtype)
    pointer = getattr(openrlib.rlib, accessor)(sexp.__sexp__._cdata)
    address = int(openrlib.ffi.cast("uintptr_t", pointer))
    buffer = (ctypes.c_char * (n * np.dtype(dtype).itemsize)).from_address(address)
    buffer.r_object = Keeper(sexp)  # the view's base keeps the R object alive (see rbridge.rlock)
    return np.frombuffer(buffer, dtype=dtype)
