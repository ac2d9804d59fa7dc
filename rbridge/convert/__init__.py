"""rpy2 converters with R's rules, composable with rpy2's own.

``rbridge.convert.converter`` is an rpy2 :class:`~rpy2.robjects.conversion.Converter`:
add it last so that its rules win, and activate it for a block only::

    from rpy2.robjects import default_converter, numpy2ri
    from rpy2.robjects.conversion import localconverter
    import rbridge

    with localconverter(default_converter + numpy2ri.converter + rbridge.converter) as cv:
        value = cv.rpy2py(robjects.r("list(NULL, 32)"))   # [None, 32.0]

R -> Python: ``NULL`` in a list -> None; NA -> :data:`rbridge.rvalues.NA` (and its typed
siblings); length-1 vectors -> scalars; longer vectors -> lists; arrays ->
NumPy views with R's indexing; lists -> list (named: dict).
Python -> R: None -> ``NULL``; NA singletons -> NA; scalars -> length-1
vectors; numeric NumPy arrays and tensors (``tf.Tensor``, anything with ``.numpy()``)
-> R arrays with ``dim``; lists -> R lists; dicts -> named lists.

The rules are narrow (see :mod:`._compose`): they add to the converter they are added
to and never replace its results for anything else. A factor, a data.frame, a Date
(any R vector or list with a ``class`` attribute), an R function, an environment, an S4
object, a string or record NumPy array get what that converter (or rpy2 alone) gives.

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
from ._compose import NarrowConverter, TensorLike, converter_of_all, owns_all  # noqa: E402
from ._vectors import VECTOR_RULES  # noqa: E402

def _plain_vector(rule):
    return (_objects.is_plain, lambda sexp, _items: rule(sexp))


def _list_to_python(sexp: Any, items: Converter) -> Any:
    return _objects.list_to_python(sexp, items.rpy2py)


def _list_to_r(values: list | tuple, items: Converter) -> Any:
    return ri.ListSexpVector([items.py2rpy(v) for v in values])


def _dict_to_r(values: dict, items: Converter) -> Any:
    r_list = ri.ListSexpVector([items.py2rpy(v) for v in values.values()])
    r_list.do_slot_assign("names", ri.StrSexpVector([str(k) for k in values]))
    return r_list


def _numeric_array(array: np.ndarray) -> bool:
    return array.dtype.kind in "biuf"  # strings, objects, records, complex: numpy2ri's


def _value(rule):
    return lambda value, _items: rule(value)


# R -> Python, the objects rbridge owns: atomic vectors and lists with no class attribute
# (a factor, a data.frame, a Date are rpy2's). A NULL inside a list is None; a NULL on its
# own stays rpy2's NULL, because rpy2 itself reads R results through the active converter
# and expects NULL there (rpy2's wrapper of a builtin such as `sum` fails on a None).
_RPY2PY = {cls: _plain_vector(rule) for cls, rule in VECTOR_RULES.items()}
_RPY2PY[ri.ListSexpVector] = (_objects.is_plain, _list_to_python)

# Python -> R: None, NA, scalars, numeric arrays, tensors, lists and dicts.
_PY2RPY = {
    type(None): (owns_all, _value(_to_r.none_to_null)),
    RNA: (owns_all, _value(_to_r.na_to_r)),
    **{cls: (owns_all, _value(_to_r.scalar_to_r))
       for cls in (bool, int, float, str, np.bool_, np.integer, np.floating)},
    np.ndarray: (_numeric_array, _value(_to_r.ndarray_to_r)),
    TensorLike: (owns_all, _value(_to_r.tensor_to_r)),
    list: (owns_all, _list_to_r),
    tuple: (owns_all, _list_to_r),
    dict: (owns_all, _dict_to_r),
}

converter = NarrowConverter("rbridge: R keras 2.15 rules", _RPY2PY, _PY2RPY)

# Only the rule for rbridge's results (tensors): what `%load_ext rbridge.ipython` adds to
# rpy2's magics, whose own rules are left as they are.
results_converter = NarrowConverter("rbridge: tensors to R arrays", {}, {TensorLike: _PY2RPY[TensorLike]})

# rbridge's own reading of arguments (to_python) and giving of results (to_r): every rule
# applies to every object of its class, and what has no Python meaning for a layer
# argument (functions, environments, S4 objects, symbols, formulas, external pointers...)
# stays an opaque value, which every coercer refuses by name.
_opaque = (owns_all, _value(_objects.opaque))
_arguments = converter_of_all(
    "rbridge: arguments and results",
    {**_RPY2PY, ri.NULLType: (owns_all, _value(_objects.null_to_none)), ri.SexpClosure: _opaque, ri.SexpEnvironment: _opaque, ri.SexpS4: _opaque, ri.Sexp: _opaque},
    {**_PY2RPY, ri.Sexp: (owns_all, _value(lambda sexp: sexp)),  # already an R object
     object: (owns_all, _value(_to_r.tensor_to_r))},  # its error names the type
)


def to_python(value: Any) -> Any:
    """Convert one argument: rpy2 objects through :data:`converter`, Python containers
    element by element (``[robjects.NULL, 32]`` works), anything else unchanged.
    Thread-safe: R is entered under :data:`rbridge.rlock.R_LOCK`."""
    with locked():
        return _to_python(value)


def _to_python(value: Any) -> Any:
    if isinstance(value, ri.Sexp):
        return _arguments.rpy2py(value)
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
        return _arguments.py2rpy(value)


__all__ = ["converter", "named_elements", "results_converter", "to_python", "to_r"]
