"""Coercers: one function per kind of R argument, applying R keras 2.15's rules.

Each coercer takes the value (already converted from R by :mod:`rbridge.convert`,
or given as a plain Python value) and the R argument's name, and returns what
Keras should receive, or raises :class:`~rbridge.errors.RArgumentError`. They are
pure: identifiers that only Keras can check (an activation's name, a dtype) are
checked by the engine, still before any layer is made.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .errors import RArgumentError
from .rvalues import NA_integer_, RNA, ROpaque, as_elements, as_integer, is_na, normalize_shape, r_repr

Coercer = Callable[[Any, str], Any]


def _single(value: Any, argument: str, what: str) -> Any:
    """The one element of a length-1 vector or list (R treats both as a scalar here)."""
    elements = as_elements(value) if isinstance(value, (list, tuple, np.ndarray)) else [value]
    if len(elements) != 1:
        raise RArgumentError(argument, r_repr(value), f"must be {what} (a single value)")
    return elements[0]


def _integer(value: Any, argument: str, minimum: int, what: str) -> int:
    element = _single(value, argument, what)
    if element is None:
        raise RArgumentError(argument, r_repr(value), f"must be {what}, not NULL")
    number = as_integer(element, argument)
    if number is NA_integer_:
        raise RArgumentError(
            argument, r_repr(value), f"must be {what}",
            "as.integer() gives NA, which R keras would pass to Keras as -2147483648",
        )
    if number < minimum:
        hint = "" if r_repr(element) == str(number) else f"as.integer({r_repr(element)}) is {number}"
        raise RArgumentError(argument, r_repr(value), f"must be {what}", hint)
    return number


def positive_integer(value: Any, argument: str) -> int:
    """``filters``: ``as.integer(x)``, which must be a strictly positive value."""
    return _integer(value, argument, 1, "a strictly positive integer")


def nullable_positive_integer(value: Any, argument: str) -> int | None:
    """``batch_size``: R keras's ``as_nullable_integer``."""
    return None if value is None else _integer(value, argument, 1, "a strictly positive integer or NULL")


def positive_integer_tuple(value: Any, argument: str) -> tuple[int]:
    """``kernel_size``, ``strides``, ``dilation_rate``: ``as_integer_tuple(x, force_tuple = TRUE)``."""
    return (_integer(value, argument, 1, "a strictly positive integer, or a list of one"),)


def nullable_output_padding(value: Any, argument: str) -> tuple[int] | None:
    """``output_padding``: NULL infers it, else one non-negative integer."""
    if value is None:
        return None
    return (_integer(value, argument, 0, "a non-negative integer, or a list of one, or NULL"),)


def shape(value: Any, argument: str) -> tuple[int | None, ...] | None:
    """``input_shape``, ``batch_input_shape``: R keras's ``normalize_shape``."""
    return normalize_shape(value, argument)


def _string(value: Any, argument: str, what: str) -> str:
    element = _single(value, argument, what)
    if not isinstance(element, str):
        raise RArgumentError(argument, r_repr(value), f"must be {what}")
    return element


def padding(value: Any, argument: str) -> str:
    """``padding``: "valid" or "same", case-insensitive. "causal" is accepted, as R keras does,
    and refused when the layer is called (a transposed convolution cannot be causal)."""
    text = _string(value, argument, 'one of "valid" or "same" (case-insensitive)').lower()
    if text not in ("valid", "same", "causal"):
        raise RArgumentError(argument, r_repr(value), 'must be one of "valid" or "same" (case-insensitive)')
    return text


def data_format(value: Any, argument: str) -> str | None:
    """``data_format``: NULL (channels_last) or one of the two layouts."""
    if value is None:
        return None
    text = _string(value, argument, '"channels_last", "channels_first" or NULL').lower()
    if text not in ("channels_last", "channels_first"):
        raise RArgumentError(argument, r_repr(value), 'must be "channels_last", "channels_first" or NULL')
    return text


def logical(value: Any, argument: str) -> bool:
    """``use_bias``: TRUE or FALSE (numbers as ``as.logical``: 0 is FALSE)."""
    element = _single(value, argument, "TRUE or FALSE")
    if isinstance(element, (bool, np.bool_)):
        return bool(element)
    if isinstance(element, (int, float, np.integer, np.floating)) and not is_na(element):
        return bool(element != 0)
    raise RArgumentError(argument, r_repr(value), "must be TRUE or FALSE")


def nullable_logical(value: Any, argument: str) -> bool | None:
    """``trainable``: TRUE, FALSE or NULL (NULL leaves the Keras default)."""
    return None if value is None else logical(value, argument)


def string_or_null(value: Any, argument: str) -> str | None:
    """``name``, ``dtype``: a single string, or NULL."""
    if value is None:
        return None
    text = _string(value, argument, "a single character string or NULL")
    if not text:
        raise RArgumentError(argument, r_repr(value), "must be a non-empty character string or NULL")
    return text


def keras_object(value: Any, argument: str) -> Any:
    """Activations, initializers, regularizers, constraints: a name ("relu"), a Keras
    object, a Python callable, a config (an R named list with ``class_name``), or NULL.
    Whether a name is known is the engine's check."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        value = _single(value, argument, "a name, a Keras object or NULL")
    if isinstance(value, (RNA, ROpaque)) or isinstance(value, (bool, int, float, np.generic)):
        hint = "R functions cannot run inside TensorFlow" if isinstance(value, ROpaque) else ""
        raise RArgumentError(
            argument, r_repr(value), "must be a name such as \"relu\", a Keras object, a config list or NULL", hint
        )
    if isinstance(value, dict):
        if "class_name" not in value:
            raise RArgumentError(argument, r_repr(value), "a list given here must be a Keras config with `class_name`")
        if value.get("config") in ([], ()):
            # R's empty `list()` has no names, so it arrives as a list; Keras wants a dict.
            value = {**value, "config": {}}
    return value


def weights(value: Any, argument: str) -> list[np.ndarray] | None:
    """``weights``: a list of R arrays (or NumPy arrays): the kernel, then the bias.

    R keras 2.15 rejects a plain R vector without ``dim`` (reticulate hands it
    over as a list of numbers), so rbridge does too, with the fix in the message.
    """
    if value is None:
        return None
    items = [value] if isinstance(value, np.ndarray) else value
    if not isinstance(items, (list, tuple)) or not items:
        raise RArgumentError(argument, r_repr(value), "must be a list of arrays (the kernel, then the bias)")
    arrays = []
    for position, item in enumerate(items, start=1):
        if hasattr(item, "numpy") and not isinstance(item, np.ndarray):
            item = item.numpy()
        if not isinstance(item, np.ndarray):
            raise RArgumentError(
                argument, r_repr(value), f"element {position} must be an array",
                "R keras 2.15 rejects a plain vector without dim: wrap it as array(x)",
            )
        if not (np.issubdtype(item.dtype, np.number) or item.dtype == np.bool_):
            raise RArgumentError(argument, r_repr(value), f"element {position} must be a numeric array")
        # A copy: R values are values, and these are used later (when the layer is built),
        # by which time the caller's R array may have changed in place.
        arrays.append(np.array(item))
    return arrays
