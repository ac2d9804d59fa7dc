"""Property tests: every family layer, over its whole space of settings, against the NumPy references.

One property per kind of operation (rbridge.reference): a layer is made with rbridge's public
function (``rbridge.layer_conv_2d(...)``, R keras 2.15's arguments in their Python forms),
called once on a NumPy input to build, given deterministic random weights
(``np.random.default_rng(seed)``, the seed drawn by hypothesis), called again, and its output
compared with the reference computed in float64 from the same weights and input. Expected
values come from the references only, never from rbridge; the weight shapes are Keras's,
written here (``set_weights`` refuses others).

The file runs in whatever kernel mode its process has: CI runs it with
TF_ENABLE_ONEDNN_OPTS=0 and =1, on Keras 3 (.venv) and Keras 2 (.venv-keras2). float64 where
the R function has a ``dtype`` argument (dtype = "float64"), else float32 (layer_conv_lstm_2d,
the upsampling, padding and cropping layers follow Keras's floatx, left at float32 here).

Settings are drawn as TensorFlow and Keras 2.15 take them: strides all 1 where any dilation
exceeds 1; "valid" lengths at least the kernel's span; conv_2d_transpose with one dilation
rate for both axes; output_padding below the stride (and not 0 on an axis of even span
with "same", which Keras 2.15 fails on); cropping that leaves every axis
non-empty (Keras 2.15 refuses the rest). Tolerances: 1e-10 for float64; for float32, 2e-5
relative to the output's scale.

Examples per property: half the hypothesis profile's (40 in "ci", 250 in "thorough",
RBRIDGE_HYPOTHESIS_PROFILE=thorough).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rbridge
from rbridge import reference as ref

EXAMPLES = max(5, settings.default.max_examples // 2)
examples = settings(max_examples=EXAMPLES)

CF = "channels_first"
ACTIVATIONS = [None, "relu", "tanh", "hard_sigmoid"]

# A dilated layer_conv_3d_transpose() warns that rbridge applies the dilation (test_family.py
# tests the warning); by its class (a message with a colon breaks pytest's filter syntax).
pytestmark = [pytest.mark.kernel_dependent, pytest.mark.filterwarnings("ignore::rbridge.errors.RBridgeWarning")]


# ----------------------------------------------------------------------------- helpers

def _span(k, d):
    return (k - 1) * d + 1


def _form(draw, values):
    """An integer setting as an R user writes it: one number when every axis has the same
    value (sometimes), else one per axis; 1-D settings are one number."""
    values = tuple(values)
    if len(values) == 1 or (len(set(values)) == 1 and draw(st.booleans())):
        return values[0]
    return list(values)


def _data_format(draw, kwargs):
    """data_format left out (channels_last), or given; True when channels_first."""
    choice = draw(st.sampled_from(["default", "channels_last", CF]))
    if choice != "default":
        kwargs["data_format"] = choice
    return choice == CF


def _activation(draw, kwargs, key="activation", choices=ACTIVATIONS, default="omit"):
    """An activation among a few names (or left out: ``default`` then); what the reference takes."""
    name = draw(st.sampled_from(["omit", *choices]))
    if name == "omit":
        return None if default == "omit" else default
    kwargs[key] = name
    return name


@st.composite
def windows(draw, rank, paddings=("valid", "same"), max_length=6):
    """Per-axis kernel sizes, strides, dilation and input lengths, as TensorFlow takes them:
    strides all 1 where any dilation exceeds 1; "valid" lengths at least the kernel's span."""
    padding = draw(st.sampled_from(paddings))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(rank))
    dilation = tuple(draw(st.sampled_from([1, 1, 2, 3])) for _ in range(rank))
    if max(dilation) > 1:
        strides = (1,) * rank
    else:
        strides = tuple(draw(st.integers(1, 3)) for _ in range(rank))
    lengths = tuple(draw(st.integers(1, max_length)) for _ in range(rank))
    if padding == "valid":
        lengths = tuple(max(n, _span(k, d)) for n, k, d in zip(lengths, kernel, dilation))
    return dict(padding=padding, kernel=kernel, strides=strides, dilation=dilation, lengths=lengths)


def _window_kwargs(draw, w, kwargs):
    """The R function's arguments for a window: padding left out when "valid" (sometimes)."""
    kwargs["kernel_size"] = _form(draw, w["kernel"])
    if w["strides"] != (1,) * len(w["kernel"]) or draw(st.booleans()):
        kwargs["strides"] = _form(draw, w["strides"])
    if w["dilation"] != (1,) * len(w["kernel"]) or draw(st.booleans()):
        kwargs["dilation_rate"] = _form(draw, w["dilation"])
    if w["padding"] != "valid" or draw(st.booleans()):
        kwargs["padding"] = w["padding"]


def _input(rng, channels_first, lengths, channels, batch=2, scale=1.0):
    shape = (batch, channels, *lengths) if channels_first else (batch, *lengths, channels)
    return rng.standard_normal(shape) * scale


def _run(function, kwargs, x, dtype, shapes, rng):
    """Make the layer, build it on ``x`` (one call), set weights of ``shapes`` drawn from
    ``rng`` (rounded to ``dtype``), call it again: (output, the weights in float64)."""
    layer = getattr(rbridge, function)(**kwargs)
    xin = x.astype(dtype)
    layer(xin)
    weights = [rng.standard_normal(s).astype(dtype) for s in shapes]
    if shapes:
        layer.set_weights(weights)
    out = layer(xin)
    assert str(np.asarray(out).dtype) == dtype, (function, kwargs, np.asarray(out).dtype)
    return np.asarray(out), [w.astype(np.float64) for w in weights]


def _check(got, expected, dtype, context):
    expected = np.asarray(expected)
    assert got.shape == expected.shape, f"{context}: shape {got.shape}, reference {expected.shape}"
    scale = max(1.0, float(np.max(np.abs(expected)))) if expected.size else 1.0
    tol = 1e-10 if dtype == "float64" else 2e-5
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol * scale, err_msg=str(context))


def _dtype(draw, kwargs):
    dtype = draw(st.sampled_from(["float32", "float64"]))
    if dtype == "float64" or draw(st.booleans()):
        kwargs["dtype"] = dtype
    return dtype


def _bias(draw, kwargs):
    use_bias = draw(st.sampled_from([True, True, False]))
    if not use_bias or draw(st.booleans()):
        kwargs["use_bias"] = use_bias
    return use_bias


# ----------------------------------------------------------------------------- conv 1-3D

@examples
@given(data=st.data())
def test_conv_computes_the_reference(data):
    """layer_conv_{1,2,3}d: groups, causal (1-D), dilation, strides, padding, channels_first,
    bias or none, activation, float32/float64."""
    draw = data.draw
    rank = draw(st.integers(1, 3), label="rank")
    w = draw(windows(rank, paddings=("valid", "same", "causal") if rank == 1 else ("valid", "same")),
             label="window")
    groups = draw(st.sampled_from([1, 1, 2, 3]), label="groups")
    per_group = (1, 3) if groups == 1 else (1, 2)
    channels = groups * draw(st.integers(*per_group), label="channels per group")
    filters = groups * draw(st.integers(*per_group), label="filters per group")
    kwargs = dict(filters=filters)
    _window_kwargs(draw, w, kwargs)
    if groups > 1 or draw(st.booleans()):
        kwargs["groups"] = groups
    cf = _data_format(draw, kwargs)
    act = _activation(draw, kwargs)
    use_bias = _bias(draw, kwargs)
    dtype = _dtype(draw, kwargs)
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    x = _input(rng, cf, w["lengths"], channels)
    shapes = [(*w["kernel"], channels // groups, filters)] + ([(filters,)] if use_bias else [])
    got, weights = _run(f"layer_conv_{rank}d", kwargs, x, dtype, shapes, rng)
    expected = ref.conv(x.astype(dtype).astype(np.float64), weights[0], weights[1] if use_bias else None,
                        strides=w["strides"], padding=w["padding"], dilation=w["dilation"], groups=groups,
                        channels_first=cf, activation=act)
    _check(got, expected, dtype, (f"layer_conv_{rank}d", kwargs, x.shape, seed))


# ----------------------------------------------------------------------------- conv_transpose 1-3D

@examples
@given(data=st.data())
def test_conv_transpose_computes_the_reference(data):
    """layer_conv_{1,2,3}d_transpose: output_padding (below the stride), dilation (strides 1;
    one rate for both axes in 2-D), strides, padding, channels_first, bias, activation, dtype."""
    draw = data.draw
    rank = draw(st.integers(1, 3), label="rank")
    padding = draw(st.sampled_from(["valid", "same"]), label="padding")
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(rank))
    if rank == 2:
        dilation = (draw(st.sampled_from([1, 1, 2, 3])),) * 2
    else:
        dilation = tuple(draw(st.sampled_from([1, 1, 2, 3])) for _ in range(rank))
    strides = (1,) * rank if max(dilation) > 1 else tuple(draw(st.integers(1, 3)) for _ in range(rank))
    # output_padding below the stride; at least 1 on an axis of even span with "same" (else
    # Keras's length is a stride short and TensorFlow fails: an error in R keras, and rbridge's).
    lows = [1 if padding == "same" and _span(k, d) % 2 == 0 else 0 for k, d in zip(kernel, dilation)]
    output_padding = None
    if all(low < s for low, s in zip(lows, strides)) and draw(st.booleans(), label="output_padding given"):
        output_padding = tuple(draw(st.integers(low, s - 1)) for low, s in zip(lows, strides))
    lengths = tuple(draw(st.integers(1, 4)) for _ in range(rank))
    channels = draw(st.integers(1, 3), label="channels")
    filters = draw(st.integers(1, 3), label="filters")
    w = dict(kernel=kernel, strides=strides, dilation=dilation, padding=padding)
    kwargs = dict(filters=filters)
    _window_kwargs(draw, w, kwargs)
    if output_padding is not None:
        kwargs["output_padding"] = _form(draw, output_padding)
    cf = _data_format(draw, kwargs)
    act = _activation(draw, kwargs)
    use_bias = _bias(draw, kwargs)
    dtype = _dtype(draw, kwargs)
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    x = _input(rng, cf, lengths, channels)
    shapes = [(*kernel, filters, channels)] + ([(filters,)] if use_bias else [])
    function = f"layer_conv_{rank}d_transpose"
    got, weights = _run(function, kwargs, x, dtype, shapes, rng)
    expected = ref.conv_transpose(x.astype(dtype).astype(np.float64), weights[0], weights[1] if use_bias else None,
                                  strides=strides, padding=padding, output_padding=output_padding,
                                  dilation=dilation, channels_first=cf, activation=act)
    _check(got, expected, dtype, (function, kwargs, x.shape, seed))


# ----------------------------------------------------------------------------- separable 1-2D

@examples
@given(data=st.data())
def test_separable_conv_computes_the_reference(data):
    """layer_separable_conv_{1,2}d: causal (1-D), depth_multiplier, unequal strides (2-D),
    dilation, padding, channels_first, bias, activation, dtype."""
    draw = data.draw
    rank = draw(st.integers(1, 2), label="rank")
    w = draw(windows(rank, paddings=("valid", "same", "causal") if rank == 1 else ("valid", "same")),
             label="window")
    channels = draw(st.integers(1, 3), label="channels")
    filters = draw(st.integers(1, 3), label="filters")
    dm = draw(st.integers(1, 3), label="depth_multiplier")
    kwargs = dict(filters=filters)
    _window_kwargs(draw, w, kwargs)
    if dm != 1 or draw(st.booleans()):
        kwargs["depth_multiplier"] = dm
    cf = _data_format(draw, kwargs)
    act = _activation(draw, kwargs)
    use_bias = _bias(draw, kwargs)
    dtype = _dtype(draw, kwargs)
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    x = _input(rng, cf, w["lengths"], channels)
    shapes = [(*w["kernel"], channels, dm), (*(1,) * rank, channels * dm, filters)]
    shapes += [(filters,)] if use_bias else []
    function = f"layer_separable_conv_{rank}d"
    got, weights = _run(function, kwargs, x, dtype, shapes, rng)
    expected = ref.separable_conv(x.astype(dtype).astype(np.float64), weights[0], weights[1],
                                  weights[2] if use_bias else None, strides=w["strides"], padding=w["padding"],
                                  dilation=w["dilation"], depth_multiplier=dm, channels_first=cf, activation=act)
    _check(got, expected, dtype, (function, kwargs, x.shape, seed))


# ----------------------------------------------------------------------------- depthwise 1-2D

@examples
@given(data=st.data())
def test_depthwise_conv_computes_the_reference(data):
    """layer_depthwise_conv_{1,2}d: depth_multiplier, unequal strides (2-D, undilated),
    dilation, padding, channels_first, bias, activation, dtype."""
    draw = data.draw
    rank = draw(st.integers(1, 2), label="rank")
    w = draw(windows(rank), label="window")
    channels = draw(st.integers(1, 3), label="channels")
    dm = draw(st.integers(1, 3), label="depth_multiplier")
    kwargs = {}
    _window_kwargs(draw, w, kwargs)
    if dm != 1 or draw(st.booleans()):
        kwargs["depth_multiplier"] = dm
    cf = _data_format(draw, kwargs)
    act = _activation(draw, kwargs)
    use_bias = _bias(draw, kwargs)
    dtype = _dtype(draw, kwargs)
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    x = _input(rng, cf, w["lengths"], channels)
    shapes = [(*w["kernel"], channels, dm)] + ([(channels * dm,)] if use_bias else [])
    function = f"layer_depthwise_conv_{rank}d"
    got, weights = _run(function, kwargs, x, dtype, shapes, rng)
    expected = ref.depthwise_conv(x.astype(dtype).astype(np.float64), weights[0], weights[1] if use_bias else None,
                                  strides=w["strides"], padding=w["padding"], dilation=w["dilation"],
                                  depth_multiplier=dm, channels_first=cf, activation=act)
    _check(got, expected, dtype, (function, kwargs, x.shape, seed))


# ----------------------------------------------------------------------------- conv_lstm_2d

@examples
@given(data=st.data())
def test_conv_lstm_2d_computes_the_reference(data):
    """layer_conv_lstm_2d (float32: no dtype argument): return_sequences, go_backwards,
    channels_first, strides, dilation, padding, bias, activation, and recurrent_activation
    left at R keras's "hard_sigmoid" (Keras 2.15's meaning) or given."""
    draw = data.draw
    w = draw(windows(2, max_length=5), label="window")
    steps = draw(st.integers(1, 3), label="time steps")
    channels = draw(st.integers(1, 3), label="channels")
    filters = draw(st.integers(1, 3), label="filters")
    kwargs = dict(filters=filters)
    _window_kwargs(draw, w, kwargs)
    cf = _data_format(draw, kwargs)
    act = _activation(draw, kwargs, default="tanh")
    recurrent = _activation(draw, kwargs, key="recurrent_activation", choices=["hard_sigmoid", "sigmoid"],
                            default="hard_sigmoid")
    use_bias = _bias(draw, kwargs)
    sequences = draw(st.booleans(), label="return_sequences")
    backwards = draw(st.booleans(), label="go_backwards")
    for key, value in (("return_sequences", sequences), ("go_backwards", backwards)):
        if value or draw(st.booleans()):
            kwargs[key] = value
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    frames = _input(rng, cf, w["lengths"], channels, batch=2 * steps, scale=0.5)
    x = frames.reshape(2, steps, *frames.shape[1:])
    shapes = [(*w["kernel"], channels, 4 * filters), (*w["kernel"], filters, 4 * filters)]
    shapes += [(4 * filters,)] if use_bias else []
    got, weights = _run("layer_conv_lstm_2d", kwargs, x, "float32", shapes, rng)
    expected = ref.conv_lstm_2d(x.astype("float32").astype(np.float64), weights[0], weights[1],
                                weights[2] if use_bias else None, strides=w["strides"], padding=w["padding"],
                                dilation=w["dilation"], channels_first=cf, activation=act,
                                recurrent_activation=recurrent, return_sequences=sequences,
                                go_backwards=backwards)
    _check(got, expected, "float32", ("layer_conv_lstm_2d", kwargs, x.shape, seed))


# ----------------------------------------------------------------------------- upsampling 1-3D

@examples
@given(data=st.data())
def test_upsampling_computes_the_reference(data):
    """layer_upsampling_{1,2,3}d: every size (one number or one per axis), channels_first,
    "nearest" and (2-D) "bilinear"."""
    draw = data.draw
    rank = draw(st.integers(1, 3), label="rank")
    size = tuple(draw(st.integers(1, 3)) for _ in range(rank))
    lengths = tuple(draw(st.integers(1, 4)) for _ in range(rank))
    channels = draw(st.integers(1, 3), label="channels")
    kwargs = {}
    if size != (2,) * rank or draw(st.booleans()):
        kwargs["size"] = _form(draw, size)
    cf = _data_format(draw, kwargs) if rank > 1 else False
    interpolation = "nearest"
    if rank == 2:
        interpolation = draw(st.sampled_from(["omit", "nearest", "bilinear"]))
        if interpolation != "omit":
            kwargs["interpolation"] = interpolation
        interpolation = "nearest" if interpolation == "omit" else interpolation
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    x = _input(np.random.default_rng(seed), cf, lengths, channels)
    function = f"layer_upsampling_{rank}d"
    got, _ = _run(function, kwargs, x, "float32", [], None)
    expected = ref.upsampling(x.astype("float32").astype(np.float64), size, channels_first=cf,
                              interpolation=interpolation)
    _check(got, expected, "float32", (function, kwargs, x.shape, seed))


# ----------------------------------------------------------------------------- zero_padding, cropping 1-3D

def _amounts(draw, rank, maximum):
    """Per-axis (before, after) amounts and an R form of them: one number, one per axis
    (symmetric), or one pair per axis; 1-D: one number or one pair."""
    form = draw(st.sampled_from(["number", "pair"] if rank == 1 else ["number", "per axis", "pairs"]))
    if form == "number":
        n = draw(st.integers(0, maximum))
        return [(n, n)] * rank, n
    if form == "per axis":
        values = [draw(st.integers(0, maximum)) for _ in range(rank)]
        return [(v, v) for v in values], values
    pairs = [(draw(st.integers(0, maximum)), draw(st.integers(0, maximum))) for _ in range(rank)]
    return pairs, (list(pairs[0]) if rank == 1 else [list(p) for p in pairs])


@examples
@given(data=st.data())
def test_zero_padding_computes_the_reference(data):
    """layer_zero_padding_{1,2,3}d: every form of padding, channels_first."""
    draw = data.draw
    rank = draw(st.integers(1, 3), label="rank")
    pairs, form = _amounts(draw, rank, 3)
    lengths = tuple(draw(st.integers(1, 4)) for _ in range(rank))
    channels = draw(st.integers(1, 3), label="channels")
    kwargs = dict(padding=form)
    cf = _data_format(draw, kwargs) if rank > 1 else False
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    x = _input(np.random.default_rng(seed), cf, lengths, channels)
    function = f"layer_zero_padding_{rank}d"
    got, _ = _run(function, kwargs, x, "float32", [], None)
    expected = ref.zero_padding(x.astype("float32").astype(np.float64), pairs, channels_first=cf)
    _check(got, expected, "float32", (function, kwargs, x.shape, seed))


@examples
@given(data=st.data())
def test_cropping_computes_the_reference(data):
    """layer_cropping_{1,2,3}d: every form of cropping (each axis keeps a step: Keras 2.15
    refuses the rest), channels_first."""
    draw = data.draw
    rank = draw(st.integers(1, 3), label="rank")
    pairs, form = _amounts(draw, rank, 3)
    lengths = tuple(a + b + draw(st.integers(1, 3)) for a, b in pairs)
    channels = draw(st.integers(1, 3), label="channels")
    kwargs = dict(cropping=form)
    cf = _data_format(draw, kwargs) if rank > 1 else False
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    x = _input(np.random.default_rng(seed), cf, lengths, channels)
    function = f"layer_cropping_{rank}d"
    got, _ = _run(function, kwargs, x, "float32", [], None)
    expected = ref.cropping(x.astype("float32").astype(np.float64), pairs, channels_first=cf)
    _check(got, expected, "float32", (function, kwargs, x.shape, seed))


# ----------------------------------------------------------------------------- regressions found here

@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_regression_conv_2d_stride_past_the_last_window(dtype):
    """REGRESSION (found by the conv_lstm_2d property, thorough profile, Keras 3 with oneDNN on):
    layer_conv_2d(filters = 1, kernel_size = c(1, 2), strides = c(1, 3), use_bias = FALSE) on a
    (2, 2, 2, 1) float32 input. TensorFlow 2.21's oneDNN Conv2D computes only the first row of
    each batch item: the second is 0 or uninitialised memory. Reference: [3, 7, 11, 15]."""
    x = np.arange(1.0, 9.0).reshape(2, 2, 2, 1)
    layer = rbridge.layer_conv_2d(filters=1, kernel_size=[1, 2], strides=[1, 3], use_bias=False, dtype=dtype)
    layer(x.astype(dtype))
    kernel = np.ones((1, 2, 1, 1))
    layer.set_weights([kernel.astype(dtype)])
    expected = ref.conv(x, kernel, None, strides=(1, 3), padding="valid", dilation=(1, 1))
    _check(np.asarray(layer(x.astype(dtype))), expected, dtype, "conv_2d k(1,2) s(1,3) on (2,2,2,1)")


def test_regression_conv_lstm_2d_stride_past_the_last_window():
    """REGRESSION (the conv_lstm_2d property's shrunk example, Keras 3 with oneDNN on):
    layer_conv_lstm_2d(filters = 1, kernel_size = c(1, 2), strides = c(1, 3)) on a
    (2, 1, 2, 2, 1) input: the input convolution has the Conv2D fault above."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 1, 2, 2, 1)) * 0.5
    shapes = [(1, 2, 1, 4), (1, 2, 1, 4), (4,)]
    got, weights = _run("layer_conv_lstm_2d", dict(filters=1, kernel_size=[1, 2], strides=[1, 3]), x,
                        "float32", shapes, rng)
    expected = ref.conv_lstm_2d(x.astype("float32").astype(np.float64), *weights, strides=(1, 3),
                                padding="valid", dilation=(1, 1))
    _check(got, expected, "float32", "conv_lstm_2d k(1,2) s(1,3) on (2,1,2,2,1)")
