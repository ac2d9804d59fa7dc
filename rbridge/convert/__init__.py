"""rpy2 converters with R's rules, composable with rpy2's own.

``rbridge.convert.converter`` is an rpy2 :class:`~rpy2.robjects.conversion.Converter`:
add it last so that its rules win, and activate it for a block only::

    from rpy2.robjects import default_converter, numpy2ri
    from rpy2.robjects.conversion import localconverter
    import rbridge

    with localconverter(default_converter + numpy2ri.converter + rbridge.converter) as cv:
        value = cv.rpy2py(robjects.r("list(NULL, 32)"))   # [None, 32.0]

R -> Python: ``NULL`` -> None; NA -> :data:`rbridge.rvalues.NA` (and its typed
siblings); length-1 vectors -> scalars; longer vectors -> lists; arrays ->
NumPy views with R's indexing; lists -> list (named: dict); functions and
environments -> :class:`rbridge.rvalues.ROpaque`.
Python -> R: None -> ``NULL``; NA singletons -> NA; scalars -> length-1
vectors; NumPy arrays and tensors -> R arrays with ``dim``; lists -> R lists;
dicts -> named lists.

Nothing is activated at import: rbridge converts its own arguments with
:func:`to_python` and never touches rpy2's global conversion.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..rsession import ensure_rpy2

ensure_rpy2()  # before rpy2 is imported here: a missing rpy2 or R gets one clear message

from rpy2 import rinterface as ri  # noqa: E402
from rpy2.robjects.conversion import Converter  # noqa: E402

from ..rlock import locked  # noqa: E402
from ..rvalues import RNA  # noqa: E402
from . import _objects, _to_r  # noqa: E402
from ._vectors import VECTOR_RULES  # noqa: E402

converter = Converter("rbridge: R keras 2.15 rules")

for _cls, _rule in VECTOR_RULES.items():
    converter.rpy2py.register(_cls, _rule)
converter.rpy2py.register(ri.NULLType, _objects.null_to_none)
converter.rpy2py.register(ri.ListSexpVector, _objects.list_converter(
    lambda item: None if item is None else converter.rpy2py(item)))
converter.rpy2py.register(ri.SexpClosure, _objects.opaque)
converter.rpy2py.register(ri.SexpEnvironment, _objects.opaque)
converter.rpy2py.register(ri.SexpS4, _objects.opaque)
# Symbols, calls, formulas, expressions, raw vectors, external pointers...: no Python meaning
# for a layer argument. Kept as opaque values, which every coercer refuses by name
# (rpy2 itself would raise NotImplementedError for them).
converter.rpy2py.register(ri.Sexp, _objects.opaque)


def _list_to_r(values: list | tuple) -> Any:
    return ri.ListSexpVector([converter.py2rpy(v) for v in values])


def _dict_to_r(values: dict) -> Any:
    r_list = ri.ListSexpVector([converter.py2rpy(v) for v in values.values()])
    r_list.do_slot_assign("names", ri.StrSexpVector([str(k) for k in values]))
    return r_list


converter.py2rpy.register(type(None), _to_r.none_to_null)
converter.py2rpy.register(RNA, _to_r.na_to_r)
for _cls in (bool, int, float, str, np.bool_, np.integer, np.floating):
    converter.py2rpy.register(_cls, _to_r.scalar_to_r)
converter.py2rpy.register(np.ndarray, _to_r.ndarray_to_r)
converter.py2rpy.register(list, _list_to_r)
converter.py2rpy.register(tuple, _list_to_r)
converter.py2rpy.register(dict, _dict_to_r)
converter.py2rpy.register(ri.Sexp, lambda sexp: sexp)  # already an R object
converter.py2rpy.register(object, _to_r.tensor_to_r)  # tf.Tensor and friends (duck-typed: no TF import)


def to_python(value: Any) -> Any:
    """Convert one argument: rpy2 objects through :data:`converter`, Python containers
    element by element (``[robjects.NULL, 32]`` works), anything else unchanged.
    Thread-safe: R is entered under :data:`rbridge.rlock.R_LOCK`."""
    with locked():
        return _to_python(value)


def _to_python(value: Any) -> Any:
    if isinstance(value, ri.Sexp):
        return converter.rpy2py(value)
    if isinstance(value, list):
        return [_to_python(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_to_python(v) for v in value)
    if isinstance(value, dict):
        return {k: _to_python(v) for k, v in value.items()}
    return value


def named_elements(r_list: Any) -> dict[str, Any]:
    """The elements of a named R list, unconverted (NULL as None), by name. No R code runs:
    the names are read from the attribute, not through ``names()``."""
    with locked():
        names = _objects.attribute(r_list, "names")
        if names is None:
            return {}
        return {str(n): _objects.element(r_list, i) for i, n in enumerate(names)}


def to_r(value: Any) -> Any:
    """A Python value (a result) as an R object: arrays with ``dim``, NULL, lists, NA.
    Thread-safe, as :func:`to_python`."""
    with locked():
        return converter.py2rpy(value)


__all__ = ["converter", "named_elements", "to_python", "to_r"]
