"""rbridge's rpy2 converter: R's types and rules in, R objects out, composable with rpy2's own."""

from __future__ import annotations

import numpy as np
import pytest
import rpy2.rinterface as ri
import rpy2.robjects as ro
from rpy2.robjects import default_converter, numpy2ri
from rpy2.robjects.conversion import localconverter

import rbridge
from rbridge.convert import to_python, to_r
from rbridge.rvalues import NA, NA_character_, NA_integer_, NA_real_, ROpaque


@pytest.mark.parametrize("source,expected", [
    ("4", 4.0),
    ("4L", 4),
    ("'relu'", "relu"),
    ("TRUE", True),
    ("NULL", None),
    ("c(5, 3)", [5.0, 3.0]),
    ("c(128L, 3L)", [128, 3]),
    ("list(NULL, 32)", [None, 32.0]),
    ("list(class_name = 'L2', config = list(l2 = 0.01))", {"class_name": "L2", "config": {"l2": 0.01}}),
    ("character(0)", []),
])
def test_r_values_become_python_values(r, source, expected):
    value = to_python(r(source))
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("source,expected", [
    ("NA", NA), ("NA_integer_", NA_integer_), ("NA_real_", NA_real_), ("NA_character_", NA_character_),
])
def test_na_of_each_type_is_its_own_singleton(r, source, expected):
    assert to_python(r(source)) is expected


def test_na_inside_vectors_and_nan_stays_nan(r):
    values = to_python(r("c(NA, 3, NaN)"))
    assert values[0] is NA_real_ and values[1] == 3.0
    assert isinstance(values[2], float) and values[2] != values[2]  # NaN is a number in R, not NA
    assert to_python(r("c(1L, NA)"))[1] is NA_integer_


def test_functions_and_environments_stay_opaque(r):
    assert isinstance(to_python(r("function(x) x")), ROpaque)
    assert isinstance(to_python(r("new.env()")), ROpaque)


def test_r_arrays_keep_r_indexing(r):
    r_array = r("array(seq_len(24), dim = c(2, 3, 4))")
    array = to_python(r_array)
    assert array.shape == (2, 3, 4)
    # x[2, 3, 4] in R (1-based)
    assert array[1, 2, 3] == r("function(x) x[2, 3, 4]")(r_array)[0]
    assert array[0, 1, 0] == 3  # column-major: the first index runs fastest


def test_double_arrays_are_views_of_r_memory(r):
    r_array = r("array(as.double(seq_len(60)), dim = c(3, 4, 5))")
    array = to_python(r_array)
    view = np.asarray(r_array.memoryview())
    assert np.shares_memory(array, view)
    assert array.flags.f_contiguous


def test_matrix_and_empty_array(r):
    assert to_python(r("matrix(1:6, nrow = 2)")).shape == (2, 3)
    assert to_python(r("array(numeric(0), dim = c(0, 3, 2))")).shape == (0, 3, 2)


def test_composes_with_rpy2_converters_in_localconverter(r):
    with localconverter(default_converter + numpy2ri.converter + rbridge.converter) as cv:
        assert cv.rpy2py(r("list(NULL, 32)")) == [None, 32.0]
        assert cv.rpy2py(r("2L")) == 2
        assert cv.rpy2py(r("c(NA, 3)"))[0] is NA_real_
        assert cv.rpy2py(r("matrix(1:6, nrow = 2)")).shape == (2, 3)
        back = cv.py2rpy(np.arange(6, dtype=float).reshape(2, 3))
    assert list(r("dim")(back)) == [2, 3]


# Composition: R objects that are not rbridge's (anything with a class attribute, functions,
# environments, S4 objects) must come out of `rpy2's converters + rbridge.converter` exactly
# as they come out of rpy2's converters alone (the expected value is rpy2's own result).
NOT_RBRIDGES = {
    "closure": "function(x) x + 1",
    "builtin": "sum",
    "data.frame": "data.frame(a = 1:3, b = c(0.5, NA, 2), s = c('x', 'y', 'z'), f = factor(c('u', 'v', 'u')))",
    "factor": "factor(c('lo', 'hi', 'lo'), levels = c('lo', 'hi'))",
    "environment": "local({e <- new.env(); assign('k', 3, envir = e); e})",
    "S4": "methods::setClass('RbridgeTestPoint', representation(x = 'numeric')); "
          "methods::new('RbridgeTestPoint', x = c(1, 2))",
    "Date": "as.Date(c('2020-01-01', '2021-06-30'))",
    "formula": "y ~ x + z",
    "NULL": "NULL",
    "table": "table(c(1L, 1L, 2L))",
}


def _rpy2_bases():
    from rpy2.robjects import pandas2ri

    return {"numpy2ri": default_converter + numpy2ri.converter,
            "numpy2ri+pandas2ri": default_converter + numpy2ri.converter + pandas2ri.converter}


def _same(expected, got):
    """rpy2's result and the composed converter's are the same value of the same type."""
    import pandas as pd

    assert type(got) is type(expected)
    if isinstance(expected, ri.Sexp):  # rpy2 proxies: the same R object, R says so
        assert ri.baseenv.find("identical")(expected, got)[0]  # (rinterface: no conversion)
    elif isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(got, expected)
    elif isinstance(expected, pd.Categorical):
        assert got.equals(expected)
    elif isinstance(expected, np.ndarray):
        assert got.dtype == expected.dtype
        for field in expected.dtype.names or [None]:  # a recarray: field by field (NaN == NaN)
            np.testing.assert_array_equal(got if field is None else got[field],
                                          expected if field is None else expected[field])
    else:
        assert got == expected


@pytest.mark.parametrize("base_name", ["numpy2ri", "numpy2ri+pandas2ri"])
@pytest.mark.parametrize("kind", NOT_RBRIDGES)
def test_rpy2_results_for_r_objects_rbridge_does_not_own(r, base_name, kind):
    base = _rpy2_bases()[base_name]
    obj = r(NOT_RBRIDGES[kind])
    with localconverter(base) as cv:
        expected = cv.rpy2py(obj)
    with localconverter(base + rbridge.converter) as cv:
        got = cv.rpy2py(obj)
        _same(expected, got)
        if kind in ("closure", "builtin"):  # still callable, through the composed converter
            assert got(r("2")) == (3.0 if kind == "closure" else 2.0)
        if kind != "NULL":  # (NULL in a list is rbridge's None)
            # inside a plain list (rbridge's), the element still gets rpy2's result
            _same(expected, cv.rpy2py(ri.baseenv.find("list")(obj))[0])


@pytest.mark.parametrize("kind", ["closure", "data.frame", "factor", "environment", "S4"])
def test_rbridge_converter_alone_gives_rpy2s_default_for_what_it_does_not_own(r, kind):
    obj = r(NOT_RBRIDGES[kind])
    with localconverter(default_converter) as cv:
        expected = cv.rpy2py(obj)
    with localconverter(rbridge.converter) as cv:
        _same(expected, cv.rpy2py(obj))


def test_python_objects_rbridge_does_not_own_keep_rpy2s_rules(r):
    import pandas as pd
    from rpy2.robjects import pandas2ri

    frame = pd.DataFrame({"a": [1, 2], "s": ["x", "y"]})
    strings = np.array([["a", "b"], ["c", "d"]])
    records = np.rec.fromarrays([np.array([1, 2]), np.array([0.5, 1.5])], names="i,x")
    complex_ = np.array([1 + 2j, 3 - 1j])
    for base, values in [(default_converter + numpy2ri.converter, [strings, records, complex_]),
                         (default_converter + numpy2ri.converter + pandas2ri.converter, [frame])]:
        for value in values:
            with localconverter(base) as cv:
                expected = cv.py2rpy(value)
            with localconverter(base + rbridge.converter) as cv:
                got = cv.py2rpy(value)
            assert r("identical")(expected, got)[0], value
    # and an object no converter knows is still refused, not swallowed
    with localconverter(default_converter + numpy2ri.converter + rbridge.converter) as cv:
        with pytest.raises(NotImplementedError):
            cv.py2rpy(object())


def test_tensors_go_to_r_through_the_composed_converter(r):
    import tensorflow as tf

    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    with localconverter(default_converter + numpy2ri.converter + rbridge.converter) as cv:
        r_x = cv.py2rpy(tf.constant(x))
    assert list(r("dim")(r_x)) == [2, 3, 4]
    assert r("function(x) x[2, 3, 4]")(r_x)[0] == x[1, 2, 3]  # R's indexing, from NumPy's values


def test_python_values_back_to_r(r):
    assert to_r(None) is ri.NULL
    assert r("is.na")(to_r(NA_integer_))[0] and r("is.integer")(to_r(NA_integer_))[0]
    assert r("identical")(to_r(3), r("3L"))[0]  # Python int is R integer, as in reticulate
    assert r("identical")(to_r(3.0), r("3"))[0]
    assert r("identical")(to_r(True), r("TRUE"))[0]
    assert r("identical")(to_r({"a": 1, "b": [None]}), r("list(a = 1L, b = list(NULL))"))[0]


def test_arrays_round_trip_with_r_indexing(r):
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    r_x = to_r(x)
    assert list(r("dim")(r_x)) == [2, 3, 4]
    assert r("function(x) x[2, 3, 4]")(r_x)[0] == x[1, 2, 3]
    assert np.array_equal(to_python(r_x), x)


def test_tensors_back_to_r(r):
    import tensorflow as tf

    r_x = to_r(tf.reshape(tf.range(6, dtype=tf.float32), (1, 2, 3)))
    assert list(r("dim")(r_x)) == [1, 2, 3]
    assert r("function(x) x[1, 2, 3]")(r_x)[0] == 5.0


def test_python_containers_holding_r_objects():
    assert to_python([ro.NULL, ro.IntVector([32])]) == [None, 32]


def test_a_view_keeps_its_r_array_alive():
    """The view must outlive R's garbage collection of everything else that held the array
    (in a subprocess: reading freed R memory could end the process)."""
    import subprocess
    import sys

    code = (
        "import gc, numpy as np, rpy2.robjects as ro\n"
        "from rbridge.convert import to_python\n"
        "v = to_python(ro.r('array(as.double(1:1000000), dim = c(100, 100, 100))'))\n"
        "gc.collect()\n"
        "for _ in range(5):\n"
        "    ro.r('gc(); x <- runif(2e6); NULL')\n"
        "assert v[99, 99, 99] == 1e6 and v.sum() == 500000500000.0\n"
        "print('intact')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "intact" in run.stdout, run.stderr[-2000:]


def test_conversions_do_not_lose_references_to_none():
    """rpy2 3.5's memoryview() drops a reference to None per call; after enough conversions
    Python frees None and aborts. rbridge reads R memory without it (a subprocess: the
    failure mode is an abort)."""
    import subprocess
    import sys

    code = (
        "import sys, rpy2.robjects as ro\n"
        "from rbridge.convert import to_python\n"
        "values = [ro.r(s) for s in ('4', 'c(1L, NA)', 'TRUE', 'array(1, c(2, 3))', 'list(a = 2.5, b = NULL)')]\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(4000):\n"
        "    for v in values:\n"
        "        to_python(v)\n"
        "print(sys.getrefcount(None) - before)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    # rpy2's memoryview() lost exactly one per conversion (-16000 here); what remains is
    # fluctuation of a few hundred (objects that held None being freed), not a trend.
    assert int(run.stdout.split()[-1]) > -2000
