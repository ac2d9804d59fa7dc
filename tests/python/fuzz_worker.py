"""Fuzzing rbridge's arguments (run by test_fuzz.py in a subprocess, so a crash is reported).

Hypothesis draws a function of the family, then, for a few of its arguments (any of them,
`object` and `...` included), R objects (made by evaluating generated R source through rpy2)
or Python values (plain ones, NumPy arrays and scalars, nested lists/tuples/dicts, objects no
argument takes); the others keep valid values. The property: the call returns a result or
raises rbridge's own error (RBridgeError), never anything else, and never takes longer than
HANG_SECONDS.

    python fuzz_worker.py [EXAMPLES]     # RBRIDGE_FUZZ_RANDOM=1: a fresh random run
"""

from __future__ import annotations

import os
import signal
import sys
import warnings
from collections import Counter

import numpy as np
from hypothesis import example, HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import rbridge
from rbridge.convert import to_python
from rbridge.specs import SPECS
from rbridge.verify import evaluate_r

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bad_inputs import base_arguments, object_source  # noqa: E402

HANG_SECONDS = 60

# Strings that mean something to some argument, and some that mean nothing.
WORDS = ["same", "valid", "causal", "SAME", "relu", "tanh", "linear", "glorot_uniform", "zeros", "l2", "non_neg",
         "float64", "float32", "channels_first", "channels_last", "nearest", "bilinear", "cubic", "a", ""]

R_ATOMS = st.one_of(
    st.sampled_from(["NULL", "NA", "NA_integer_", "NA_real_", "NA_character_", "NaN", "Inf", "-Inf", "TRUE",
                     "FALSE", "integer(0)", "character(0)", "logical(0)", "list()", "function(x) x", "new.env()",
                     "quote(x)", "1i", "as.raw(1)", "factor('a')"]),
    st.sampled_from(WORDS).map(lambda w: f"'{w}'"),
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
        st.lists(inner, min_size=1, max_size=4).map(lambda xs: f"c({', '.join(xs)})"),
        st.lists(inner, min_size=0, max_size=3).map(lambda xs: f"list({', '.join(xs)})"),
        st.lists(st.tuples(st.sampled_from(["class_name", "config", "a", "value"]), inner), min_size=1, max_size=2)
          .map(lambda kv: "list(" + ", ".join(f"{k} = {v}" for k, v in kv) + ")"),
        st.tuples(st.lists(st.integers(1, 4), min_size=1, max_size=6), st.sampled_from(["0", "1", "'a'", "TRUE", "NA"]))
          .map(lambda t: f"array({t[1]}, c({', '.join(map(str, t[0]))}))"),
    )


class Opaque:  # a Python object no argument takes
    def __repr__(self) -> str:
        return "Opaque()"


PY_ATOMS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10), st.sampled_from([2 ** 31, -(2 ** 31) - 1, 2 ** 40, 2 ** 64]), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS), st.text(max_size=4), st.binary(max_size=3), st.just(Opaque()), st.complex_numbers(max_magnitude=10),
    st.sampled_from([np.int64(3), np.float32(2.5), np.bool_(True), np.nan, rbridge.NA, rbridge.NA_integer_,
                     rbridge.NA_real_, rbridge.NA_character_, lambda x: x, len, Ellipsis]),
    hnp.arrays(st.sampled_from([np.float64, np.float32, np.int32, np.bool_, np.object_]),
               hnp.array_shapes(min_dims=0, max_dims=6, max_side=4)),
)
PY_VALUES = st.recursive(PY_ATOMS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.lists(children, max_size=4).map(tuple),
    st.dictionaries(st.sampled_from(["class_name", "config", "a", "value"]), children, max_size=2)), max_leaves=8)

FUNCTIONS = sorted(SPECS)


@st.composite
def calls(draw):
    """(function, {argument: R source or Python value}, values are Python)."""
    function = draw(st.sampled_from(FUNCTIONS))
    spec = SPECS[function]
    names = [a.name for a in spec.arguments] + ["no_such_argument"]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, min_size=1, max_size=4))
    as_python = draw(st.booleans())
    kwargs = {name: ("r", src) for name, src in base_arguments(spec).items()}
    kwargs["object"] = ("r", draw(st.sampled_from([object_source(spec), "NULL"])))
    for name in chosen:
        kwargs[name] = ("py", draw(PY_VALUES)) if as_python and draw(st.booleans()) else ("r", draw(r_source()))
    return function, kwargs, as_python


OUTCOMES: Counter = Counter()


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"no answer within {HANG_SECONDS} s")


def call(function: str, kwargs: dict, as_python: bool):
    values = {}
    for name, (how, value) in kwargs.items():
        if how == "r":
            try:
                value = evaluate_r(value)
            except Exception:  # noqa: BLE001 - R itself refused the generated source: not rbridge's input
                OUTCOMES["not valid R"] += 1
                return
            if as_python:
                try:
                    value = to_python(value)
                except Exception as exc:  # rbridge's converter: its own error or none
                    if not isinstance(exc, rbridge.RBridgeError):
                        raise AssertionError(f"crash: rbridge.convert.to_python({value!r}) raised "
                                             f"{type(exc).__module__}.{type(exc).__name__}: {exc}") from exc
                    OUTCOMES["rbridge error"] += 1
                    return
        values[name] = value
    obj = values.pop("object")
    signal.alarm(HANG_SECONDS)
    try:
        rbridge.FUNCTIONS[function](obj, **values)
        OUTCOMES["result"] += 1
    except rbridge.RBridgeError:
        OUTCOMES["rbridge error"] += 1
    except Hang:
        raise
    except Exception as exc:
        shown = {k: (v if how == "r" else repr(v)) for k, (how, v) in kwargs.items()}
        raise AssertionError(f"crash: {function}({shown}, as_python={as_python}) raised "
                             f"{type(exc).__module__}.{type(exc).__name__}: {exc}") from exc
    finally:
        signal.alarm(0)


@settings(max_examples=int(sys.argv[1]) if len(sys.argv) > 1 else 200, deadline=None,
          derandomize=os.environ.get("RBRIDGE_FUZZ_RANDOM") != "1", suppress_health_check=list(HealthCheck),
          database=None)
@given(calls())
def fuzz(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call(*case)
    OUTCOMES[f"fn:{case[0]}"] += 1


# Every function at least once, whatever the drawn examples reach (a derandomized run of a few
# hundred draws need not reach all twenty): its required arguments, no object.
for _function in FUNCTIONS:
    fuzz = example((_function, {**{n: ("r", s) for n, s in base_arguments(SPECS[_function]).items()},
                                "object": ("r", "NULL")}, False))(fuzz)


if __name__ == "__main__":
    signal.signal(signal.SIGALRM, _alarm)
    fuzz()
    functions = sum(1 for k in OUTCOMES if k.startswith("fn:"))
    print("fuzz ok", {k: v for k, v in OUTCOMES.items() if not k.startswith("fn:")}, f"functions: {functions}")
