"""Fuzzing rbridge's arguments (run by test_fuzz.py in a subprocess, so a crash is reported).

Hypothesis draws, for every argument, R objects (made by evaluating generated R source
through rpy2) or Python values; the property: the call returns a result or raises
rbridge's own error (RBridgeError), never anything else.
"""

from __future__ import annotations

import os
import sys
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rbridge
from rbridge.convert import to_python
from rbridge.specs import SPECS
from rbridge.verify import evaluate_r

R_ATOMS = st.one_of(
    st.sampled_from(["NULL", "NA", "NA_integer_", "NA_real_", "NA_character_", "NaN", "Inf", "-Inf", "TRUE",
                     "FALSE", "integer(0)", "character(0)", "list()", "function(x) x", "new.env()",
                     "'same'", "'valid'", "'relu'", "'float64'", "'glorot_uniform'", "'a'", "''"]),
    st.integers(-5, 10).map(str),
    st.integers(-5, 10).map(lambda i: f"{i}L"),
    st.floats(-1e10, 1e10, allow_nan=False).map(repr),
)


def r_source(depth: int = 2):
    if depth == 0:
        return R_ATOMS
    inner = r_source(depth - 1)
    return st.one_of(
        R_ATOMS,
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: f"c({', '.join(xs)})"),
        st.lists(inner, min_size=0, max_size=3).map(lambda xs: f"list({', '.join(xs)})"),
        st.tuples(st.integers(1, 3), st.integers(1, 6), st.integers(1, 4), st.sampled_from(["0", "1", "'a'"]))
          .map(lambda t: f"array({t[3]}, c({t[0]}, {t[1]}, {t[2]}))"),
    )


ARGUMENTS = SPECS["layer_conv_1d_transpose"].arguments
NAMES = [a.name for a in ARGUMENTS]


@st.composite
def calls(draw):
    chosen = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=5))
    kwargs = {"filters": "2", "kernel_size": "3"}
    for name in chosen:
        kwargs[name] = draw(r_source())
    as_python = draw(st.booleans())
    return kwargs, as_python


OUTCOMES = {"result": 0, "rbridge error": 0, "not valid R": 0}


def call(kwargs_src: dict[str, str], as_python: bool):
    try:
        values = {name: evaluate_r(src) for name, src in kwargs_src.items()}
    except Exception:  # noqa: BLE001 - R itself refused the generated source: not rbridge's input
        OUTCOMES["not valid R"] += 1
        return
    if as_python:
        values = {name: to_python(v) for name, v in values.items()}
    obj = values.pop("object", None)
    try:
        rbridge.layer_conv_1d_transpose(obj, **values)
        OUTCOMES["result"] += 1
    except rbridge.RBridgeError:
        OUTCOMES["rbridge error"] += 1


@settings(max_examples=int(sys.argv[1]) if len(sys.argv) > 1 else 200, deadline=None, derandomize=os.environ.get("RBRIDGE_FUZZ_RANDOM") != "1",
          suppress_health_check=list(HealthCheck), database=None)
@given(calls())
def fuzz(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call(*case)


if __name__ == "__main__":
    fuzz()
    print("fuzz ok", OUTCOMES)
