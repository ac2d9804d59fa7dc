"""R semantics on plain Python values: NA, ``as.integer``, ``normalize_shape``.

Pure Python (NumPy at most): no rpy2 and no TensorFlow, so every rule here is
testable on its own. The rpy2 converters (:mod:`rbridge.convert`) turn R
objects into the values this module understands:

* R ``NULL`` -> ``None``; an ``NA`` of any type -> one of the :class:`RNA`
  singletons below; a length-1 vector -> a Python scalar; a longer vector
  without ``dim`` -> a list; an array -> a NumPy array with R's indexing;
  anything rbridge cannot use (a function, an environment) -> :class:`ROpaque`.
"""

from __future__ import annotations

import math
import os
import re
import sys
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import RArgumentError, RCoercionWarning

INT_MAX = 2_147_483_647  # .Machine$integer.max; -2^31 is R's NA_integer_


class RNA:
    """R's ``NA`` of one type. Compare with ``is``; truth-testing it is an error, as in R."""

    __slots__ = ("rtype", "_text")

    def __init__(self, rtype: str, text: str):
        self.rtype = rtype
        self._text = text

    def __repr__(self) -> str:
        return self._text

    def __bool__(self) -> bool:
        raise TypeError("missing value where TRUE/FALSE needed (an R NA has no truth value)")

    def __reduce__(self):  # pickling keeps the singletons singletons
        return (_na_of_type, (self.rtype,))


NA = RNA("logical", "NA")
NA_integer_ = RNA("integer", "NA_integer_")
NA_real_ = RNA("double", "NA_real_")
NA_character_ = RNA("character", "NA_character_")
_NA_BY_TYPE = {na.rtype: na for na in (NA, NA_integer_, NA_real_, NA_character_)}


def _na_of_type(rtype: str) -> RNA:
    return _NA_BY_TYPE[rtype]


def is_na(value: Any) -> bool:
    """R's ``is.na`` for one value: any NA, and NaN (which R also counts as NA)."""
    if isinstance(value, RNA):
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


@dataclass(frozen=True)
class ROpaque:
    """An R object that has no Python meaning for rbridge (a function, an environment, ...).

    It is kept, not converted, so that the argument it was given for can report
    it clearly ("Received: activation = <R function>").
    """

    rclass: tuple[str, ...]
    sexp: Any = None

    def __repr__(self) -> str:
        return f"<R {self.rclass[0] if self.rclass else 'object'}>"


# ---------------------------------------------------------------------------
# How R would print a value, for error messages.

def r_repr(value: Any) -> str:
    """The value as an R user would write it: ``NULL``, ``TRUE``, ``4L``, ``c(5, 3)``, ``"a"``."""
    if value is None:
        return "NULL"
    if isinstance(value, (RNA, ROpaque)):
        return repr(value)
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, np.integer)):
        return f"{int(value)}L"
    if isinstance(value, (float, np.floating)):
        return _r_double(float(value))
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, np.ndarray):
        dims = ", ".join(str(d) for d in value.shape)
        return f"<array of {value.dtype}, dim = c({dims})>"
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {r_repr(v)}" for k, v in value.items())
        return f"list({inner})"
    if isinstance(value, (list, tuple)):
        if not value:
            return "list()"
        atomic = all(_is_atomic_scalar(v) for v in value) and len({type(v) for v in value}) == 1
        inner = ", ".join(r_repr(v) for v in value)
        return f"c({inner})" if atomic else f"list({inner})"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _r_double(x: float) -> str:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Inf" if x > 0 else "-Inf"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def _is_atomic_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (RNA, bool, int, float, str, np.generic))


# ---------------------------------------------------------------------------
# as.integer

def as_integer(value: Any, argument: str) -> int | RNA:
    """R's ``as.integer`` on one value: truncation toward zero, NA where R gives NA.

    Emits :class:`RCoercionWarning` where R warns ("NAs introduced by coercion").
    A value R cannot coerce at all (a list, a function) raises :class:`RArgumentError`.
    """
    if isinstance(value, RNA):
        return NA_integer_
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (int, np.integer)):
        return _int_in_range(int(value), argument)
    if isinstance(value, (float, np.floating)):
        return _double_to_integer(float(value), argument)
    if isinstance(value, (complex, np.complexfloating)):
        if value.imag != 0:
            _warn("imaginary parts discarded in coercion", argument)
        return _double_to_integer(float(value.real), argument)
    if isinstance(value, str):
        return _string_to_integer(value, argument)
    raise RArgumentError(argument, r_repr(value), "must be a number that as.integer() can read")


def _int_in_range(x: int, argument: str) -> int | RNA:
    if -INT_MAX <= x <= INT_MAX:
        return x
    _warn("NAs introduced by coercion to integer range", argument)
    return NA_integer_


def _double_to_integer(x: float, argument: str) -> int | RNA:
    if math.isnan(x):
        return NA_integer_  # R gives NA without a warning for NA and NaN
    if math.isinf(x) or abs(x) >= INT_MAX + 1:
        _warn("NAs introduced by coercion to integer range", argument)
        return NA_integer_
    return int(math.trunc(x))


_C_SPACE = " \t\n\v\f\r"  # C's isspace(): what R's isBlankString() skips
_DECIMAL = re.compile(r"(\d*)(?:\.(\d*))?(?:[eE]([+-]?)(\d*))?")
_HEX = re.compile(r"([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?)(\d*))?")


def r_strtod(text: str) -> float | None:
    """R's ``R_strtod`` as ``as.integer``/``as.numeric`` use it on a string; None where R
    cannot read the whole string as a number (R then gives NA with a warning).

    Follows R 4.2's arithmetic.c: optional sign; "NaN", "Inf", "infinity" in any case;
    hex with an optional fraction and binary exponent (the fraction only counts when a
    ``p`` exponent follows); decimals whose exponent may have no digits ("1e" is 1).
    The string "NA" is not read as NA here: R warns on it too.
    """
    body = text.strip(_C_SPACE)
    sign = -1.0 if body.startswith("-") else 1.0
    if body[:1] in "+-":
        body = body[1:]
    lower = body.lower()
    for word, value in (("nan", math.nan), ("infinity", math.inf), ("inf", math.inf)):
        if lower == word:
            return sign * value
    if len(body) > 2 and lower.startswith("0x"):
        match = _HEX.fullmatch(body[2:])
        if not match:
            return None
        whole, fraction, exp_sign, exponent = match.groups()
        mantissa = int((whole + (fraction or "")) or "0", 16)
        if exponent is None:  # no binary exponent: R ignores the point
            return sign * float(mantissa)
        shift = int(exponent or "0") * (-1 if exp_sign == "-" else 1) - 4 * len(fraction or "")
        return sign * math.ldexp(float(mantissa), shift) if mantissa else 0.0
    match = _DECIMAL.fullmatch(body)
    if not match or not (match.group(1) or match.group(2)):
        return None
    whole, fraction, exp_sign, exponent = match.groups()
    return sign * float(f"{whole or '0'}.{fraction or '0'}e{exp_sign or ''}{exponent or '0'}")


def _string_to_integer(text: str, argument: str) -> int | RNA:
    if not text.strip(_C_SPACE):  # R reads a blank string as NA, without a warning
        return NA_integer_
    number = r_strtod(text)
    if number is None:
        _warn("NAs introduced by coercion", argument)
        return NA_integer_
    return _double_to_integer(number, argument)


def _warn(message: str, argument: str) -> None:
    warnings.warn(f"{message} (in `{argument}`)", RCoercionWarning, stacklevel=_user_stacklevel())


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _user_stacklevel() -> int:
    """The stacklevel of the first frame outside rbridge: the warning points at the user's call."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    return level


# ---------------------------------------------------------------------------
# Vectors and shapes

def as_elements(value: Any) -> list[Any]:
    """The elements of an R vector, list or array as a flat list (R's ``lapply`` order)."""
    if isinstance(value, np.ndarray):
        return list(value.ravel(order="F")) if value.ndim else [value.item()]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def normalize_shape(value: Any, argument: str) -> tuple[int | None, ...] | None:
    """R keras's ``normalize_shape``: a vector or list of dimensions; NULL and NA are unknown.

    ``c(128, 3)``, ``list(NULL, 32)``, ``c(NA, 3)`` and Python ``[128, 3]`` or
    ``(None, 32)`` all work. Every known dimension must be a positive integer.
    """
    if value is None:
        return None
    if type(value).__name__ == "TensorShape":  # R's shape(...), which normalize_shape passes on
        if value.rank is None:
            raise RArgumentError(argument, r_repr(value), "must have a known number of dimensions")
        value = tuple(value.as_list())
    elements = as_elements(value)
    if not elements:
        raise RArgumentError(argument, r_repr(value), "must have at least one dimension")
    shape: list[int | None] = []
    for element in elements:
        if element is None or is_na(element):
            shape.append(None)
            continue
        if isinstance(element, (list, tuple, dict, np.ndarray)):
            raise RArgumentError(
                argument, r_repr(value), "must be a vector or list of single dimensions, not nested lists"
            )
        dim = as_integer(element, argument)
        if dim is NA_integer_:  # not NA itself, but nothing as.integer() can read (Inf, 3e9, "a")
            raise RArgumentError(
                argument, r_repr(value), "every dimension must be a positive integer, or NA/NULL for unknown",
                f"as.integer({r_repr(element)}) is NA",
            )
        if dim <= 0:
            raise RArgumentError(
                argument, r_repr(value), "every dimension must be a positive integer, or NA/NULL for unknown"
            )
        else:
            shape.append(dim)
    return tuple(shape)
