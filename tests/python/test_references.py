"""The NumPy references (rbridge.reference) against arithmetic, against their own definitions,
against Keras 3's layers where Keras and the TensorFlow CPU kernel compute correctly, and
against R keras 2.15's recorded outputs (tests/fixtures/r-keras-2.15).

Four kinds of check, so that no reference is trusted only because it agrees with Keras:
hand-computed tiny cases (impulses, kernels of ones); identities of the definitions
(channels_first is channels_last transposed; a transposed convolution is the adjoint of
the forward one, dilation included, which TensorFlow's CPU kernels refuse to compute);
and Keras 3's own layers, float64, channels_last (plus the channels_first layers Keras
3 computes right: family.md §2.2 row 9 is avoided by shapes whose last spatial length
differs from the channel count); and the recorded R keras 2.15 numbers, where Keras 3
means something else.
"""

from __future__ import annotations

import math

# No kernel mode is set here: CI runs this file with TF_ENABLE_ONEDNN_OPTS=0 and =1
# (scripts/test.sh), and the float64 comparisons run on TensorFlow's plain CPU kernels in
# both (oneDNN takes float32 only, family.md §2.3).
import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

# The references are checked against Keras 3's own layers (CI's Keras 3 runs, both kernel
# modes) and against R keras 2.15's recorded outputs (every run). Keras 2's CPU kernels refuse
# channels_first, and it has no keras.ops: those comparisons belong to the Keras 3 runs.
keras3_only = pytest.mark.skipif(int(keras.__version__.split(".")[0]) < 3,
                                 reason="compares with Keras 3's own layers (run in CI's Keras 3 environment)")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from rbridge import reference as ref  # noqa: E402

# Building a Keras layer costs milliseconds: half the profile's examples per property
# (40 in "ci", 250 in "thorough") keeps this file well under a minute on two cores.
EXAMPLES = max(5, settings.default.max_examples // 2)
examples = settings(max_examples=EXAMPLES)
TOL = dict(rtol=1e-9, atol=1e-9)

CONV_CLASSES = {1: keras.layers.Conv1D, 2: keras.layers.Conv2D, 3: keras.layers.Conv3D}
TRANSPOSE_CLASSES = {1: keras.layers.Conv1DTranspose, 2: keras.layers.Conv2DTranspose,
                     3: keras.layers.Conv3DTranspose}


pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def _keras(layer, x, weights, **call):
    """``layer``'s float64 output on ``x`` with ``weights`` set."""
    layer.build(x.shape)
    layer.set_weights(weights)
    out = layer(x, **call)
    return [np.asarray(o) for o in out] if isinstance(out, (list, tuple)) else np.asarray(out)


def _channels_first(x):
    return np.moveaxis(x, -1, 1)


def _span(k, d):
    return (k - 1) * d + 1


# ----------------------------------------------------------------------------- strategies

@st.composite
def windows(draw, rank, paddings=("valid", "same"), max_length=7, equal_strides=False):
    """Per-axis kernel sizes, strides, dilation and lengths, as TensorFlow takes them:
    strides all 1 where any dilation exceeds 1, and, with ``equal_strides`` (the depthwise
    CPU kernels), one stride for every axis. "valid" lengths are at least the kernel's
    span, so no output axis is empty.
    """
    padding = draw(st.sampled_from(paddings))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(rank))
    dilation = tuple(draw(st.sampled_from([1, 1, 2])) for _ in range(rank))
    if max(dilation) > 1:
        strides = (1,) * rank
    elif equal_strides:
        strides = (draw(st.integers(1, 3)),) * rank
    else:
        strides = tuple(draw(st.integers(1, 3)) for _ in range(rank))
    lengths = tuple(draw(st.integers(1, max_length)) for _ in range(rank))
    if padding == "valid":
        lengths = tuple(max(n, _span(k, d)) for n, k, d in zip(lengths, kernel, dilation))
    return dict(padding=padding, kernel=kernel, strides=strides, dilation=dilation, lengths=lengths)


def _rng(draw):
    return np.random.default_rng(draw(st.integers(0, 2**32 - 1)))


# ----------------------------------------------------------------------------- conv

@st.composite
def conv_cases(draw):
    rank = draw(st.integers(1, 3))
    w = draw(windows(rank, ("valid", "same", "causal") if rank == 1 else ("valid", "same"),
                     max_length=7 if rank < 3 else 4))
    groups = draw(st.sampled_from([1, 1, 2]))
    w.update(rank=rank, groups=groups, channels=groups * draw(st.integers(1, 2)),
             filters=groups * draw(st.integers(1, 2)), batch=draw(st.integers(1, 2)),
             use_bias=draw(st.booleans()), activation=draw(st.sampled_from([None, "relu", "tanh"])))
    rng = _rng(draw)
    w["x"] = rng.standard_normal((w["batch"], *w["lengths"], w["channels"]))
    w["kernel"] = rng.standard_normal((*w["kernel"], w["channels"] // groups, w["filters"]))
    w["bias"] = rng.standard_normal(w["filters"]) if w["use_bias"] else None
    return w


def _conv(c, x=None, channels_first=False):
    return ref.conv(c["x"] if x is None else x, c["kernel"], c["bias"], strides=c["strides"],
                    padding=c["padding"], dilation=c["dilation"], groups=c["groups"],
                    channels_first=channels_first, activation=c["activation"])


@examples
@given(conv_cases())
def test_conv_matches_keras(c):
    layer = CONV_CLASSES[c["rank"]](c["filters"], c["kernel"].shape[:c["rank"]], strides=c["strides"],
                                    padding=c["padding"], dilation_rate=c["dilation"], groups=c["groups"],
                                    use_bias=c["use_bias"], activation=c["activation"], dtype="float64")
    weights = [c["kernel"]] + ([c["bias"]] if c["use_bias"] else [])
    np.testing.assert_allclose(_conv(c), _keras(layer, c["x"], weights), **TOL)


@examples
@given(conv_cases())
def test_conv_channels_first_is_channels_last_transposed(c):
    np.testing.assert_allclose(_conv(c, _channels_first(c["x"]), channels_first=True),
                               _channels_first(_conv(c)), **TOL)


def test_conv_by_hand():
    impulse = np.zeros((1, 5, 1))
    impulse[0, 2, 0] = 1.0
    taps = np.array([1.0, 2.0, 3.0]).reshape(3, 1, 1)
    one = dict(strides=(1,), dilation=(1,))
    # A cross-correlation: the impulse reads the kernel backwards.
    assert ref.conv(impulse, taps, padding="valid", **one).ravel().tolist() == [3, 2, 1]
    assert ref.conv(impulse, taps, padding="same", **one).ravel().tolist() == [0, 3, 2, 1, 0]
    # Dilation 2: taps 0, 2, 4 of the padded input; "same" pads 2 before and 2 after.
    assert ref.conv(impulse, taps, padding="same", strides=(1,), dilation=(2,)).ravel().tolist() == [
        3, 0, 2, 0, 1]
    # TensorFlow's "same": 5 steps, kernel 4 pads 1 before, 2 after; strides 2 over 5 steps,
    # kernel 3 pads 1 and 1 (outputs at padded steps 0, 2, 4).
    ramp = np.arange(1.0, 6.0).reshape(1, 5, 1)
    ones4 = np.ones((4, 1, 1))
    assert ref.conv(ramp, ones4, padding="same", **one).ravel().tolist() == [6, 10, 14, 12, 9]
    assert ref.conv(ramp, np.ones((3, 1, 1)), padding="same", strides=(2,), dilation=(1,)).ravel().tolist() == [
        3, 9, 9]
    # Causal: output o sees x[o-1] (tap 0) and x[o] (tap 1).
    causal = ref.conv(np.array([1.0, 2.0, 3.0]).reshape(1, 3, 1), np.array([1.0, 10.0]).reshape(2, 1, 1),
                      padding="causal", **one)
    assert causal.ravel().tolist() == [10, 21, 32]
    # A 1x1 kernel of ones sums the channels; bias then activation.
    x = np.arange(12.0).reshape(1, 2, 2, 3)
    summed = ref.conv(x, np.ones((1, 1, 3, 1)), np.array([-10.0]), strides=(1, 1), padding="valid",
                      dilation=(1, 1), activation="relu")
    np.testing.assert_array_equal(summed[..., 0], np.maximum(x.sum(-1) - 10, 0))
    # Two groups, 1x1: output 0 sees only input 0, output 1 only input 1.
    grouped = ref.conv(np.array([[[2.0, 5.0]]]), np.array([[[3.0, 7.0]]]), strides=(1,), padding="valid",
                       dilation=(1,), groups=2)
    assert grouped.ravel().tolist() == [6, 35]
    # 3-D strides 2 over a 3x3x3 ramp with a single-tap kernel: the corners.
    cube = np.arange(27.0).reshape(1, 3, 3, 3, 1)
    picked = ref.conv(cube, np.ones((1, 1, 1, 1, 1)), strides=(2, 2, 2), padding="valid", dilation=(1, 1, 1))
    assert picked.ravel().tolist() == [0, 2, 6, 8, 18, 20, 24, 26]


# ----------------------------------------------------------------------------- conv transpose

@st.composite
def transpose_cases(draw, dilated=True):
    rank = draw(st.integers(1, 3))
    w = draw(windows(rank, max_length=6 if rank < 3 else 3))
    if not dilated:
        w["dilation"] = (1,) * rank
    extra = draw(st.one_of(st.none(), st.tuples(*[st.integers(0, s - 1) for s in w["strides"]])))
    w.update(rank=rank, output_padding=extra, channels=draw(st.integers(1, 3)), filters=draw(st.integers(1, 3)),
             batch=draw(st.integers(1, 2)), use_bias=draw(st.booleans()))
    rng = _rng(draw)
    w["x"] = rng.standard_normal((w["batch"], *w["lengths"], w["channels"]))
    w["kernel"] = rng.standard_normal((*w["kernel"], w["filters"], w["channels"]))
    w["bias"] = rng.standard_normal(w["filters"]) if w["use_bias"] else None
    return w


def _transpose(c, x=None, channels_first=False, bias=True):
    return ref.conv_transpose(c["x"] if x is None else x, c["kernel"], c["bias"] if bias else None,
                              strides=c["strides"], padding=c["padding"], output_padding=c["output_padding"],
                              dilation=c["dilation"], channels_first=channels_first)


def _output_lengths(c):
    extra = c["output_padding"] or (None,) * c["rank"]
    return [ref.output_length(n, k, s, c["padding"], p, d) for n, k, s, p, d in
            zip(c["lengths"], c["kernel"].shape, c["strides"], extra, c["dilation"])]


def _forward_gives_back(c) -> bool:
    """Whether the forward convolution of the output's length has the input's length: what
    TensorFlow's backprop-input kernel requires (Keras's "same" with output_padding can
    break it; rbridge refuses those settings up front)."""
    for n, length, k, s, d in zip(c["lengths"], _output_lengths(c), c["kernel"].shape, c["strides"], c["dilation"]):
        back = math.ceil(length / s) if c["padding"] == "same" else (length - _span(k, d)) // s + 1
        if back != n:
            return False
    return True


@examples
@given(transpose_cases(dilated=False).filter(_forward_gives_back))
def test_conv_transpose_matches_keras(c):
    """Dilation 1: TensorFlow's CPU kernels refuse dilated transposes (family.md §2.3)."""
    layer = TRANSPOSE_CLASSES[c["rank"]](c["filters"], c["kernel"].shape[:c["rank"]], strides=c["strides"],
                                         padding=c["padding"], output_padding=c["output_padding"],
                                         use_bias=c["use_bias"], dtype="float64")
    weights = [c["kernel"]] + ([c["bias"]] if c["use_bias"] else [])
    np.testing.assert_allclose(_transpose(c), _keras(layer, c["x"], weights), **TOL)


@examples
@given(transpose_cases().filter(_forward_gives_back), st.integers(0, 2**32 - 1))
def test_conv_transpose_is_the_adjoint_of_conv(c, seed):
    """<conv(u, W), v> = <u, conv_transpose(v, W)> for every stride, dilation and padding:
    the same kernel array is (k, in, out) to the forward convolution and (k, filters, in)
    to the transposed one."""
    v = c["x"]
    out = _transpose(c, bias=False)
    u = np.random.default_rng(seed).standard_normal(out.shape)
    forward = ref.conv(u, c["kernel"], strides=c["strides"], padding=c["padding"], dilation=c["dilation"])
    assert forward.shape == v.shape
    assert np.vdot(forward, v) == pytest.approx(np.vdot(u, out), rel=1e-9, abs=1e-9)


@examples
@given(transpose_cases())
def test_conv_transpose_channels_first_is_channels_last_transposed(c):
    np.testing.assert_allclose(_transpose(c, _channels_first(c["x"]), channels_first=True),
                               _channels_first(_transpose(c)), **TOL)


def test_conv_transpose_by_hand():
    taps = np.array([1.0, 2.0, 3.0]).reshape(3, 1, 1)
    one = dict(dilation=(1,))
    # One input step scatters the kernel; strides 2 put two copies 2 apart, overlapping.
    assert ref.conv_transpose(np.ones((1, 1, 1)), taps, strides=(2,), padding="valid", **one).ravel().tolist() == [
        1, 2, 3]
    assert ref.conv_transpose(np.array([[[1.0], [10.0]]]), taps, strides=(2,), padding="valid",
                              **one).ravel().tolist() == [1, 2, 13, 20, 30]
    # "same", strides 1: the full output [1, 12, 23, 30] less one step before (Keras's
    # length n*s = 2; the forward padding's smaller half goes before).
    assert ref.conv_transpose(np.array([[[1.0], [10.0]]]), taps, strides=(1,), padding="same",
                              **one).ravel().tolist() == [12, 23]
    # output_padding past the full output adds zeros; dilation 2 spaces the taps.
    assert ref.conv_transpose(np.ones((1, 1, 1)), taps, strides=(3,), padding="valid", output_padding=(2,),
                              **one).ravel().tolist() == [1, 2, 3, 0, 0]
    assert ref.conv_transpose(np.ones((1, 1, 1)), taps, strides=(1,), padding="valid",
                              dilation=(2,)).ravel().tolist() == [1, 0, 2, 0, 3]
    # 2-D: a 1x1 kernel with strides 2 spreads the input onto a grid, zeros between.
    spread = ref.conv_transpose(np.array([[[[1.0], [2.0]], [[3.0], [4.0]]]]), np.ones((1, 1, 1, 1)),
                                strides=(2, 2), padding="valid", dilation=(1, 1))
    np.testing.assert_array_equal(spread[0, ..., 0], [[1, 0, 2, 0], [0, 0, 0, 0], [3, 0, 4, 0], [0, 0, 0, 0]])
    # The 1-D scalar form is the same function.
    x = np.random.default_rng(0).standard_normal((2, 4, 3))
    kernel = np.random.default_rng(1).standard_normal((3, 2, 3))
    np.testing.assert_array_equal(
        ref.conv1d_transpose(x, kernel, None, strides=2, padding="same", output_padding=1, dilation=1),
        ref.conv_transpose(x, kernel, strides=(2,), padding="same", output_padding=(1,), dilation=(1,)))


# ----------------------------------------------------------------------------- depthwise, separable

@st.composite
def depthwise_cases(draw, ranks=(1, 2)):
    rank = draw(st.sampled_from(ranks))
    # The CPU depthwise kernel takes equal strides only (family.md, "found since").
    w = draw(windows(rank, max_length=7 if rank < 3 else 4, equal_strides=True))
    w.update(rank=rank, channels=draw(st.integers(1, 3)), multiplier=draw(st.integers(1, 2)),
             filters=draw(st.integers(1, 3)), batch=draw(st.integers(1, 2)), use_bias=draw(st.booleans()))
    rng = _rng(draw)
    w["x"] = rng.standard_normal((w["batch"], *w["lengths"], w["channels"]))
    w["depthwise"] = rng.standard_normal((*w["kernel"], w["channels"], w["multiplier"]))
    w["pointwise"] = rng.standard_normal(((1,) * rank) + (w["channels"] * w["multiplier"], w["filters"]))
    w["bias"] = rng.standard_normal(w["channels"] * w["multiplier"]) if w["use_bias"] else None
    w["separable_bias"] = rng.standard_normal(w["filters"]) if w["use_bias"] else None
    return w


def _depthwise(c, x=None, channels_first=False):
    return ref.depthwise_conv(c["x"] if x is None else x, c["depthwise"], c["bias"], strides=c["strides"],
                              padding=c["padding"], dilation=c["dilation"], depth_multiplier=c["multiplier"],
                              channels_first=channels_first)


def _separable(c, x=None, channels_first=False):
    return ref.separable_conv(c["x"] if x is None else x, c["depthwise"], c["pointwise"], c["separable_bias"],
                              strides=c["strides"], padding=c["padding"], dilation=c["dilation"],
                              depth_multiplier=c["multiplier"], channels_first=channels_first)


@examples
@given(depthwise_cases())
def test_depthwise_matches_keras(c):
    cls = keras.layers.DepthwiseConv1D if c["rank"] == 1 else keras.layers.DepthwiseConv2D
    layer = cls(c["kernel"], strides=c["strides"], padding=c["padding"], dilation_rate=c["dilation"],
                depth_multiplier=c["multiplier"], use_bias=c["use_bias"], dtype="float64")
    weights = [c["depthwise"]] + ([c["bias"]] if c["use_bias"] else [])
    np.testing.assert_allclose(_depthwise(c), _keras(layer, c["x"], weights), **TOL)


@examples
@given(depthwise_cases())
def test_separable_matches_keras(c):
    cls = keras.layers.SeparableConv1D if c["rank"] == 1 else keras.layers.SeparableConv2D
    layer = cls(c["filters"], c["kernel"], strides=c["strides"], padding=c["padding"], dilation_rate=c["dilation"],
                depth_multiplier=c["multiplier"], use_bias=c["use_bias"], dtype="float64")
    weights = [c["depthwise"], c["pointwise"]] + ([c["separable_bias"]] if c["use_bias"] else [])
    np.testing.assert_allclose(_separable(c), _keras(layer, c["x"], weights), **TOL)


@examples
@given(depthwise_cases(ranks=(1, 2, 3)))
def test_depthwise_and_separable_channels_first_are_channels_last_transposed(c):
    x = _channels_first(c["x"])
    np.testing.assert_allclose(_depthwise(c, x, True), _channels_first(_depthwise(c)), **TOL)
    np.testing.assert_allclose(_separable(c, x, True), _channels_first(_separable(c)), **TOL)


def test_separable_causal_is_left_padding_then_valid():
    """R keras 2.15's SeparableConv1D computes "causal" (Keras 3 refuses it): zeros before."""
    rng = np.random.default_rng(3)
    x, dw, pw = rng.standard_normal((2, 5, 2)), rng.standard_normal((3, 2, 2)), rng.standard_normal((1, 4, 3))
    causal = ref.separable_conv(x, dw, pw, strides=(1,), padding="causal", dilation=(2,), depth_multiplier=2)
    padded = np.pad(x, [(0, 0), (4, 0), (0, 0)])
    valid = ref.separable_conv(padded, dw, pw, strides=(1,), padding="valid", dilation=(2,), depth_multiplier=2)
    np.testing.assert_allclose(causal, valid, **TOL)


def test_depthwise_and_separable_by_hand():
    # Output channel c*dm + m is input channel c through kernel m.
    x = np.array([[[2.0, 5.0]]])
    kernel = np.array([[[1.0, 2.0], [3.0, 4.0]]])  # (1, in=2, dm=2)
    one = dict(strides=(1,), padding="valid", dilation=(1,), depth_multiplier=2)
    assert ref.depthwise_conv(x, kernel, **one).ravel().tolist() == [2, 4, 15, 20]
    # Each channel is convolved alone: channel 1's impulse never reaches channel 0.
    impulse = np.zeros((1, 3, 2))
    impulse[0, 1, 1] = 1.0
    taps = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]).reshape(3, 2, 1)
    out = ref.depthwise_conv(impulse, taps, strides=(1,), padding="same", dilation=(1,), depth_multiplier=1)
    np.testing.assert_array_equal(out[0], [[0, 3], [0, 2], [0, 1]])
    # Separable: the pointwise kernel mixes the four depthwise channels 2, 4, 15, 20, plus the bias.
    pointwise = np.array([1.0, 10.0, 100.0, 1000.0]).reshape(1, 4, 1)
    assert ref.separable_conv(x, kernel, pointwise, np.array([0.5]), **one).ravel().tolist() == [21542.5]


# ----------------------------------------------------------------------------- conv_lstm_2d

@st.composite
def lstm_cases(draw):
    w = draw(windows(2, max_length=5))
    w.update(time=draw(st.integers(1, 3)), channels=draw(st.integers(1, 2)), filters=draw(st.integers(1, 2)),
             batch=draw(st.integers(1, 2)), use_bias=draw(st.booleans()),
             return_sequences=draw(st.booleans()), return_state=draw(st.booleans()),
             go_backwards=draw(st.booleans()), initial_state=draw(st.booleans()))
    rng = _rng(draw)
    w["x"] = rng.standard_normal((w["batch"], w["time"], *w["lengths"], w["channels"]))
    w["kernel"] = rng.standard_normal((*w["kernel"], w["channels"], 4 * w["filters"])) * 0.5
    w["recurrent"] = rng.standard_normal((*w["kernel"].shape[:2], w["filters"], 4 * w["filters"])) * 0.5
    w["bias"] = rng.standard_normal(4 * w["filters"]) if w["use_bias"] else None
    state_lengths = [math.ceil(n / s) if w["padding"] == "same" else (n - _span(k, d)) // s + 1
                     for n, k, s, d in zip(w["lengths"], w["kernel"].shape, w["strides"], w["dilation"])]
    shape = (w["batch"], *state_lengths, w["filters"])
    w["state"] = [rng.standard_normal(shape), rng.standard_normal(shape)] if w["initial_state"] else None
    return w


def _lstm(c, x=None, channels_first=False, state=None, **overrides):
    args = dict(strides=c["strides"], padding=c["padding"], dilation=c["dilation"],
                return_sequences=c["return_sequences"], return_state=c["return_state"],
                go_backwards=c["go_backwards"], initial_state=c["state"] if state is None else state)
    args.update(overrides)
    return ref.conv_lstm_2d(c["x"] if x is None else x, c["kernel"], c["recurrent"], c["bias"],
                            channels_first=channels_first, **args)


def _keras_hard_sigmoid(t):
    """Keras 2.15's hard_sigmoid, written for Keras 3 (whose own "hard_sigmoid" is x/6 + 0.5)."""
    return keras.ops.clip(0.2 * t + 0.5, 0.0, 1.0)


@keras3_only
@examples
@given(lstm_cases())
def test_conv_lstm_2d_matches_keras(c):
    """Keras 3 given Keras 2.15's hard_sigmoid as a function, against the reference's default."""
    layer = keras.layers.ConvLSTM2D(c["filters"], c["kernel"].shape[:2], strides=c["strides"], padding=c["padding"],
                                    dilation_rate=c["dilation"], recurrent_activation=_keras_hard_sigmoid,
                                    use_bias=c["use_bias"], return_sequences=c["return_sequences"],
                                    return_state=c["return_state"], go_backwards=c["go_backwards"],
                                    unit_forget_bias=False, dtype="float64")
    weights = [c["kernel"], c["recurrent"]] + ([c["bias"]] if c["use_bias"] else [])
    call = {"initial_state": c["state"]} if c["state"] is not None else {}
    expected = _keras(layer, c["x"], weights, **call)
    got = _lstm(c)
    for g, e in zip(got if c["return_state"] else [got], expected if c["return_state"] else [expected]):
        np.testing.assert_allclose(g, e, **TOL)


@examples
@given(lstm_cases())
def test_conv_lstm_2d_channels_first_is_channels_last_transposed(c):
    x = np.moveaxis(c["x"], -1, 2)
    state = None if c["state"] is None else [_channels_first(s) for s in c["state"]]
    got = _lstm(c, x, channels_first=True, state=state, return_sequences=True, return_state=True)
    last = _lstm(c, return_sequences=True, return_state=True)
    np.testing.assert_allclose(got[0], np.moveaxis(last[0], -1, 2), **TOL)
    for g, e in zip(got[1:], last[1:]):
        np.testing.assert_allclose(g, _channels_first(e), **TOL)


def test_conv_lstm_2d_by_hand():
    """Zero kernels: the gates are the bias alone; hard_sigmoid(b) = 0.2b + 0.5 (Keras 2.15)."""
    bi, bf, bc, bo = 1.0, -1.0, 0.5, 2.0
    c = dict(x=np.ones((1, 2, 1, 1, 1)), kernel=np.zeros((1, 1, 1, 4)), recurrent=np.zeros((1, 1, 1, 4)),
             bias=np.array([bi, bf, bc, bo]), state=None)
    sequence, h, cell = ref.conv_lstm_2d(c["x"], c["kernel"], c["recurrent"], c["bias"], strides=(1, 1),
                                         padding="valid", dilation=(1, 1), return_sequences=True,
                                         return_state=True)
    i, f, o = 0.7, 0.3, 0.9  # 0.2b + 0.5; clipped at 1 for b >= 2.5 only
    c1 = i * math.tanh(bc)
    c2 = f * c1 + i * math.tanh(bc)
    np.testing.assert_allclose(sequence.ravel(), [o * math.tanh(c1), o * math.tanh(c2)], **TOL)
    np.testing.assert_allclose([h.item(), cell.item()], [o * math.tanh(c2), c2], **TOL)
    # The recurrent kernel sees h: a 1x1 recurrent kernel w on the c gate adds w*h_prev.
    recurrent = np.zeros((1, 1, 1, 4))
    recurrent[..., 2] = 2.0
    second = ref.conv_lstm_2d(c["x"], c["kernel"], recurrent, c["bias"], strides=(1, 1), padding="valid",
                              dilation=(1, 1), activation="linear", recurrent_activation="linear")
    # With linear activations: c1 = bi*bc, h1 = bo*c1; c2 = bf*c1 + bi*(bc + 2*h1), h2 = bo*c2.
    c1 = bi * bc
    h1 = bo * c1
    np.testing.assert_allclose(second.item(), bo * (bf * c1 + bi * (bc + 2 * h1)), **TOL)


# ----------------------------------------------------------------------------- reshaping

@st.composite
def reshaping_cases(draw, ranks=(1, 2, 3)):
    rank = draw(st.sampled_from(ranks))
    lengths = tuple(draw(st.integers(1, 5)) for _ in range(rank))
    pads = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in range(rank))
    crops = []
    for n in lengths:
        start = draw(st.integers(0, n))
        crops.append((start, draw(st.integers(0, n - start))))
    return dict(rank=rank, pads=pads, crops=tuple(crops), size=tuple(draw(st.integers(1, 3)) for _ in range(rank)),
                x=_rng(draw).standard_normal((draw(st.integers(1, 2)), *lengths, draw(st.integers(1, 3)))))


PADDING_CLASSES = {1: keras.layers.ZeroPadding1D, 2: keras.layers.ZeroPadding2D, 3: keras.layers.ZeroPadding3D}
CROPPING_CLASSES = {1: keras.layers.Cropping1D, 2: keras.layers.Cropping2D, 3: keras.layers.Cropping3D}
UPSAMPLING_CLASSES = {1: keras.layers.UpSampling1D, 2: keras.layers.UpSampling2D, 3: keras.layers.UpSampling3D}


def _formats(rank):
    """Keras's channels_first keyword where the layer has one (the 1-D layers: channels_last only)."""
    return {} if rank == 1 else {"data_format": "channels_last"}


@examples
@given(reshaping_cases())
def test_zero_padding_and_cropping_match_keras(c):
    x, rank = c["x"], c["rank"]
    pad = PADDING_CLASSES[rank](c["pads"][0] if rank == 1 else c["pads"], dtype="float64", **_formats(rank))
    np.testing.assert_array_equal(ref.zero_padding(x, c["pads"]), np.asarray(pad(x)))
    # Keras 3 refuses to crop an axis away entirely (Keras 2.15 and the reference: empty).
    if all(a + b < n for (a, b), n in zip(c["crops"], x.shape[1:-1])):
        crop = CROPPING_CLASSES[rank](c["crops"][0] if rank == 1 else c["crops"], dtype="float64", **_formats(rank))
        np.testing.assert_array_equal(ref.cropping(x, c["crops"]), np.asarray(crop(x)))


@examples
@given(reshaping_cases(), st.sampled_from(["nearest", "bilinear"]))
def test_upsampling_matches_keras(c, interpolation):
    x, rank = c["x"], c["rank"]
    interpolation = interpolation if rank == 2 else "nearest"
    extra = {"interpolation": interpolation} if rank == 2 else {}
    size = c["size"][0] if rank == 1 else c["size"]
    layer = UPSAMPLING_CLASSES[rank](size, dtype="float64", **_formats(rank), **extra)
    # tf.image.resize computes its bilinear weights in float32.
    tol = dict(rtol=1e-6, atol=1e-6) if interpolation == "bilinear" else TOL
    np.testing.assert_allclose(ref.upsampling(x, c["size"], interpolation=interpolation), np.asarray(layer(x)), **tol)


@examples
@given(reshaping_cases(), st.sampled_from(["nearest", "bilinear"]))
def test_reshaping_channels_first_is_channels_last_transposed(c, interpolation):
    x, first = c["x"], _channels_first(c["x"])
    interpolation = interpolation if c["rank"] == 2 else "nearest"
    np.testing.assert_array_equal(ref.zero_padding(first, c["pads"], channels_first=True),
                                  _channels_first(ref.zero_padding(x, c["pads"])))
    np.testing.assert_array_equal(ref.cropping(first, c["crops"], channels_first=True),
                                  _channels_first(ref.cropping(x, c["crops"])))
    np.testing.assert_allclose(ref.upsampling(first, c["size"], channels_first=True, interpolation=interpolation),
                               _channels_first(ref.upsampling(x, c["size"], interpolation=interpolation)), **TOL)


def test_reshaping_by_hand():
    x = np.array([[[1.0], [2.0]]])
    assert ref.zero_padding(x, ((1, 2),)).ravel().tolist() == [0, 1, 2, 0, 0]
    assert ref.cropping(np.arange(5.0).reshape(1, 5, 1), ((1, 2),)).ravel().tolist() == [1, 2]
    assert ref.upsampling(x, (3,)).ravel().tolist() == [1, 1, 1, 2, 2, 2]
    # Half-pixel bilinear, scale 2: sources -0.25, 0.25, 0.75, 1.25, clamped at the ends.
    row = np.array([0.0, 1.0]).reshape(1, 1, 2, 1)
    np.testing.assert_allclose(ref.upsampling(row, (1, 2), interpolation="bilinear").ravel(), [0, 0.25, 0.75, 1])
    # Scale 3 on [0, 3]: sources -1/3, 0, 1/3, 2/3, 1, 4/3.
    row3 = np.array([0.0, 3.0]).reshape(1, 1, 2, 1)
    np.testing.assert_allclose(ref.upsampling(row3, (1, 3), interpolation="bilinear").ravel(), [0, 0, 1, 2, 3, 3])
    assert ref.cropping(x, ((2, 1),)).shape == (1, 0, 1)  # Keras 2.15: an empty axis
    with pytest.raises(ValueError, match="interpolation"):
        ref.upsampling(x, (2,), interpolation="bilinear")


# ----------------------------------------------------------------------------- channels_first vs Keras

_RNG = np.random.default_rng(11)
_X3, _X2, _X1 = (_RNG.standard_normal(shape) for shape in [(2, 3, 4, 5, 6), (2, 3, 5, 6), (2, 3, 7)])
_K3, _B4, _B6 = _RNG.standard_normal((2, 3, 2, 3, 4)), _RNG.standard_normal(4), _RNG.standard_normal(6)
_DW2, _DW1 = _RNG.standard_normal((3, 2, 3, 2)), _RNG.standard_normal((3, 3, 2))
_PW2, _PW1 = _RNG.standard_normal((1, 1, 6, 4)), _RNG.standard_normal((1, 6, 4))
_CF = dict(data_format="channels_first", dtype="float64")

# Layers Keras 3 computes right in channels_first on the CPU (family.md §2.3), each with
# a non-zero bias and an output whose last spatial length differs from its channel count
# (§2.2 row 9): name -> (Keras layer, input, weights, reference), built when run.
CHANNELS_FIRST = {
    "conv3d": lambda: (
        keras.layers.Conv3D(4, (2, 3, 2), padding="same", **_CF), _X3, [_K3, _B4],
        ref.conv(_X3, _K3, _B4, strides=(1, 1, 1), padding="same", dilation=(1, 1, 1), channels_first=True)),
    "depthwise2d": lambda: (
        keras.layers.DepthwiseConv2D((3, 2), depth_multiplier=2, dilation_rate=(1, 2), **_CF), _X2, [_DW2, _B6],
        ref.depthwise_conv(_X2, _DW2, _B6, strides=(1, 1), padding="valid", dilation=(1, 2), depth_multiplier=2,
                           channels_first=True)),
    "depthwise1d": lambda: (
        keras.layers.DepthwiseConv1D(3, strides=2, depth_multiplier=2, padding="same", **_CF), _X1, [_DW1, _B6],
        ref.depthwise_conv(_X1, _DW1, _B6, strides=(2,), padding="same", dilation=(1,), depth_multiplier=2,
                           channels_first=True)),
    "separable2d": lambda: (
        keras.layers.SeparableConv2D(4, (3, 2), depth_multiplier=2, padding="same", **_CF), _X2, [_DW2, _PW2, _B4],
        ref.separable_conv(_X2, _DW2, _PW2, _B4, strides=(1, 1), padding="same", dilation=(1, 1),
                           depth_multiplier=2, channels_first=True)),
    "separable1d": lambda: (
        keras.layers.SeparableConv1D(4, 3, depth_multiplier=2, strides=2, **_CF), _X1, [_DW1, _PW1, _B4],
        ref.separable_conv(_X1, _DW1, _PW1, _B4, strides=(2,), padding="valid", dilation=(1,),
                           depth_multiplier=2, channels_first=True)),
    "upsampling2d_bilinear": lambda: (
        keras.layers.UpSampling2D((2, 3), interpolation="bilinear", **_CF), _X2, None,
        ref.upsampling(_X2, (2, 3), interpolation="bilinear", channels_first=True)),
    "upsampling3d": lambda: (
        keras.layers.UpSampling3D((1, 2, 3), **_CF), _X3, None, ref.upsampling(_X3, (1, 2, 3), channels_first=True)),
    "zero_padding3d": lambda: (
        keras.layers.ZeroPadding3D(((0, 1), (2, 0), (1, 1)), **_CF), _X3, None,
        ref.zero_padding(_X3, ((0, 1), (2, 0), (1, 1)), channels_first=True)),
    "cropping2d": lambda: (
        keras.layers.Cropping2D(((1, 2), (0, 3)), **_CF), _X2, None,
        ref.cropping(_X2, ((1, 2), (0, 3)), channels_first=True)),
}


@keras3_only
@pytest.mark.parametrize("name", sorted(CHANNELS_FIRST))
def test_channels_first_matches_keras(name):
    layer, x, weights, expected = CHANNELS_FIRST[name]()
    got = np.asarray(layer(x)) if weights is None else _keras(layer, x, weights)
    # tf.image.resize computes its bilinear weights in float32.
    tol = dict(rtol=1e-6, atol=1e-6) if "bilinear" in name else TOL
    np.testing.assert_allclose(expected, got, **tol)


# ----------------------------------------------------------------------------- activations

@keras3_only
def test_activations_are_keras_2_15s():
    """Every name against Keras 3's function, except hard_sigmoid, whose meaning Keras 3
    changed (checked by hand: Keras 2.15's clip(0.2x + 0.5, 0, 1))."""
    x = np.linspace(-4.0, 4.0, 17).reshape(1, 17) * np.array([[1.0], [0.5]])
    for name in ref.ACTIVATION_NAMES:
        if name == "hard_sigmoid":
            continue
        expected = np.asarray(keras.activations.get(name)(keras.ops.convert_to_tensor(x, dtype="float64")))
        # tf.nn.leaky_relu keeps its alpha 0.2 as a float32 constant (3e-8 relative), and
        # tf.nn.gelu's float64 erfc is off by up to 5e-9 (math.erf is exact to rounding).
        atol = 1e-8 if name == "gelu" else 1e-12
        np.testing.assert_allclose(ref.activation(name)(x), expected, rtol=1e-7, atol=atol, err_msg=name)
    hard = ref.activation("hard_sigmoid")
    np.testing.assert_allclose(hard(np.array([-3.0, -2.5, 0.0, 1.0, 2.5, 3.0])), [0, 0, 0.5, 0.7, 1, 1], **TOL)


def test_activations_by_hand():
    act = ref.activation
    assert act(None)(np.array([-1.0])).tolist() == [-1.0]
    assert act("relu")(np.array([-1.0, 2.0])).tolist() == [0.0, 2.0]
    assert act("relu6")(np.array([-1.0, 7.0])).tolist() == [0.0, 6.0]
    np.testing.assert_allclose(act("gelu")(np.array([1.0])), [0.8413447460685429], **TOL)
    np.testing.assert_allclose(act("selu")(np.array([1.0, -1.0])), [1.0507009873554805, -1.1113307378125628], **TOL)
    np.testing.assert_allclose(act("softmax")(np.array([[0.0, math.log(3.0)]])), [[0.25, 0.75]], **TOL)
    np.testing.assert_allclose(act("sigmoid")(np.array([-800.0, 0.0, 800.0])), [0.0, 0.5, 1.0], **TOL)
    np.testing.assert_allclose(act("softplus")(np.array([0.0, 800.0])), [math.log(2.0), 800.0], **TOL)
    # Softmax is over the tensor's last axis: for channels_first that is a spatial axis, as in Keras.
    x = np.array([[[0.0, math.log(3.0)], [0.0, 0.0]]])  # (1, ch=2, steps=2)
    out = ref.conv(x, np.eye(2).reshape(1, 2, 2), strides=(1,), padding="valid", dilation=(1,),
                   channels_first=True, activation="softmax")
    np.testing.assert_allclose(out, [[[0.25, 0.75], [0.5, 0.5]]], **TOL)
    assert act(np.tanh) is np.tanh
    with pytest.raises(ValueError, match="ReLU"):
        act("ReLU")


# ----------------------------------------------------------------------------- R keras's own numbers

_RESHAPING = {  # R function -> (rank, reference, R keras 2.15's default of its one argument)
    "layer_zero_padding_1d": (1, ref.zero_padding, 1), "layer_zero_padding_2d": (2, ref.zero_padding, 1),
    "layer_zero_padding_3d": (3, ref.zero_padding, 1), "layer_cropping_1d": (1, ref.cropping, [1, 1]),
    "layer_cropping_2d": (2, ref.cropping, 0), "layer_cropping_3d": (3, ref.cropping, 1),
    "layer_upsampling_1d": (1, ref.upsampling, 2), "layer_upsampling_2d": (2, ref.upsampling, 2),
    "layer_upsampling_3d": (3, ref.upsampling, 2),
}


# The functions whose references this file checks against R keras 2.15's numbers (the
# layers around them have theirs checked in test_reference_around_b.py).
_CONVOLUTIONS = {f"layer_{name}" for name in (
    "conv_1d", "conv_2d", "conv_3d", "conv_1d_transpose", "conv_2d_transpose", "conv_3d_transpose",
    "separable_conv_1d", "separable_conv_2d", "depthwise_conv_1d", "depthwise_conv_2d", "conv_lstm_2d")}


def _recorded_cases():
    """R keras 2.15's recorded outputs (tests/fixtures) the references can compute: the
    convolutions whose weights the case gives, and the reshaping layers (interpolation
    "nearest" and "bilinear": the ones the reference implements)."""
    from rbridge.verify import load_cases

    def computable(case):
        if "output" not in case["result"]:
            return False
        if (case.get("function") or "layer_conv_1d_transpose") not in _CONVOLUTIONS | set(_RESHAPING):
            return False
        if case.get("function") in _RESHAPING:
            return "interpolation" not in case["args"] or "'bilinear'" in case["args"]
        return "weights = " in case["args"]

    return [c for c in load_cases() if computable(c)]


def _pairs(value, rank):
    """R keras's padding/cropping forms as (before, after) pairs: one integer (every side),
    1-D's pair, ``rank`` integers (both sides of each axis), or ``rank`` pairs."""
    if not isinstance(value, (list, tuple)):
        return ((int(value), int(value)),) * rank
    if rank == 1:
        return ((int(value[0]), int(value[-1])),)
    return tuple((int(v), int(v)) if not isinstance(v, (list, tuple)) else (int(v[0]), int(v[1])) for v in value)


def _reshaping_reference(case):
    """What the reshaping references compute for an R case."""
    from rbridge.convert import named_elements, to_python
    from rbridge.verify import evaluate_r

    rank, function, default = _RESHAPING[case["function"]]
    args = {k: to_python(v) for k, v in named_elements(evaluate_r(case["args"])).items()}
    x = np.asarray(to_python(evaluate_r(case["input"])), dtype=np.float64)
    first = args.get("data_format") == "channels_first"
    if function is ref.upsampling:
        return ref.upsampling(x, _tuple(args.get("size", default), rank, 2), channels_first=first,
                              interpolation=args.get("interpolation", "nearest"))
    name = "padding" if function is ref.zero_padding else "cropping"
    return function(x, _pairs(args.get(name, default), rank), channels_first=first)


# R function -> (rank, reference). R keras 2.15's Conv3DTranspose ignores dilation_rate
# (family.md §2.2 row 2): its reference is called with dilation 1 there.
_R_FUNCTIONS = {
    "layer_conv_1d": 1, "layer_conv_2d": 2, "layer_conv_3d": 3, "layer_conv_1d_transpose": 1,
    "layer_conv_2d_transpose": 2, "layer_conv_3d_transpose": 3, "layer_separable_conv_1d": 1,
    "layer_separable_conv_2d": 2, "layer_depthwise_conv_1d": 1, "layer_depthwise_conv_2d": 2,
    "layer_conv_lstm_2d": 2,
}


def _tuple(value, rank, default):
    """An R argument (scalar, vector or absent) as one integer per spatial axis."""
    if value is None:
        return (default,) * rank
    values = [int(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
    return tuple(values * rank) if len(values) == 1 else tuple(values)


def _reference_for(case):
    """What the references compute for an R case: its arguments read from R, the rest from
    the weights' shapes (kernel size, filters, groups, depth multiplier)."""
    from rbridge.convert import named_elements, to_python
    from rbridge.verify import evaluate_r

    function = case.get("function", "layer_conv_1d_transpose")
    rank = _R_FUNCTIONS[function]
    args = {k: to_python(v) for k, v in named_elements(evaluate_r(case["args"])).items()}
    x = np.asarray(to_python(evaluate_r(case["input"])), dtype=np.float64)
    weights = [np.asarray(w, dtype=np.float64) for w in args["weights"]]
    common = dict(strides=_tuple(args.get("strides"), rank, 1), padding=str(args.get("padding", "valid")).lower(),
                  dilation=_tuple(args.get("dilation_rate"), rank, 1))
    first = args.get("data_format") == "channels_first"
    activation = args.get("activation")
    if function == "layer_conv_lstm_2d":
        bias = weights[2] if len(weights) > 2 else None
        outs = ref.conv_lstm_2d(x, weights[0], weights[1], bias, channels_first=first,
                                activation=activation or "tanh",
                                recurrent_activation=args.get("recurrent_activation", "hard_sigmoid"),
                                return_sequences=bool(args.get("return_sequences", False)),
                                return_state=bool(args.get("return_state", False)),
                                go_backwards=bool(args.get("go_backwards", False)), **common)
        if not isinstance(outs, list):
            return outs
        # The recorder keeps R's view of [output, h, c]: one array when their shapes agree,
        # else the three flattened one after the other.
        if len({o.shape for o in outs}) == 1:
            return np.stack(outs)
        return np.concatenate([o.ravel() for o in outs])
    kinds = dict(channels_first=first, activation=activation)
    if "transpose" in function:
        if rank == 3:
            common["dilation"] = (1, 1, 1)
        extra = args.get("output_padding")
        return ref.conv_transpose(x, weights[0], weights[1] if len(weights) > 1 else None,
                                  output_padding=None if extra is None else _tuple(extra, rank, 0), **common, **kinds)
    if "separable" in function:
        return ref.separable_conv(x, weights[0], weights[1], weights[2] if len(weights) > 2 else None,
                                  depth_multiplier=weights[0].shape[-1], **common, **kinds)
    if "depthwise" in function:
        return ref.depthwise_conv(x, weights[0], weights[1] if len(weights) > 1 else None,
                                  depth_multiplier=weights[0].shape[-1], **common, **kinds)
    channels = x.shape[1] if first else x.shape[-1]
    return ref.conv(x, weights[0], weights[1] if len(weights) > 1 else None,
                    groups=channels // weights[0].shape[-2], **common, **kinds)


RECORDED = _recorded_cases()


def test_recorded_numbers_reach_every_reference():
    """The parametrised list below is not silently shorter: every function of the family has
    recorded R keras 2.15 numbers that its reference is checked against (127 cases when
    written; recordings are only added)."""
    per_function: dict[str, int] = {}
    for case in RECORDED:
        name = case.get("function") or "layer_conv_1d_transpose"
        per_function[name] = per_function.get(name, 0) + 1
    missing = (_CONVOLUTIONS | set(_RESHAPING)) - {f for f, n in per_function.items() if n >= 3}
    assert not missing, f"fewer than 3 recorded cases checked for {sorted(missing)}"
    assert len(RECORDED) >= 127


@pytest.mark.parametrize("case", RECORDED, ids=lambda c: c["id"])
def test_references_reproduce_r_keras(case):
    """The references give R keras 2.15's recorded numbers (float32 there: 1e-5), including
    where Keras 3 means something else (ConvLSTM2D's hard_sigmoid, separable causal,
    Conv3DTranspose's ignored dilation, cropping an axis away)."""
    recorded = case["result"]["output"]
    expected = _reshaping_reference(case) if case.get("function") in _RESHAPING else _reference_for(case)
    assert list(expected.shape) == recorded["shape"]
    np.testing.assert_allclose(expected.ravel(), recorded["data"], rtol=1e-5, atol=1e-5)
