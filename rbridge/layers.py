"""The Python layer functions, one per spec, made in a loop: ``rbridge.layer_conv_2d``
and its siblings. Each binds R's arguments (R's names, order and defaults),
converts R objects, applies each argument's coercer, asks the engine to check and build
the Keras layer, then composes it with ``object`` as R keras does."""

from __future__ import annotations

import difflib
import inspect
from typing import Any, Callable

from .compose import compose
from .errors import RArgumentError, RMissingArgumentError, RUnknownArgumentError
from .rvalues import r_repr
from .specs import MISSING, SPECS, LayerSpec


def _to_python(value: Any) -> Any:
    """Convert rpy2 objects with rbridge's converter; plain Python values need no rpy2."""
    module = type(value).__module__
    if module.startswith("rpy2") or isinstance(value, (list, tuple, dict)):
        if module.startswith("rpy2") or _holds_rpy2(value):
            from .convert import to_python  # imported only when R objects are in play

            return to_python(value)
    return value


def _from_r(value: Any) -> bool:
    """Was this value given as an R object (so errors speak R)?"""
    return type(value).__module__.startswith("rpy2") or (isinstance(value, (list, tuple, dict)) and _holds_rpy2(value))


def _holds_rpy2(value: Any) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return any(type(v).__module__.startswith("rpy2") or (isinstance(v, (list, tuple, dict)) and _holds_rpy2(v))
               for v in items)


# R keras's standard layer arguments, for layer_depthwise_conv_1d()'s `...`: the coercer
# of the same row in the other specs (input_shape, batch_size, ... weights).
def _standard_rows() -> dict:
    from .specs import common

    return {a.name: a for a in common.standard_tail()}


_STANDARD = _standard_rows()


def keras_arguments(spec: LayerSpec, values: dict[str, Any], supplied: set[str] | None = None,
                    dots: dict[str, Any] | None = None) -> dict[str, Any]:
    """R values -> the keyword arguments R keras 2.15 gives Keras's layer, checked.

    Applies each row of the spec: converter, missing check, coercer, and R keras's rule of
    dropping some arguments when NULL. With ``spec.only_supplied`` (capture_args()), only
    the ``supplied`` arguments and the ``dots`` reach Keras.
    """
    kwargs: dict[str, Any] = {}
    for argument in spec.arguments:
        if argument.coercer is None:  # `object` (or `inputs`): dispatch, not a layer argument
            continue
        if spec.only_supplied and supplied is not None and argument.name not in supplied:
            if argument.required:
                raise RMissingArgumentError(argument.name)
            continue
        value = values[argument.name]
        if value is MISSING:
            raise RMissingArgumentError(argument.name)
        try:
            value = argument.coercer(_to_python(value), argument.name)
        except RArgumentError as exc:
            if _from_r(value):
                raise
            raise exc.in_python_notation(value, given=True) from None
        if value is None and argument.drop_if_null:
            continue
        kwargs[argument.name] = value
    own = {a.name: a for a in spec.dots_arguments}  # `...` arguments with the spec's own coercers
    for name, value in (dots or {}).items():
        row = own.get(name) or _STANDARD.get(name)
        if row is None:
            raise RArgumentError(
                name, r_repr(_to_python(value)),
                f"is not an argument {spec.r_name}() can pass on to Keras's {spec.keras_class} through `...`",
                "it takes " + ", ".join([*own, *(n for n in _STANDARD if n not in own)]),
            )
        if name in _UNCONVERTED and name not in own:
            # The named argument's checks first (a dimension or a batch size below 1 is refused,
            # as everywhere else), then the value as R keras 2.15 passes it on: unconverted.
            row.coercer(_to_python(value), name)
            value = _unconverted(name, _to_python(value))
        else:
            value = row.coercer(_to_python(value), name)
        if value is not None or not row.drop_if_null:
            kwargs[name] = value
    return kwargs


def _check_unconverted_shapes(engine: Any, obj: Any, dots: dict[str, Any], spec: LayerSpec) -> None:
    """R keras 2.15 passes the shapes in layer_depthwise_conv_1d()'s `...` on unconverted
    (capture_args() has no normalize_shape() for them): R doubles reach Keras as floats, and
    Keras refuses them when the layer starts a Sequential model ("Dimension value must be
    integer"). rbridge refuses the same calls, before anything is built."""
    if engine.object_kind(obj) != "sequential":
        return
    own = {a.name for a in spec.dots_arguments}  # converted by the spec's own coercers
    for name in ("input_shape", "batch_input_shape"):
        if name in own:
            continue
        value = _to_python(dots.get(name))
        items = value if isinstance(value, (list, tuple)) else [value]
        if any(isinstance(v, float) for v in items):
            raise RArgumentError(
                name, r_repr(value), "must hold integers when given through `...` (R keras 2.15 passes it on "
                "unconverted, and Keras refuses doubles as dimensions)", "write it with integers, e.g. c(10L, 3L)")


# R keras 2.15's capture_args() converts nothing in `...`: shapes and batch sizes reach Keras
# as reticulate gives them (doubles as floats, NA as NaN), and Keras's config shows them so.
# Their values are checked as the named arguments are: R keras 2.15 accepts
# `input_shape = c(-1, 3)` or `batch_size = 0` here only because the shape is ignored when
# the layer is called on an array or a tensor (measured); once the layer starts a model,
# Keras fails ("Dimension -1 must be >= 0"), or declares a batch of no samples.
_UNCONVERTED = ("input_shape", "batch_input_shape", "batch_size")


def _unconverted(name: str, value: Any) -> Any:
    from .rvalues import is_na

    items = value if isinstance(value, (list, tuple)) else [value]
    for item in items:
        if item is not None and not is_na(item) and (isinstance(item, bool) or not isinstance(item, (int, float))):
            raise RArgumentError(name, r_repr(value), "must be numbers (NA or NULL for an unknown dimension)")
    out = [float("nan") if item is not None and is_na(item) else item for item in items]
    return out if isinstance(value, (list, tuple)) else out[0]


def _bind(spec: LayerSpec, signature: inspect.Signature, args: tuple, kwargs: dict) -> inspect.BoundArguments:
    """Python's binding, with R-style messages that name the function and the argument."""
    names = [a.name for a in spec.arguments]
    for key in kwargs:
        if key not in names and not spec.has_dots:
            close = difflib.get_close_matches(key, names, n=1)
            raise RUnknownArgumentError(spec.r_name, key, close[0] if close else None)
    try:
        return signature.bind(*args, **kwargs)
    except TypeError as exc:
        raise RUnknownArgumentError(spec.r_name, None, None, str(exc)) from None


def make_function(spec: LayerSpec) -> Callable[..., Any]:
    """The Python function for one spec."""
    signature = spec.python_signature()

    def layer_function(*args: Any, **kwargs: Any) -> Any:
        bound = _bind(spec, signature, args, kwargs)
        supplied = set(bound.arguments)
        bound.apply_defaults()
        values = dict(bound.arguments)
        dots = values.pop("dots", None)
        # Merge layers: the unnamed arguments in R's `...` are more inputs (Kind.dots_are_inputs).
        more_inputs = [_to_python(v) for v in values.pop("more_inputs", ())]
        kind = spec.operation
        values, more_inputs, supplied = kind.arrange_r_call(spec, values, more_inputs, dots or {}, supplied)
        layer_kwargs = kind.complete_arguments(spec, keras_arguments(spec, values, supplied, dots))
        obj = values[spec.first_argument]  # `object`, or a merge layer's `inputs`
        obj = obj if obj is MISSING else _to_python(obj)

        from .engine import get_engine  # Keras is imported on the first call, not at `import rbridge`

        engine = get_engine()
        try:
            if dots and obj is not MISSING and obj is not None:
                _check_unconverted_shapes(engine, obj, dots, spec)
            engine.validate(spec, layer_kwargs)
            layer = engine.make_layer(spec, layer_kwargs)
            return compose(engine, spec, layer, obj, more_inputs)
        except RArgumentError as exc:
            if any(_from_r(v) for v in [*values.values(), *(dots or {}).values()]):
                raise
            raise exc.in_python_notation() from None

    layer_function.__name__ = layer_function.__qualname__ = spec.r_name
    layer_function.__module__ = __name__
    layer_function.__signature__ = signature  # type: ignore[attr-defined]
    from .specs.docs import docstring

    layer_function.__doc__ = docstring(spec)
    layer_function.spec = spec  # type: ignore[attr-defined]
    return layer_function


FUNCTIONS: dict[str, Callable[..., Any]] = {name: make_function(spec) for name, spec in SPECS.items()}
globals().update(FUNCTIONS)

__all__ = ["FUNCTIONS", "keras_arguments", "make_function", *FUNCTIONS]
