"""``layer_conv_1d_transpose()``: the table, the converters, the engine and the dispatch together."""

from __future__ import annotations

from typing import Any

from .compose import compose
from .errors import RMissingArgumentError
from .signature import ARGUMENTS, MISSING, docstring, python_signature

_SIGNATURE = python_signature()


def _to_python(value: Any) -> Any:
    """Convert rpy2 objects with rbridge's converter; plain Python values need no rpy2."""
    module = type(value).__module__
    if module.startswith("rpy2") or isinstance(value, (list, tuple, dict)):
        if module.startswith("rpy2") or _holds_rpy2(value):
            from .convert import to_python  # imported only when R objects are in play

            return to_python(value)
    return value


def _holds_rpy2(value: Any) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return any(type(v).__module__.startswith("rpy2") or (isinstance(v, (list, tuple, dict)) and _holds_rpy2(v))
               for v in items)


def keras_arguments(values: dict[str, Any]) -> dict[str, Any]:
    """R values -> the keyword arguments R keras 2.15 would give Keras's layer, checked.

    Applies each row of the table: converter, missing check, coercer, and R
    keras's rule of dropping some arguments when NULL.
    """
    kwargs: dict[str, Any] = {}
    for argument in ARGUMENTS:
        if argument.coercer is None:  # `object`: dispatch, not a layer argument
            continue
        value = values[argument.name]
        if value is MISSING:
            raise RMissingArgumentError(argument.name)
        value = argument.coercer(_to_python(value), argument.name)
        if value is None and argument.drop_if_null:
            continue
        kwargs[argument.name] = value
    return kwargs


def layer_conv_1d_transpose(*args: Any, **kwargs: Any) -> Any:
    bound = _SIGNATURE.bind(*args, **kwargs)
    bound.apply_defaults()
    values = bound.arguments
    layer_kwargs = keras_arguments(values)
    obj = values["object"]
    obj = obj if obj is MISSING else _to_python(obj)

    from .engine import get_engine  # Keras is imported on the first call, not at `import rbridge`

    engine = get_engine()
    engine.validate(layer_kwargs)
    layer = engine.make_layer(layer_kwargs)
    return compose(engine, layer, obj)


layer_conv_1d_transpose.__signature__ = _SIGNATURE
layer_conv_1d_transpose.__doc__ = docstring(
    "Transposed 1D convolution layer (sometimes called Deconvolution), with R keras 2.15's "
    "signature and semantics.\n\nEvery argument may be a plain Python value or an R object from "
    "rpy2; R's rules apply (as.integer truncation, NULL/NA, shapes as vectors or lists)."
)
