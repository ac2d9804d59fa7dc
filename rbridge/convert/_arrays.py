"""R arrays and matrices -> NumPy, keeping R's indexing.

R stores arrays column-major: ``x[i, j, k]`` in R is ``a[i-1, j-1, k-1]`` in
NumPy when the NumPy array has Fortran strides over the same memory. rpy2
exposes R's numeric memory through the buffer protocol with exactly those
strides, so double and integer arrays become views, not copies. A view must
keep its R object alive: rpy2's buffer does not (a view outliving its R object
read freed memory; test_convert checks this), so the view's NumPy base is an
:class:`_RMemory` that holds the rpy2 object, which keeps R's object protected
from R's garbage collector for as long as any view of it exists.
"""

from __future__ import annotations

import numpy as np
from rpy2 import rinterface as ri


class _RMemory:
    """The base of a NumPy view of R memory: the array interface of the view, and the
    rpy2 object whose lifetime (an R_PreserveObject) keeps that memory valid."""

    def __init__(self, sexp: ri.SexpVector, view: np.ndarray):
        self.sexp = sexp
        self.__array_interface__ = view.__array_interface__


def _view(sexp: ri.SexpVector) -> np.ndarray:
    return np.asarray(_RMemory(sexp, np.asarray(sexp.memoryview())))


def r_dim(sexp: ri.SexpVector) -> tuple[int, ...] | None:
    """The ``dim`` attribute of an R vector, or None for a plain vector."""
    try:
        dim = sexp.do_slot("dim")
    except LookupError:
        return None
    return tuple(int(d) for d in dim)


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
        view = _view(sexp)
        if view.shape != dim:  # a length-0 or 1-d memoryview: shape it ourselves
            view = view.reshape(dim, order="F")
        return view
    if isinstance(sexp, ri.BoolSexpVector):
        return np.asarray(sexp.memoryview()).astype(np.bool_).reshape(dim, order="F")
    if isinstance(sexp, ri.ComplexSexpVector):
        return np.asarray([complex(v) for v in sexp], dtype=np.complex128).reshape(dim, order="F")
    # Character arrays: an object array, element by element.
    return np.asarray([None if v is ri.NA_Character else str(v) for v in sexp], dtype=object).reshape(
        dim, order="F"
    )
