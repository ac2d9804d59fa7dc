"""rbridge's numbers against an independent NumPy transposed convolution (reference.py).

The reference is first checked against R keras's own recorded outputs, then used
as the oracle in property-based tests over random shapes and settings.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rbridge
from rbridge.verify import evaluate_r, load_cases

from rbridge.reference import conv1d_transpose, output_length

ACTIVATIONS = {None: None, "linear": None, "relu": lambda v: np.maximum(v, 0), "tanh": np.tanh}


pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def _arguments(case):
    from rbridge.convert import named_elements, to_python

    return {name: to_python(value) for name, value in named_elements(evaluate_r(case["args"])).items()}


def _scalar(value, default):
    if value is None:
        return default
    return int(value[0] if isinstance(value, list) else value)


def _recorded_computations():
    """Recorded cases with an output whose weights the case fixes (given, not random)."""
    from rbridge.convert import to_python

    found = []
    for case in load_cases(functions=["layer_conv_1d_transpose"]):
        if "output" not in case["result"]:
            continue
        args = _arguments(case)
        weights = args.get("weights") or (case.get("set_weights") and to_python(evaluate_r(case["set_weights"])))
        if not weights or args.get("activation") not in ACTIVATIONS:
            continue
        found.append((case, args, [np.asarray(w) for w in weights]))
    return found


def test_the_reference_reproduces_r_keras():
    """The oracle itself agrees with R keras on every recorded output it can compute."""
    from rbridge.convert import to_python

    computations = _recorded_computations()
    assert len(computations) >= 8
    for case, args, weights in computations:
        x = np.asarray(to_python(evaluate_r(case["input"])))
        op = args.get("output_padding")
        use_bias = args.get("use_bias", True) not in (False, 0)
        expected = conv1d_transpose(
            x, weights[0], weights[1] if use_bias else None,
            strides=_scalar(args.get("strides"), 1), padding=str(args.get("padding", "valid")).lower(),
            output_padding=None if op is None else _scalar(op, 0),
            dilation=_scalar(args.get("dilation_rate"), 1),
            channels_first=args.get("data_format") == "channels_first",
            activation=ACTIVATIONS[args.get("activation")],
        )
        recorded = case["result"]["output"]
        assert list(expected.shape) == recorded["shape"], case["id"]
        np.testing.assert_allclose(expected.ravel(), recorded["data"], rtol=1e-5, atol=1e-5,
                                   err_msg=case["id"])


@st.composite
def settings(draw):
    strides = draw(st.integers(1, 3))
    return dict(
        batch=draw(st.integers(1, 3)),
        steps=draw(st.integers(1, 7)),
        channels=draw(st.integers(1, 4)),
        filters=draw(st.integers(1, 4)),
        kernel_size=draw(st.integers(1, 5)),
        strides=strides,
        dilation=1 if strides > 1 else draw(st.integers(1, 3)),
        padding=draw(st.sampled_from(["valid", "same"])),
        output_padding=draw(st.one_of(st.none(), st.integers(0, strides - 1))),
        use_bias=draw(st.booleans()),
        channels_first=draw(st.booleans()),
        dtype=draw(st.sampled_from(["float32", "float64"])),
        activation=draw(st.sampled_from([None, "relu", "tanh"])),
        seed=draw(st.integers(0, 2**31 - 1)),
    )


def _data(s):
    rng = np.random.default_rng(s["seed"])
    shape = (s["batch"], s["channels"], s["steps"]) if s["channels_first"] else (s["batch"], s["steps"], s["channels"])
    x = rng.standard_normal(shape).astype(np.float32)
    kernel = rng.standard_normal((s["kernel_size"], s["filters"], s["channels"])).astype(np.float32)
    bias = rng.standard_normal(s["filters"]).astype(np.float32) if s["use_bias"] else None
    return x, kernel, bias


def _expected(s, x, kernel, bias):
    return conv1d_transpose(x, kernel, bias, strides=s["strides"], padding=s["padding"],
                            output_padding=s["output_padding"], dilation=s["dilation"],
                            channels_first=s["channels_first"], activation=ACTIVATIONS[s.get("activation")])


def _tolerance(s):
    return 1e-10 if s.get("dtype") == "float64" else 1e-4


def _keras_cannot_compute(s) -> bool:
    """padding "same", output_padding 0, even kernel span: Keras's output length is one
    stride short of what the transposed convolution needs, and TensorFlow fails inside
    its kernel. rbridge refuses it up front, naming output_padding."""
    span = (s["kernel_size"] - 1) * s["dilation"] + 1
    return s["padding"] == "same" and s["output_padding"] == 0 and span % 2 == 0


@given(settings())
def test_eager_output_matches_reference(s):
    """The whole space: channels_first x dilation x strides x padding x output_padding x
    float32/float64 x bias x activation, on whichever CPU kernels this run uses (CI runs
    it with oneDNN forced off and forced on)."""
    x, kernel, bias = _data(s)
    if s["dtype"] == "float64":
        x, kernel = x.astype(np.float64), kernel.astype(np.float64)
        bias = None if bias is None else bias.astype(np.float64)
    if _keras_cannot_compute(s):
        with pytest.raises(rbridge.RArgumentError, match="`output_padding`"):
            _call(s, x, kernel, bias)
        return
    out = _call(s, x, kernel, bias)
    assert np.asarray(out).dtype == np.dtype(s["dtype"])
    expected = _expected(s, x, kernel, bias)
    np.testing.assert_allclose(np.asarray(out), expected, rtol=_tolerance(s), atol=_tolerance(s))


def _call(s, x, kernel, bias):
    return rbridge.layer_conv_1d_transpose(
        x, filters=s["filters"], kernel_size=s["kernel_size"], strides=s["strides"],
        padding=s["padding"], output_padding=s["output_padding"], dilation_rate=s["dilation"],
        use_bias=s["use_bias"], data_format="channels_first" if s["channels_first"] else "channels_last",
        weights=[kernel] + ([bias] if bias is not None else []), dtype=s["dtype"], activation=s["activation"],
    )


@given(settings().filter(lambda s: not s["channels_first"] and not _keras_cannot_compute(s)))
def test_r_objects_give_the_reference_numbers(s):
    """The same property with every argument an R object (doubles, as R users type them)."""
    import rpy2.robjects as ro

    from rbridge.convert import to_r

    x, kernel, bias = _data(s)
    weights = [kernel] + ([bias] if bias is not None else [])
    out = rbridge.layer_conv_1d_transpose(
        to_r(x.astype(np.float64)), filters=ro.FloatVector([s["filters"]]),
        kernel_size=ro.FloatVector([s["kernel_size"]]), strides=ro.FloatVector([s["strides"]]),
        padding=ro.StrVector([s["padding"].upper()]),
        output_padding=ro.NULL if s["output_padding"] is None else ro.FloatVector([s["output_padding"]]),
        dilation_rate=ro.IntVector([s["dilation"]]), use_bias=ro.BoolVector([s["use_bias"]]),
        activation=ro.NULL if s["activation"] is None else ro.StrVector([s["activation"]]),
        weights=ro.r["list"](*[to_r(w.astype(np.float64)) for w in weights]),
    )
    np.testing.assert_allclose(np.asarray(out), _expected(s, x, kernel, bias), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("steps,kernel,strides,padding,op,dilation,expected", [
    # the seed's formula: (steps - 1) * strides + kernel_size - 2 * padding + output_padding
    (5, 3, 2, "same", 1, 1, 10),
    (5, 3, 3, "valid", 2, 1, 17),
    (128, 3, 1, "valid", None, 1, 130),
    (128, 4, 2, "same", None, 1, 256),
    (6, 3, 1, "valid", None, 2, 10),
])
def test_output_length_formula(steps, kernel, strides, padding, op, dilation, expected):
    assert output_length(steps, kernel, strides, padding, op, dilation) == expected
    x = np.zeros((1, steps, 2), np.float32)
    out = rbridge.layer_conv_1d_transpose(x, filters=1, kernel_size=kernel, strides=strides,
                                          padding=padding, output_padding=op, dilation_rate=dilation)
    assert tuple(out.shape) == (1, expected, 1)
