"""Every family layer computes every setting on every TensorFlow CPU kernel (engine/kernels/).

TensorFlow's plain CPU kernels refuse channels_first for most convolutions, dilated
transposed convolutions and unequal depthwise strides; oneDNN takes them in float32 only.
Keras 3 also adds a channels_first bias on the wrong axis when the output's last length
equals the number of channels, and refuses SeparableConv1D's "causal" and two
interpolations that R keras 2.15 computes. CI runs this file with TF_ENABLE_ONEDNN_OPTS=0
and =1, on Keras 3 and Keras 2: each test checks the path this process takes (native op
or exact equivalent) and, forced, the equivalent itself. Expected numbers come from the
NumPy references (rbridge.reference), or, for the two interpolations no reference has,
from Keras 2.15 itself (values recorded below), never from rbridge's own output.

The cases with channels_first have an output whose last axis is as long as its number of
channels, where Keras 3 adds the bias wrongly.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

import rbridge
from rbridge import reference as ref
from rbridge.engine import get_engine
from rbridge.engine.kernels import conv as conv_kernels
from rbridge.engine.kernels import conv_transpose as transpose_kernels
from rbridge.engine.kernels import depthwise as depthwise_kernels
from rbridge.engine.kernels._common import native_computes

CF = "channels_first"

# The warning for a dilated layer_conv_3d_transpose() (tested in test_family.py/verify).
pytestmark = [pytest.mark.kernel_dependent, pytest.mark.filterwarnings("ignore::rbridge.errors.RBridgeWarning")]


class _floatx:
    """Keras's default float type, for the R functions without a `dtype` argument
    (layer_conv_lstm_2d, layer_upsampling_2d): as R keras, they follow Keras's floatx."""

    def __init__(self, dtype):
        self.dtype = dtype

    def __enter__(self):
        keras = get_engine().keras
        self.saved = keras.backend.floatx()
        keras.backend.set_floatx(self.dtype)
        if hasattr(keras, "config") and hasattr(keras.config, "set_dtype_policy"):
            # Keras 3 keeps the global dtype policy it made from floatx at its first layer.
            self.saved_policy = keras.config.dtype_policy()
            keras.config.set_dtype_policy(self.dtype)

    def __exit__(self, *exc):
        keras = get_engine().keras
        keras.backend.set_floatx(self.saved)
        if hasattr(self, "saved_policy"):
            keras.config.set_dtype_policy(self.saved_policy)


def _ints(value, rank):
    return tuple(value) if isinstance(value, (list, tuple)) else (value,) * rank


# (id, R function, arguments, input shape without the batch)
CASES = [
    ("conv1d_cf", "layer_conv_1d", dict(filters=4, kernel_size=3, data_format=CF), (3, 6)),
    ("conv1d_cf_dil2", "layer_conv_1d", dict(filters=4, kernel_size=2, dilation_rate=2, data_format=CF), (3, 6)),
    ("conv1d_cf_s2_same", "layer_conv_1d", dict(filters=4, kernel_size=3, strides=2, padding="same",
                                                data_format=CF), (3, 8)),
    ("conv1d_cf_causal_dil2", "layer_conv_1d", dict(filters=4, kernel_size=3, padding="causal", dilation_rate=2,
                                                    data_format=CF), (3, 4)),
    ("conv1d_cf_g2", "layer_conv_1d", dict(filters=4, kernel_size=3, groups=2, data_format=CF), (4, 6)),
    ("conv2d_cf", "layer_conv_2d", dict(filters=4, kernel_size=[3, 3], data_format=CF), (3, 5, 6)),
    ("conv2d_cf_dil", "layer_conv_2d", dict(filters=4, kernel_size=[2, 2], dilation_rate=[2, 1], data_format=CF),
     (2, 5, 5)),
    ("conv2d_cf_s2_same", "layer_conv_2d", dict(filters=3, kernel_size=[3, 3], strides=[2, 1], padding="same",
                                                data_format=CF), (2, 5, 3)),
    ("conv2d_cf_g2", "layer_conv_2d", dict(filters=4, kernel_size=[3, 3], groups=2, data_format=CF), (2, 5, 6)),
    ("conv3d_cf", "layer_conv_3d", dict(filters=3, kernel_size=[2, 2, 2], data_format=CF), (2, 3, 4, 4)),
    ("conv3d_cf_dil2", "layer_conv_3d", dict(filters=2, kernel_size=[2, 2, 2], dilation_rate=[2, 2, 2],
                                             data_format=CF), (2, 4, 4, 4)),
    ("conv3d_cf_g2", "layer_conv_3d", dict(filters=2, kernel_size=[2, 2, 2], groups=2, data_format=CF),
     (2, 3, 3, 3)),
    ("conv1dt_cf", "layer_conv_1d_transpose", dict(filters=4, kernel_size=2, data_format=CF), (3, 3)),
    ("conv1dt_dil2_same", "layer_conv_1d_transpose", dict(filters=3, kernel_size=3, dilation_rate=2,
                                                          padding="same"), (5, 2)),
    ("conv2dt_cf_s2", "layer_conv_2d_transpose", dict(filters=4, kernel_size=[2, 2], strides=[2, 1],
                                                      data_format=CF), (3, 3, 3)),
    ("conv2dt_dil2", "layer_conv_2d_transpose", dict(filters=3, kernel_size=[3, 2], dilation_rate=[2, 2]),
     (4, 5, 2)),
    ("conv2dt_cf_dil3_same", "layer_conv_2d_transpose", dict(filters=4, kernel_size=[3, 3], dilation_rate=[3, 3],
                                                             padding="same", data_format=CF), (2, 5, 4)),
    ("conv2dt_cf_s2_outpad", "layer_conv_2d_transpose", dict(filters=2, kernel_size=[3, 3], strides=[2, 2],
                                                             padding="same", output_padding=[1, 0],
                                                             data_format=CF), (3, 2, 1)),
    ("conv3dt_cf", "layer_conv_3d_transpose", dict(filters=3, kernel_size=[2, 2, 2], data_format=CF),
     (2, 2, 3, 2)),
    ("conv3dt_dil2", "layer_conv_3d_transpose", dict(filters=2, kernel_size=[2, 2, 2], dilation_rate=[2, 2, 2]),
     (3, 4, 3, 2)),
    ("conv3dt_cf_dil_same", "layer_conv_3d_transpose", dict(filters=2, kernel_size=[3, 3, 3],
                                                            dilation_rate=[2, 3, 2], padding="same",
                                                            data_format=CF), (2, 3, 4, 2)),
    ("sep1d_cf", "layer_separable_conv_1d", dict(filters=4, kernel_size=3, data_format=CF), (3, 6)),
    ("sep1d_causal_dil2", "layer_separable_conv_1d", dict(filters=3, kernel_size=3, padding="causal",
                                                          dilation_rate=2), (7, 2)),
    ("sep1d_cf_causal_dm2", "layer_separable_conv_1d", dict(filters=4, kernel_size=2, padding="causal",
                                                            depth_multiplier=2, data_format=CF), (2, 4)),
    ("sep2d_cf_dil2", "layer_separable_conv_2d", dict(filters=4, kernel_size=[2, 2], dilation_rate=2,
                                                      data_format=CF), (2, 5, 6)),
    ("sep2d_s31_same", "layer_separable_conv_2d", dict(filters=3, kernel_size=[3, 2], strides=[3, 1],
                                                       padding="same"), (7, 5, 2)),
    ("sep2d_cf_s23_same_dm2", "layer_separable_conv_2d", dict(filters=2, kernel_size=[3, 3], strides=[2, 3],
                                                              padding="same", depth_multiplier=2,
                                                              data_format=CF), (2, 5, 4)),
    ("dw1d_cf", "layer_depthwise_conv_1d", dict(kernel_size=3, data_format=CF), (3, 5)),
    ("dw1d_cf_dm2_dil2", "layer_depthwise_conv_1d", dict(kernel_size=2, depth_multiplier=2, dilation_rate=2,
                                                         data_format=CF), (2, 6)),
    ("dw2d_cf", "layer_depthwise_conv_2d", dict(kernel_size=[3, 3], data_format=CF), (3, 5, 5)),
    ("dw2d_s31_valid", "layer_depthwise_conv_2d", dict(kernel_size=[2, 3], strides=[3, 1]), (8, 6, 2)),
    ("dw2d_s12_same_dm2", "layer_depthwise_conv_2d", dict(kernel_size=[3, 2], strides=[1, 2], padding="same",
                                                          depth_multiplier=2), (4, 7, 2)),
    ("dw2d_cf_s42_same", "layer_depthwise_conv_2d", dict(kernel_size=[3, 3], strides=[4, 2], padding="same",
                                                         data_format=CF), (2, 9, 4)),
]


def _layer_settings(r_name, kwargs, rank):
    """The reference's keywords for a case: every integer setting as a tuple per axis."""
    out = dict(strides=_ints(kwargs.get("strides", 1), rank), padding=kwargs.get("padding", "valid"),
               dilation=_ints(kwargs.get("dilation_rate", 1), rank), channels_first=kwargs.get("data_format") == CF)
    if "groups" in kwargs:
        out["groups"] = kwargs["groups"]
    if "output_padding" in kwargs:
        out["output_padding"] = _ints(kwargs["output_padding"], rank)
    if "depthwise" in r_name or "separable" in r_name:
        out["depth_multiplier"] = kwargs.get("depth_multiplier", 1)
    return out


def _reference(r_name, weights, x, settings):
    """The NumPy reference for a layer's weights (Keras's order) on x."""
    if "transpose" in r_name:
        return ref.conv_transpose(x, *weights, **settings)
    if "separable" in r_name:
        return ref.separable_conv(x, *weights, **settings)
    if "depthwise" in r_name:
        return ref.depthwise_conv(x, *weights, **settings)
    return ref.conv(x, *weights, **settings)


def _make(r_name, kwargs, shape, dtype, seed=0, **extra):
    if r_name == "layer_conv_lstm_2d":
        with _floatx(dtype):
            layer = getattr(rbridge, r_name)(**kwargs, **extra)
    else:
        layer = getattr(rbridge, r_name)(**kwargs, dtype=dtype, **extra)
    layer.build((None, *shape))
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal(w.shape) for w in layer.get_weights()]
    layer.set_weights(weights)
    return layer, weights


def _tolerance(dtype):
    return 1e-11 if dtype == "float64" else 2e-5


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_layer_computes_the_reference(case, dtype):
    """Eager and in a graph, through the layer (bias included, on the channel axis)."""
    _, r_name, kwargs, shape = case
    rank = len(shape) - 1
    layer, weights = _make(r_name, kwargs, shape, dtype)
    x = np.random.default_rng(1).standard_normal((2, *shape))
    expected = _reference(r_name, weights, x, _layer_settings(r_name, kwargs, rank))
    tol = _tolerance(dtype)
    eager = np.asarray(layer(tf.constant(x, dtype)))
    np.testing.assert_allclose(eager, expected, rtol=tol, atol=tol)
    graph = tf.function(lambda t: layer(t))(tf.constant(x, dtype))
    np.testing.assert_allclose(np.asarray(graph), expected, rtol=tol, atol=tol)


def _kernel_function(r_name):
    if "transpose" in r_name:
        return lambda x, w, s, force: transpose_kernels.conv_transpose(
            x, w[0], output_padding=s.get("output_padding"), force_equivalent=force,
            **{k: s[k] for k in ("strides", "padding", "dilation", "channels_first")})
    if "separable" in r_name or "depthwise" in r_name:
        return lambda x, w, s, force: depthwise_kernels.depthwise(
            x, *w, force_equivalent=force, **{k: s[k] for k in ("strides", "padding", "dilation", "channels_first")})
    return lambda x, w, s, force: conv_kernels.conv(
        x, w[0], groups=s.get("groups", 1), force_equivalent=force,
        **{k: s[k] for k in ("strides", "padding", "dilation", "channels_first")})


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_equivalent_and_the_gradients_are_the_references(case, dtype):
    """The exact equivalent (forced, whatever the kernel) against the reference; and the
    gradients of the path this process takes, by linearity: the operation (no bias) is linear
    in the input and in each weight, so <d sum(y*g)/dW, V> = sum(reference(x, V) * g)."""
    _, r_name, kwargs, shape = case
    rank = len(shape) - 1
    settings = _layer_settings(r_name, kwargs, rank)
    layer, weights = _make(r_name, kwargs, shape, dtype)
    weights = weights[:-1]  # no bias: linear
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, *shape))
    expected = _reference(r_name, [*weights, None], x, settings)
    op = _kernel_function(r_name)
    tensors = [tf.constant(w, dtype) for w in weights]
    tol = _tolerance(dtype)
    forced = op(tf.constant(x, dtype), tensors, settings, True)
    np.testing.assert_allclose(forced.numpy(), expected, rtol=tol, atol=tol)

    g = rng.standard_normal(expected.shape)
    xt = tf.constant(x, dtype)
    with tf.GradientTape() as tape:
        tape.watch([xt, *tensors])
        loss = tf.reduce_sum(op(xt, tensors, settings, False) * tf.constant(g, dtype))
    grads = tape.gradient(loss, [xt, *tensors])
    u = rng.standard_normal(x.shape)
    np.testing.assert_allclose(np.sum(grads[0].numpy() * u),
                               np.sum(_reference(r_name, [*weights, None], u, settings) * g), rtol=tol * 10)
    for i, w in enumerate(weights):
        v = rng.standard_normal(w.shape)
        varied = [*weights[:i], v, *weights[i + 1:], None]
        np.testing.assert_allclose(np.sum(grads[i + 1].numpy() * v),
                                   np.sum(_reference(r_name, varied, x, settings) * g), rtol=tol * 10)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_native_path_is_chosen_only_where_tensorflow_computes(dtype):
    """Wherever rbridge takes TensorFlow's own op for a refused setting, that op computes here."""
    x4 = tf.ones((1, 2, 5, 5), dtype)
    if native_computes(x4, plain=False):
        tf.nn.conv2d(x4, tf.ones((3, 3, 2, 2), dtype), 1, "VALID", data_format="NCHW")
        tf.nn.depthwise_conv2d(tf.ones((1, 9, 9, 2), dtype), tf.ones((3, 3, 2, 1), dtype), [1, 3, 1, 1], "VALID")
        tf.nn.conv_transpose(tf.ones((1, 5, 5, 2), dtype), tf.ones((3, 3, 2, 2), dtype), [1, 9, 9, 2], 1,
                             "VALID", dilations=2)
    else:
        assert dtype == "float64" or not tf.config.list_logical_devices("GPU")


LSTM_CASES = [
    ("cf", dict(data_format=CF), (3, 2, 5, 5)),
    ("cf_dil2_same", dict(data_format=CF, dilation_rate=2, padding="same"), (2, 2, 5, 5)),
    ("cf_s2_seq", dict(data_format=CF, strides=[2, 2], return_sequences=True), (3, 2, 5, 7)),
    ("cl_dil2", dict(dilation_rate=2), (2, 5, 6, 2)),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", LSTM_CASES, ids=[c[0] for c in LSTM_CASES])
def test_conv_lstm_2d_computes_the_reference(case, dtype):
    """R keras's defaults (recurrent_activation "hard_sigmoid" as Keras 2.15 means it), with
    Keras's floatx set to the dtype throughout (layer_conv_lstm_2d has no `dtype`; a Keras 3
    ConvLSTM2D made under floatx float64 and called under float32 computes partly in float32)."""
    with _floatx(dtype):
        _conv_lstm_2d_computes_the_reference(case, dtype)


def _conv_lstm_2d_computes_the_reference(case, dtype):
    _, kwargs, shape = case
    layer, weights = _make("layer_conv_lstm_2d", dict(filters=3, kernel_size=[3, 3], **kwargs), shape, dtype)
    x = np.random.default_rng(4).standard_normal((2, *shape)) * 0.5
    expected = ref.conv_lstm_2d(x, *weights, strides=_ints(kwargs.get("strides", 1), 2),
                                padding=kwargs.get("padding", "valid"), dilation=_ints(kwargs.get("dilation_rate", 1), 2),
                                channels_first=kwargs.get("data_format") == CF,
                                return_sequences=kwargs.get("return_sequences", False))
    tol = 1e-10 if dtype == "float64" else 2e-5
    np.testing.assert_allclose(np.asarray(layer(tf.constant(x, dtype))), expected, rtol=tol, atol=tol)
    graph = tf.function(lambda t: layer(t))(tf.constant(x, dtype))
    np.testing.assert_allclose(np.asarray(graph), expected, rtol=tol, atol=tol)
    if dtype == "float64":  # the gradient, against central differences of the reference
        xt = tf.constant(x, dtype)
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(layer(xt) ** 2)
        grads = tape.gradient(loss, layer.trainable_weights)
        rng = np.random.default_rng(5)
        for i, w in enumerate(weights):
            v = rng.standard_normal(w.shape)
            eps = 1e-6

            def f(sign, i=i, v=v):
                ws = [*weights[:i], weights[i] + sign * eps * v, *weights[i + 1:]]
                return np.sum(ref.conv_lstm_2d(x, *ws, strides=_ints(kwargs.get("strides", 1), 2),
                                               padding=kwargs.get("padding", "valid"),
                                               dilation=_ints(kwargs.get("dilation_rate", 1), 2),
                                               channels_first=kwargs.get("data_format") == CF,
                                               return_sequences=kwargs.get("return_sequences", False)) ** 2)
            np.testing.assert_allclose(np.sum(grads[i].numpy() * v), (f(1) - f(-1)) / (2 * eps), rtol=1e-5)


# Keras 2.15's UpSampling2D(size=(2, 2), interpolation=...) of arange(6).reshape(1, 2, 3, 1)
# (float32, TensorFlow 2.15.1; .venv-keras2), row by row: R keras 2.15's numbers.
KERAS215_RESIZE = {
    "gaussian": [
        [0.18970349431037903, 0.4112190008163452, 0.9179000854492188, 1.3666551113128662, 1.8733359575271606,
         2.0948517322540283],
        [0.8542500734329224, 1.075765609741211, 1.582446575164795, 2.0312018394470215, 2.5378828048706055,
         2.7593984603881836],
        [2.2406015396118164, 2.4621167182922363, 2.9687979221343994, 3.417553186416626, 3.9242336750030518,
         4.145749568939209],
        [2.9051480293273926, 3.1266636848449707, 3.633344888687134, 4.082099914550781, 4.588781356811523,
         4.810297012329102]],
    "mitchellcubic": [
        [-0.1235698014497757, 0.12869660556316376, 0.631873607635498, 1.182771921157837, 1.6859488487243652,
         1.9382152557373047],
        [0.7090741991996765, 0.9613404870033264, 1.4645177125930786, 2.015415906906128, 2.518592596054077,
         2.7708590030670166],
        [2.2291412353515625, 2.481407403945923, 2.9845848083496094, 3.535482883453369, 4.038659572601318,
         4.290926456451416],
        [3.0617852210998535, 3.314051628112793, 3.8172287940979004, 4.36812686920166, 4.871303558349609,
         5.123569965362549]],
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("channels_first", [False, True])
@pytest.mark.parametrize("interpolation", sorted(KERAS215_RESIZE))
def test_upsampling_2d_computes_keras215_interpolations(interpolation, channels_first, dtype):
    """Keras 3 refuses "gaussian" and "mitchellcubic"; R keras 2.15 computes them (in float32,
    as TensorFlow's resize does). Two channels: the second is the first plus 10."""
    plane = np.arange(6.0).reshape(2, 3)
    x = np.stack([plane, plane + 10], axis=-1)[None]
    expected = np.asarray(KERAS215_RESIZE[interpolation])
    expected = np.stack([expected, expected + 10], axis=-1)[None]
    if channels_first:
        x, expected = x.transpose(0, 3, 1, 2), expected.transpose(0, 3, 1, 2)
    with _floatx(dtype):
        layer = rbridge.layer_upsampling_2d(size=[2, 2], interpolation=interpolation,
                                            data_format=CF if channels_first else "channels_last")
    out = np.asarray(layer(tf.constant(x, dtype)))
    np.testing.assert_allclose(out, expected, rtol=2e-6, atol=2e-5)
    graph = tf.function(lambda t: layer(t))(tf.constant(x, dtype))
    np.testing.assert_allclose(np.asarray(graph), expected, rtol=2e-6, atol=2e-5)
    assert layer.get_config()["interpolation"] == interpolation


# One model per class, with the setting the plain CPU kernel refuses (or Keras 3 misadds).
FIT_CASES = [
    ("layer_conv_1d", dict(filters=2, kernel_size=3, dilation_rate=2, data_format=CF), (3, 8)),
    ("layer_conv_2d", dict(filters=2, kernel_size=[3, 3], groups=2, data_format=CF), (2, 5, 6)),
    ("layer_conv_3d", dict(filters=2, kernel_size=[2, 2, 2], data_format=CF), (2, 3, 3, 3)),
    ("layer_conv_1d_transpose", dict(filters=2, kernel_size=3, dilation_rate=2, data_format=CF), (3, 5)),
    ("layer_conv_2d_transpose", dict(filters=2, kernel_size=[2, 3], dilation_rate=[2, 2], data_format=CF),
     (2, 3, 4)),
    ("layer_conv_3d_transpose", dict(filters=2, kernel_size=[2, 2, 2], dilation_rate=[2, 2, 2]), (3, 3, 2, 2)),
    ("layer_separable_conv_1d", dict(filters=2, kernel_size=3, padding="causal", data_format=CF), (2, 6)),
    ("layer_separable_conv_2d", dict(filters=2, kernel_size=[3, 3], strides=[2, 1], data_format=CF), (2, 5, 5)),
    ("layer_depthwise_conv_1d", dict(kernel_size=3, dilation_rate=2, data_format=CF), (2, 7)),
    ("layer_depthwise_conv_2d", dict(kernel_size=[2, 2], strides=[1, 2], padding="same"), (4, 6, 2)),
    ("layer_conv_lstm_2d", dict(filters=2, kernel_size=[3, 3], data_format=CF), (2, 2, 4, 4)),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", FIT_CASES, ids=[c[0] for c in FIT_CASES])
def test_a_model_of_the_layer_trains_and_predicts(case, dtype, tmp_path):
    """fit() (forward and gradient in a graph) lowers the loss; predict() is the layer's own
    eager result; the model survives get_config()/from_config() and save/load."""
    if case[0] == "layer_conv_lstm_2d":
        with _floatx(dtype):
            _trains_and_predicts(case, dtype, tmp_path)
    else:
        _trains_and_predicts(case, dtype, tmp_path)


def _trains_and_predicts(case, dtype, tmp_path):
    r_name, kwargs, shape = case
    engine = get_engine()
    keras = engine.keras
    model = keras.Sequential()
    if r_name == "layer_conv_lstm_2d":
        rbridge.layer_conv_lstm_2d(model, **kwargs, input_shape=shape)
    else:
        getattr(rbridge, r_name)(model, **kwargs, input_shape=shape, dtype=dtype)
    rate = 0.01
    model.compile(optimizer=keras.optimizers.SGD(rate), loss="mse")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, *shape))
    y = rng.standard_normal((16, *model.output_shape[1:]))
    # fit()'s one step (the whole batch, no shuffling: deterministic) is plain gradient descent
    # on the eager layer's own gradient: w - rate * d mean((y - model(x))^2) / dw.
    before = [np.array(w) for w in model.trainable_weights]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.constant(y, dtype) - model(tf.constant(x, dtype))))
    gradients = [np.asarray(g) for g in tape.gradient(loss, model.trainable_weights)]
    model.fit(x, y, epochs=1, batch_size=16, shuffle=False, verbose=0)
    for w0, w1, g in zip(before, model.trainable_weights, gradients):
        assert np.abs(g).max() > 0
        np.testing.assert_allclose(w0 - np.asarray(w1), rate * g, rtol=1e-3, atol=1e-7 * max(1, np.abs(g).max()))
    tol = 1e-4 if dtype == "float32" else 1e-5  # Keras 3's predict() rounds float64 data to float32
    eager = np.asarray(model(tf.constant(x[:3], dtype)))
    np.testing.assert_allclose(model.predict(x[:3], verbose=0), eager, rtol=tol, atol=tol)
    config = model.layers[-1].get_config()
    clone = type(model.layers[-1]).from_config(config)
    clone.build((None, *shape))
    clone.set_weights(model.layers[-1].get_weights())
    np.testing.assert_allclose(np.asarray(clone(tf.constant(x[:3], dtype))), eager, rtol=1e-12, atol=1e-12)
    model.save(tmp_path / "model.keras")
    loaded = rbridge.load_model(tmp_path / "model.keras")
    np.testing.assert_allclose(np.asarray(loaded(tf.constant(x[:3], dtype))), eager, rtol=1e-12, atol=1e-12)
