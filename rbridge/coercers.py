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
from .rvalues import INT_MAX, NA_integer_, RNA, ROpaque, as_elements, as_integer, is_na, normalize_shape, r_repr

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






def shape(value: Any, argument: str) -> tuple[int | None, ...] | None:
    """``input_shape``, ``batch_input_shape``: R keras's ``normalize_shape``."""
    return normalize_shape(value, argument)


def _string(value: Any, argument: str, what: str) -> str:
    element = _single(value, argument, what)
    if not isinstance(element, str):
        raise RArgumentError(argument, r_repr(value), f"must be {what}")
    return element




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


# ---------------------------------------------------------------------------------------------
# The family's coercers. Each is made for one argument of one layer (its rank, its minimum,
# whether R keras reads it with ``as_integer_tuple`` or ``as.integer``): ``padding`` is a mode
# in eleven functions and amounts in three, so coercers are bound per spec, not per name.

def _elements_of(value: Any) -> tuple[list[Any], bool]:
    """The elements of an integer argument and whether it came as a list/tuple (an R list,
    or a vector of length >= 2, which rbridge's converter gives as a Python list)."""
    if isinstance(value, np.ndarray):
        return list(value.ravel(order="F")), True  # as.integer() drops dim, in R's order
    if isinstance(value, (list, tuple)):
        return list(value), True
    return [value], False


def _scalars(elements: list[Any], value: Any, argument: str, what: str) -> list[Any]:
    """R's ``as.integer()`` takes a list only of length-1 elements: ``list(list(2))`` and
    ``list(c(2, 2))`` are R errors ("(list) object cannot be coerced to type 'integer'")."""
    for element in elements:
        if isinstance(element, (list, tuple, dict, np.ndarray)):
            raise RArgumentError(argument, r_repr(value), f"must be {what}",
                                 "as.integer() cannot read a list of vectors or lists")
    return elements


def integer_tuple(rank: int, *, minimum: int = 1, list_is_tuple: bool = True,
                  nullable: bool = False) -> Coercer:
    """``kernel_size``, ``strides``, ``dilation_rate``, ``output_padding``, ``size``: R keras's
    ``as_integer_tuple()`` (``list_is_tuple``: an R list is a tuple, so ``list(3)`` for a 2-D
    layer is a 1-tuple Keras refuses) or ``as.integer()`` (a length-1 list is a scalar). A
    scalar is broadcast to every axis, as Keras does; the result is a tuple of ``rank``."""
    lowest = "non-negative" if minimum == 0 else "strictly positive"
    what = f"a {lowest} integer or {rank} of them" if rank > 1 else f"a {lowest} integer"
    if nullable:
        what += ", or NULL"

    def coerce(value: Any, argument: str) -> tuple[int, ...] | None:
        if value is None:
            if nullable:
                return None
            raise RArgumentError(argument, "NULL", f"must be {what}, not NULL")
        elements, is_sequence = _elements_of(value)
        _scalars(elements, value, argument, what)
        if is_sequence and len(elements) == 1:
            if list_is_tuple and rank > 1:
                raise RArgumentError(
                    argument, r_repr(value), f"must be {what}",
                    f"an R list is a tuple, and this layer needs {rank} values: give one number "
                    f"(used for every axis) or {rank} numbers",
                )
        if len(elements) not in (1, rank):
            raise RArgumentError(argument, r_repr(value), f"must be {what}",
                                 f"{len(elements)} values given for a {rank}-D layer")
        numbers = tuple(_integer(e, argument, minimum, what) for e in elements)
        return numbers * rank if len(numbers) == 1 else numbers

    coerce.__doc__ = integer_tuple.__doc__
    return coerce


def integer_or_pair(*, minimum: int = 0) -> Coercer:
    """1-D ``padding`` (zero padding) and ``cropping``: ``as.integer(x)``, one number (both
    ends) or two (start, end). Returns the pair."""
    what = "a non-negative integer or 2 of them (start, end)"

    def coerce(value: Any, argument: str) -> tuple[int, int]:
        if value is None:
            raise RArgumentError(argument, "NULL", f"must be {what}, not NULL")
        elements = _scalars(_elements_of(value)[0], value, argument, what)
        if len(elements) not in (1, 2):
            raise RArgumentError(argument, r_repr(value), f"must be {what}")
        numbers = tuple(_integer(e, argument, minimum, what) for e in elements)
        return (numbers[0], numbers[0]) if len(numbers) == 1 else numbers  # type: ignore[return-value]

    return coerce


def _is_r_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)) \
        or (isinstance(value, RNA) and value.rtype in ("integer", "double"))


def any_integer(value: Any, argument: str) -> int:
    """``as.integer(x)`` of one value, whatever its sign, NA included (R keras hands NA to Keras
    as -2147483648): for arguments R keras 2.15 accepts when the layer is made and that fail
    only when it runs (``layer_upsampling_1d(size = 0)``); rbridge refuses those when the
    layer is built (engine/preflight.py)."""
    element = _single(value, argument, "an integer")
    if element is None:
        raise RArgumentError(argument, r_repr(value), "must be an integer, not NULL")
    number = as_integer(element, argument)
    return -INT_MAX - 1 if number is NA_integer_ else number


def truthy(value: Any, argument: str) -> Any:
    """ConvLSTM2D's flags (``return_sequences``, ...): R keras 2.15 passes them on as they are
    and Keras tests their truth, so ``"yes"`` works as TRUE there and stays ``"yes"`` in the
    config (recorded). NA and NULL are refused: they have no truth value."""
    element = _single(value, argument, "TRUE or FALSE")
    if element is None or is_na(element) or isinstance(element, (dict, ROpaque)):
        raise RArgumentError(argument, r_repr(value), "must be TRUE or FALSE")
    return bool(element) if isinstance(element, (bool, np.bool_)) else element


def scale(rank: int, *, minimum: int | None = 0) -> Coercer:
    """2-D/3-D ``padding`` (zero padding) and ``cropping``: R keras's ``normalize_scale()``.
    Numbers only (``"1"`` and ``TRUE`` are R errors there): one for every side, ``rank``
    symmetric amounts, or ``rank`` pairs (an R list of length-2 vectors). Returns the form R
    keras hands to Keras: a number, ``rank`` numbers or ``rank`` pairs."""

    def invalid(argument: str, value: Any, hint: str = "") -> RArgumentError:
        # R keras 2.15's own message for every form it refuses.
        return RArgumentError(argument, r_repr(value),
                              f"must be a list of {rank} integers or list of {rank} lists of 2 integers", hint)

    def _amount(element: Any, argument: str) -> int:
        if minimum is not None:
            return _integer(element, argument, minimum, "a non-negative integer")
        return any_integer(element, argument)

    def coerce(value: Any, argument: str) -> int | tuple:
        if value is None:
            raise invalid(argument, value)
        elements, _ = _elements_of(value)
        if all(_is_r_number(e) for e in elements):  # R: every element a length-1 number
            if len(elements) == 1:
                # One number reaches Keras as a number, as R keras passes it: Keras 2.15 makes
                # the layer even with a negative one (recorded), where it refuses negative pairs.
                return _amount(elements[0], argument)
            numbers = [_integer(e, argument, 0, "a non-negative integer") for e in elements]
            if len(numbers) != rank:
                raise invalid(argument, value, f"{len(numbers)} numbers given for a {rank}-D layer")
            return tuple(numbers)
        if not isinstance(value, (list, tuple)):
            raise invalid(argument, value)
        pairs = []
        for element in elements:
            parts, _ = _elements_of(element)
            if len(parts) != 2 or not all(_is_r_number(p) for p in parts):
                raise invalid(argument, value, "each element of the list must be 2 numbers (start, end)")
            first, second = (_integer(p, argument, 0, "a non-negative integer") for p in parts)
            pairs.append((first, second))
        if len(pairs) != rank:
            raise invalid(argument, value, f"{len(pairs)} pairs given for a {rank}-D layer")
        return tuple(pairs)

    return coerce


def padding_mode(*, causal: bool) -> Coercer:
    """``padding`` as a mode: "valid" or "same" (case-insensitive); "causal" only where R keras
    2.15 accepts it when the layer is made (1-D convolutions)."""
    allowed = '"valid", "same" or "causal"' if causal else '"valid" or "same"'
    what = f"one of {allowed} (case-insensitive)"

    def coerce(value: Any, argument: str) -> str:
        text = _string(value, argument, what).lower()
        if text == "causal" and not causal:
            raise RArgumentError(argument, r_repr(value), f"must be {what}",
                                 "causal padding is for 1D convolutions (Conv1D and SeparableConv1D) only")
        if text not in ("valid", "same", "causal"):
            raise RArgumentError(argument, r_repr(value), f"must be {what}")
        return text

    return coerce


def choice(options: tuple[str, ...], *, nullable: bool = False) -> Coercer:
    """A string from a fixed set (``interpolation``), as Keras 2.15 spells them."""
    shown = ", ".join(f'"{o}"' for o in options)
    what = f"one of {shown}" + (" or NULL" if nullable else "")

    def coerce(value: Any, argument: str) -> str | None:
        if value is None and nullable:
            return None
        text = _string(value, argument, what)
        if text not in options:
            raise RArgumentError(argument, r_repr(value), f"must be {what}")
        return text

    return coerce




def fraction(value: Any, argument: str) -> float:
    """``dropout``, ``recurrent_dropout``: a number (Keras clips it to [0, 1])."""
    element = _single(value, argument, "a number between 0 and 1")
    if isinstance(element, (bool, np.bool_)):
        return float(element)
    if not isinstance(element, (int, float, np.integer, np.floating)) or is_na(element):
        raise RArgumentError(argument, r_repr(value), "must be a number between 0 and 1")
    return float(element)


# ---------------------------------------------------------------------------------------------
# The layers around the convolutions (normalization, activation layers, merges, embedding).

def _integers_of(value: Any, argument: str, what: str) -> list[int]:
    """``as.integer(x)`` of every element (NA refused: R keras would hand Keras -2147483648)."""
    if value is None:
        raise RArgumentError(argument, "NULL", f"must be {what}, not NULL")
    elements = _scalars(_elements_of(value)[0], value, argument, what)
    if not elements:
        raise RArgumentError(argument, r_repr(value), f"must be {what}", "an empty vector")
    numbers = []
    for element in elements:
        if element is None:
            raise RArgumentError(argument, r_repr(value), f"must be {what}")
        number = as_integer(element, argument)
        if number is NA_integer_:
            raise RArgumentError(argument, r_repr(value), f"must be {what}",
                                 "as.integer() gives NA, which R keras would pass to Keras as -2147483648")
        numbers.append(number)
    return numbers


def one_based_axis(value: Any, argument: str) -> int | list[int]:
    """``axis`` of layer_batch_normalization(): R keras's ``as_axis()``, 1-based (``2`` is
    Python's 1, negatives kept, ``0`` an R error); a vector becomes a list of axes."""
    what = "a non-zero integer (1-based; negatives count from the end) or several"
    numbers = _integers_of(value, argument, what)
    for number in numbers:
        if number == 0:
            raise RArgumentError(argument, r_repr(value), "is 1-based: 0 is not an axis",
                                 "R keras 2.15: \"`axis` argument is 1 based, received 0\"")
    shifted = [n - 1 if n > 0 else n for n in numbers]
    is_vector = isinstance(value, (list, tuple, np.ndarray)) and len(_elements_of(value)[0]) > 1
    return shifted if is_vector else shifted[0]


def python_axis(value: Any, argument: str) -> int | list[int]:
    """``axis`` of layer_layer_normalization(), layer_activation_softmax(),
    layer_concatenate(): ``as.integer(axis)`` handed to Keras as it is, so 0-based as in
    Python (R keras 2.15 does not shift these); a vector becomes a list."""
    numbers = _integers_of(value, argument, "an integer axis (0-based, as Keras counts) or several")
    is_vector = isinstance(value, (list, tuple, np.ndarray)) and len(_elements_of(value)[0]) > 1
    return numbers if is_vector else numbers[0]


def number(value: Any, argument: str) -> int | float:
    """A number R keras passes on as it is (``momentum``, ``epsilon``, ``alpha``, ``theta``):
    an R double stays a float, an R integer an int."""
    element = _single(value, argument, "a number")
    if isinstance(element, (bool, np.bool_)) or not isinstance(element, (int, float, np.integer, np.floating)) \
            or is_na(element):
        raise RArgumentError(argument, r_repr(value), "must be a number")
    return element.item() if isinstance(element, np.generic) else element


def nullable_number(value: Any, argument: str) -> int | float | None:
    """``max_value`` of layer_activation_relu(): a number or NULL (no cap)."""
    if value is None:
        return None
    element = _single(value, argument, "a number or NULL")
    if isinstance(element, (bool, np.bool_)) or not isinstance(element, (int, float, np.integer, np.floating)) \
            or is_na(element):
        raise RArgumentError(argument, r_repr(value), "must be a number or NULL")
    return element.item() if isinstance(element, np.generic) else element


def shared_axes(value: Any, argument: str) -> list[int] | None:
    """``shared_axes`` of layer_activation_parametric_relu(): NULL (left out) or
    ``as.list(as.integer(x))``, Keras's own axis numbers (1 is the first axis after the batch)."""
    if value is None:
        return None
    what = "axes as Keras numbers them (1 = the first after the batch), or NULL"
    numbers = _integers_of(value, argument, what)
    for n in numbers:
        if n < 1:
            raise RArgumentError(argument, r_repr(value), f"must be {what}", f"{n} is not an axis after the batch")
    return numbers


def dot_axes(value: Any, argument: str) -> int | list[int]:
    """``axes`` of layer_dot(): ``as.integer(axes)``, one axis or two (one per input)."""
    what = "an integer axis or 2 of them (one per input)"
    numbers = _integers_of(value, argument, what)
    if len(numbers) > 2:
        raise RArgumentError(argument, r_repr(value), f"must be {what}", f"{len(numbers)} values given")
    return numbers if len(numbers) == 2 else numbers[0]


def nullable_integer(value: Any, argument: str) -> int | None:
    """``input_length``, ``virtual_batch_size``: R keras's ``as_nullable_integer()``, a
    strictly positive integer or NULL."""
    return None if value is None else _integer(value, argument, 1, "a strictly positive integer or NULL")


def as_is(value: Any, argument: str) -> Any:
    """An argument R keras 2.15 passes on unconverted and Keras reads as it likes
    (``renorm_clipping``): any value but an R NA or an R function."""
    if isinstance(value, (RNA, ROpaque)):
        raise RArgumentError(argument, r_repr(value), "must be a value Keras can read (not NA or an R function)")
    return value


# ---------------------------------------------------------------------------------------------
# The layers around the convolutions, part A (pooling, core, dropout and noise).

def match_arg(choices: tuple[str, ...]) -> Coercer:
    """R's ``match.arg(x, choices)`` (layer_max_pooling_1d()'s ``data_format``): NULL is the
    first choice, a unique prefix is the choice it starts (``"channels_f"``), anything else an
    R error ("'arg' should be one of ...")."""
    shown = ", ".join(f"\u201c{c}\u201d" for c in choices)

    def coerce(value: Any, argument: str) -> str:
        if value is None:
            return choices[0]
        if isinstance(value, (list, tuple)) and list(value) == list(choices):
            return choices[0]  # match.arg(choices, choices): the first
        text = _string(value, argument, f"one of {shown}")
        matches = [c for c in choices if c.startswith(text)] if text else []
        exact = [c for c in choices if c == text]
        if exact:
            return exact[0]
        if len(matches) != 1:
            raise RArgumentError(argument, r_repr(value), f"should be one of {shown}",
                                 "R keras 2.15 reads it with match.arg()")
        return matches[0]

    return coerce


def non_negative_integer(value: Any, argument: str) -> int:
    """``as.integer(x)`` of one value, 0 included (``layer_dense(units = 0)``,
    ``layer_repeat_vector(n = 0)``: Keras 2.15 makes those)."""
    return _integer(value, argument, 0, "a non-negative integer")


def permutation(value: Any, argument: str) -> tuple[int, ...]:
    """``dims`` of layer_permute(): R keras's ``as_integer_tuple(dims, force_tuple = TRUE)``, a
    tuple of Keras's own axis numbers (1 is the first axis after the batch; R keras 2.15 does
    not shift them), which must be a permutation of 1..n (Keras 2.15's own check)."""
    what = "a permutation of 1, 2, ..., n (the axes after the batch)"
    numbers = _integers_of(value, argument, what)
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise RArgumentError(argument, r_repr(value), f"must be {what}",
                             "Keras 2.15: \"Invalid permutation argument `dims` for Permute Layer\"")
    return tuple(numbers)


def nullable_any_integer(value: Any, argument: str) -> int | None:
    """``seed`` where R keras 2.15 applies ``as_nullable_integer()``: NULL or any integer (NA
    refused: R keras would hand Keras -2147483648)."""
    if value is None:
        return None
    element = _single(value, argument, "an integer or NULL")
    number = as_integer(element, argument) if element is not None else None
    if number is None or number is NA_integer_:
        raise RArgumentError(argument, r_repr(value), "must be an integer or NULL",
                             "as.integer() gives NA, which R keras would pass to Keras as -2147483648")
    return number


def nullable_numbers(value: Any, argument: str) -> Any:
    """``noise_shape`` of layer_alpha_dropout(): passed on as R gives it (capture_args() has
    no normalize_shape() for it), numbers or NULL for a dimension taken from the input."""
    if value is None:
        return None
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    for item in items:
        if item is not None and (is_na(item) or isinstance(item, (bool, np.bool_))
                                 or not isinstance(item, (int, float, np.integer, np.floating))):
            raise RArgumentError(argument, r_repr(value), "must be numbers (NULL for a dimension of the input) or NULL")
    return [x.item() if isinstance(x, np.generic) else x for x in items]


def target_shape(value: Any, argument: str) -> tuple[int | None, ...]:
    """``target_shape`` of layer_reshape(): R keras's ``normalize_shape()`` (NA or NULL is an
    unknown size), where ``-1`` is a size for Keras to infer; other negatives are refused."""
    if value is None:
        raise RArgumentError(argument, "NULL", "must be sizes (one of them may be -1), not NULL")
    elements = _scalars(_elements_of(value)[0], value, argument, "sizes (one of them may be -1)")
    dims: list[int | None] = []
    for element in elements:
        if element is None or is_na(element):
            dims.append(None)
            continue
        if isinstance(element, str) or isinstance(element, (bool, np.bool_)):
            raise RArgumentError(argument, r_repr(value), "must be sizes (one of them may be -1)")
        number = as_integer(element, argument)
        if number is NA_integer_ or number < -1:
            raise RArgumentError(argument, r_repr(value), "must be sizes of 0 or more, or -1 for one to infer")
        dims.append(number)
    return tuple(dims)
