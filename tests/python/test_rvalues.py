"""R's value rules (as.integer, NA, normalize_shape) checked against R itself, through rpy2."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from rbridge import RArgumentError, RCoercionWarning
from rbridge.rvalues import NA, NA_integer_, NA_real_, is_na, normalize_shape, as_integer


def r_as_integer(r, value):
    """R's own answer: (integer or None for NA, list of R warning messages)."""
    import rpy2.robjects as ro

    fn = r("""function(x) {
      msgs <- character(0)
      v <- withCallingHandlers(as.integer(x), warning = function(w) {
        msgs <<- c(msgs, conditionMessage(w)); invokeRestart("muffleWarning") })
      list(if (is.na(v)) NULL else v, msgs)
    }""")
    arg = ro.StrVector([value]) if isinstance(value, str) else ro.FloatVector([value])
    out = fn(arg)
    result = None if out[0] is ro.NULL else int(out[0][0])
    return result, list(out[1])


def rbridge_as_integer(value):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = as_integer(value, "filters")
    return (None if result is NA_integer_ else result), [str(w.message) for w in caught
                                                          if w.category is RCoercionWarning]


def _same(r, value):
    expected, r_warnings = r_as_integer(r, value)
    got, our_warnings = rbridge_as_integer(value)
    assert got == expected, value
    assert bool(our_warnings) == bool(r_warnings), (value, our_warnings, r_warnings)
    for ours, theirs in zip(our_warnings, r_warnings):
        assert ours.startswith(theirs)


@given(st.floats(allow_nan=True, allow_infinity=True))
@example(value=2.7)
@example(value=-2.7)
@example(value=2147483647.9)
@example(value=2147483648.0)
@example(value=-2147483648.0)
@example(value=3e9)
@example(value=-0.5)
def test_as_integer_of_doubles_matches_r(r, value):
    _same(r, value)


NUMBERISH = st.text(alphabet="0123456789.eEpP+-xXaAfF \tLNInfinity,_", max_size=10)


@given(st.one_of(NUMBERISH, st.sampled_from(["3", " 3 ", "2.7", "1e3", "0x1A", "-0x10", "Inf", "NaN",
                                              "NA", " NA", "a", "", " ", "3L", "0x.8", "0x10.8", "0x1.8p1", "1e", "-2147483648", "1e10", ".5", "5.", "+4", "TRUE"])))
def test_as_integer_of_strings_matches_r(r, value):
    _same(r, value)


def test_logical_and_integer_inputs():
    assert as_integer(True, "filters") == 1
    assert as_integer(False, "filters") == 0
    assert as_integer(np.int32(7), "filters") == 7
    assert as_integer(NA, "filters") is NA_integer_
    assert as_integer(NA_real_, "filters") is NA_integer_


def test_as_integer_refuses_what_r_cannot_coerce():
    with pytest.raises(RArgumentError, match="`filters`"):
        as_integer(object(), "filters")


@pytest.mark.parametrize("value,expected", [
    ([128, 3], (128, 3)),
    ([128.0, 3.0], (128, 3)),
    ((None, 32), (None, 32)),
    ([None, 32.0], (None, 32)),
    ([NA, 3], (None, 3)),
    ([float("nan"), 3], (None, 3)),
    (10, (10,)),
    (np.array([5.9, 3.2]), (5, 3)),   # as.integer truncation
    (None, None),
])
def test_normalize_shape(value, expected):
    assert normalize_shape(value, "input_shape") == expected


@pytest.mark.parametrize("value", [[], [0, 3], [-1, 3], [[1, 2], 3], ["a", 3], [float("inf"), 3], [3e9, 3]])
@pytest.mark.filterwarnings("ignore::rbridge.RCoercionWarning")  # as R warns on as.integer("a")
def test_normalize_shape_refuses(value):
    with pytest.raises(RArgumentError, match="`input_shape`"):
        normalize_shape(value, "input_shape")



def test_normalize_shape_reads_a_tensor_shape():
    """R's shape(NA, 3) (R tensorflow's TensorShape), which R keras's normalize_shape passes on."""
    import tensorflow as tf
    assert normalize_shape(tf.TensorShape([None, 3]), "input_shape") == (None, 3)
    with pytest.raises(RArgumentError, match="`input_shape`.*known number of dimensions"):
        normalize_shape(tf.TensorShape(None), "input_shape")
    with pytest.raises(RArgumentError, match="`input_shape`.*positive integer"):
        normalize_shape(tf.TensorShape([0, 3]), "input_shape")

def test_is_na():
    assert is_na(NA) and is_na(NA_integer_) and is_na(NA_real_)
    assert not is_na(0) and not is_na("NA") and not is_na(None)
    assert math.isnan(float("nan")) and is_na(float("nan"))
