"""R NULL, lists and the R objects rbridge cannot use -> Python values."""

from __future__ import annotations

from typing import Any, Callable

from rpy2 import rinterface as ri
from rpy2.rinterface_lib import openrlib

from ..rvalues import ROpaque


def null_to_none(_sexp: Any) -> None:
    return None


def r_class(sexp: ri.Sexp) -> tuple[str, ...]:
    """R's ``class(x)``, implicit classes included (``"function"``, ``"environment"``)."""
    try:
        return tuple(str(c) for c in sexp.rclass)
    except Exception:  # some Sexp kinds have no rclass in rpy2
        return ()


def attribute(sexp: ri.Sexp, name: str) -> Any:
    """An R attribute, or None. Read from the object (``R_do_slot``), not by calling R
    (rpy2's ``.names`` evaluates ``names(x)``): no R evaluation, so no R garbage
    collection can start here, which matters inside an R session (see rbridge.from_r)."""
    try:
        value = sexp.do_slot(name)
    except LookupError:
        return None
    return None if value is ri.NULL else value


def element(r_list: ri.ListSexpVector, i: int) -> Any:
    """Element ``i`` of an R list; NULL as None, read without making an rpy2 object for it
    (each rpy2 object costs an R_PreserveObject, and NULL is half of a typical call)."""
    rlib = openrlib.rlib
    if rlib.VECTOR_ELT(r_list.__sexp__._cdata, i) == rlib.R_NilValue:
        return None
    # rinterface's indexing, not robjects': an robjects ListVector converts its element
    # with the active rpy2 conversion, which may be rbridge's own (the element would come
    # back as a Python value and be converted twice).
    return ri.ListSexpVector.__getitem__(r_list, i)


def list_to_python(sexp: ri.ListSexpVector, convert_item: Callable[[Any], Any]) -> Any:
    """An R list: unnamed -> Python list, named -> dict (as reticulate does).

    ``convert_item`` converts each (non-NULL) item, so nested lists follow the same rules.
    """
    items = [None if item is None else convert_item(item)
             for item in (element(sexp, i) for i in range(len(sexp)))]
    names = attribute(sexp, "names")
    if names is None or not any(str(n) for n in names):
        return items
    return {str(n) if str(n) else str(i + 1): v for i, (n, v) in enumerate(zip(names, items))}


def is_plain(sexp: ri.Sexp) -> bool:
    """No ``class`` attribute: not a factor, data.frame, Date... (whose meaning rpy2's
    converters and the R user's code, not rbridge's rules, give)."""
    return attribute(sexp, "class") is None


def opaque(sexp: ri.Sexp) -> ROpaque:
    """Functions, environments, S4 objects and the like: kept, to be reported by name."""
    return ROpaque(r_class(sexp), sexp)
