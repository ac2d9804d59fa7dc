"""Every setting computes on every TensorFlow CPU kernel (engine/conv_transpose.py).

TensorFlow's plain CPU kernel refuses channels_first and dilation; oneDNN takes them in
float32 only. CI runs this suite with TF_ENABLE_ONEDNN_OPTS=0 and =1, so both kernel
families are exercised whatever the CPU. Expected numbers come from the NumPy reference
(rbridge.reference), never from rbridge's own output.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given
from hypothesis import strategies as st

import rbridge
from rbridge.engine import get_engine
from rbridge.engine.conv_transpose import (conv1d_transpose, native_kernel_computes, onednn_enabled,
                                           output_length)
from rbridge.reference import conv1d_transpose as reference
from rbridge.reference import output_length as reference_length

REFUSED = [(True, 1), (False, 2), (True, 3)]  # (channels_first, dilation) the plain kernel refuses


pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def test_the_mode_asked_for_is_the_mode_running():
    """The CI matrix means something: TF_ENABLE_ONEDNN_OPTS=0/1 is what TensorFlow runs."""
    asked = os.environ.get("TF_ENABLE_ONEDNN_OPTS")
    if asked not in ("0", "1"):
        pytest.skip("TF_ENABLE_ONEDNN_OPTS not set: this CPU's default kernels")
    assert onednn_enabled() is (asked == "1")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("channels_first,dilation", REFUSED)
def test_native_is_chosen_only_where_tensorflow_computes(dtype, channels_first, dilation):
    """A wrong "native computes" would fail inside TensorFlow: wherever rbridge says the native
    op computes, TensorFlow's own op does compute, here, in this kernel mode."""
    x = tf.ones((1, 2, 5) if channels_first else (1, 5, 2), dtype=dtype)
    kernel = tf.ones((3, 4, 2), dtype=dtype)
    length = output_length(5, 3, 1, "valid", None, dilation)
    shape = [1, 4, length] if channels_first else [1, length, 4]
    if native_kernel_computes(x, channels_first=channels_first, dilation=dilation):
        tf.nn.conv1d_transpose(x, kernel, shape, strides=1, padding="VALID",
                               data_format="NCW" if channels_first else "NWC", dilations=dilation)
    else:
        assert dtype == "float64" or not onednn_enabled()


# (padding, strides, output_padding, channels_first, dilation); R keras refuses strides > 1
# with dilation > 1, so those are not combined.
_SETTINGS = [(p, s, op, cf, d) for p, s, op in [("valid", 1, None), ("same", 1, None), ("valid", 3, 2),
                                                ("same", 2, 1), ("same", 2, None)]
             for cf, d in REFUSED + [(False, 1)] if s == 1 or d == 1]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("padding,strides,output_padding,channels_first,dilation", _SETTINGS)
def test_the_equivalent_computation_is_the_transposed_convolution(dtype, padding, strides, output_padding,
                                                                   channels_first, dilation):
    """The layout/zero-tap formulation (forced, whatever the kernel) against the reference."""
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 3, 6) if channels_first else (2, 6, 3))
    kernel = rng.standard_normal((3, 4, 3))
    out = conv1d_transpose(tf.constant(x, dtype), tf.constant(kernel, dtype), strides=strides,
                           padding=padding, output_padding=output_padding, dilation=dilation,
                           channels_first=channels_first, force_equivalent=True)
    expected = reference(x.astype(dtype), kernel.astype(dtype), None, strides=strides, padding=padding,
                         output_padding=output_padding, dilation=dilation, channels_first=channels_first)
    tol = 1e-12 if dtype == "float64" else 1e-5
    np.testing.assert_allclose(out.numpy(), expected, rtol=tol, atol=tol)


@st.composite
def _equivalent_settings(draw):
    """Any setting the layer accepts: dilation only at stride 1 (as R keras), output_padding
    below the stride, no even span with same padding and output_padding 0 (refused)."""
    dilation = draw(st.integers(1, 4))
    strides = 1 if dilation > 1 else draw(st.integers(1, 3))
    kernel_size = draw(st.integers(1, 4))
    padding = draw(st.sampled_from(["valid", "same"]))
    output_padding = draw(st.one_of(st.none(), st.integers(0, strides - 1)))
    span = (kernel_size - 1) * dilation + 1
    if padding == "same" and output_padding == 0 and span % 2 == 0:
        output_padding = None
    return dict(steps=draw(st.integers(1, 9)), kernel_size=kernel_size, strides=strides, padding=padding,
                output_padding=output_padding, dilation=dilation, channels_first=draw(st.booleans()),
                dtype=draw(st.sampled_from(["float32", "float64"])), batch=draw(st.integers(1, 3)))


@given(_equivalent_settings())
def test_the_equivalent_computation_matches_the_reference_everywhere(setting):
    """The exact equivalent (polyphase for dilation, transposes for channels_first), forced
    whatever the kernel, against the NumPy reference: lengths that the dilation does not
    divide, even and odd spans, both paddings and layouts, float32 and float64."""
    rng = np.random.default_rng(setting["steps"] * 31 + setting["kernel_size"])
    channels, filters = 2, 3
    shape = (setting["batch"], channels, setting["steps"]) if setting["channels_first"] \
        else (setting["batch"], setting["steps"], channels)
    x = rng.standard_normal(shape).astype(setting["dtype"])
    kernel = rng.standard_normal((setting["kernel_size"], filters, channels)).astype(setting["dtype"])
    args = {k: setting[k] for k in ("strides", "padding", "output_padding", "dilation", "channels_first")}
    out = conv1d_transpose(tf.constant(x), tf.constant(kernel), force_equivalent=True, **args)
    expected = reference(x, kernel, None, **args)
    tol = 1e-12 if setting["dtype"] == "float64" else 1e-5
    np.testing.assert_allclose(out.numpy(), expected, rtol=tol, atol=tol)


@pytest.mark.parametrize("channels_first", [False, True])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_the_equivalent_computes_lengths_known_only_at_run_time(channels_first, padding):
    """In a graph traced for any batch and length (a model's input_shape c(NA, 3)), the
    dilated equivalent works out its phases and crop at run time, for each length."""
    channels, filters, kernel_size, dilation = 3, 2, 3, 2
    spec = tf.TensorSpec((None, channels, None) if channels_first else (None, None, channels), tf.float64)
    kernel = np.random.default_rng(5).standard_normal((kernel_size, filters, channels))

    @tf.function(input_signature=[spec])
    def layer(x):
        return conv1d_transpose(x, tf.constant(kernel), strides=1, padding=padding, output_padding=None,
                                dilation=dilation, channels_first=channels_first, force_equivalent=True)

    for steps in (1, 4, 7):
        x = np.random.default_rng(steps).standard_normal((2, channels, steps) if channels_first
                                                         else (2, steps, channels))
        expected = reference(x, kernel, None, padding=padding, dilation=dilation, channels_first=channels_first)
        np.testing.assert_allclose(layer(tf.constant(x)).numpy(), expected, rtol=1e-12, atol=1e-12)


def test_output_length_is_keras_formula():
    for steps, k, s, p, op, d in [(5, 3, 2, "same", 1, 1), (6, 3, 1, "valid", None, 2), (7, 4, 3, "valid", 0, 1),
                                  (4, 2, 2, "same", None, 1), (9, 5, 1, "same", None, 3)]:
        assert output_length(steps, k, s, p, op, d) == reference_length(steps, k, s, p, op, d)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_kernel_gradient_is_the_reference_gradient(dtype):
    """The transposed convolution is linear in its kernel, so d sum(y * g) / dW[k, f, c] is the
    reference output for the unit kernel e[k, f, c], dotted with g. Checked for channels_first
    with dilation, the setting no plain CPU kernel computes natively."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 2, 5))
    kernel = rng.standard_normal((2, 3, 2))
    layer = rbridge.layer_conv_1d_transpose(filters=3, kernel_size=2, dilation_rate=2, padding="same",
                                            data_format="channels_first", use_bias=False, dtype=dtype)
    layer.build((None, 2, 5))
    layer.set_weights([kernel])
    g = rng.standard_normal(reference(x, kernel, None, padding="same", dilation=2, channels_first=True).shape)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(tf.constant(x, dtype)) * tf.constant(g, dtype))
    grad = tape.gradient(loss, layer.trainable_weights[0]).numpy()
    expected = np.zeros_like(kernel)
    for index in np.ndindex(kernel.shape):
        unit = np.zeros_like(kernel)
        unit[index] = 1.0
        expected[index] = np.sum(reference(x, unit, None, padding="same", dilation=2, channels_first=True) * g)
    np.testing.assert_allclose(grad, expected, rtol=1e-5 if dtype == "float32" else 1e-12, atol=1e-5)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("channels_first,dilation", REFUSED)
def test_fit_trains_a_model_the_plain_kernel_refuses(dtype, channels_first, dilation):
    """fit() learns a known kernel (forward and gradient, in a tf.function), predict() agrees with
    the reference for the learned weights."""
    keras = get_engine().keras
    keras.utils.set_random_seed(0)  # the initial weights; no shuffling below: deterministic
    rng = np.random.default_rng(0)
    shape = (3, 8) if channels_first else (8, 3)
    model = keras.Sequential()
    rbridge.layer_conv_1d_transpose(model, filters=2, kernel_size=3, dilation_rate=dilation,
                                    data_format="channels_first" if channels_first else "channels_last",
                                    input_shape=shape, dtype=dtype)
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    x = rng.standard_normal((64, *shape))
    true_kernel, true_bias = rng.standard_normal((3, 2, 3)), rng.standard_normal(2)
    y = reference(x, true_kernel, true_bias, dilation=dilation, channels_first=channels_first)
    history = model.fit(x, y, epochs=40, batch_size=16, shuffle=False, verbose=0)
    assert history.history["loss"][-1] < 0.05 * history.history["loss"][0]
    kernel, bias = model.layers[-1].get_weights()
    # What it learned is the kernel that made the data (exact: no noise in y).
    # (within 5e-4 on Keras 3, oneDNN off, when written)
    np.testing.assert_allclose(kernel, true_kernel, atol=0.01)
    np.testing.assert_allclose(bias, true_bias, atol=0.01)
    np.testing.assert_allclose(model.predict(x[:4], verbose=0),
                               reference(x[:4], kernel, bias, dilation=dilation, channels_first=channels_first),
                               rtol=1e-4, atol=1e-4)


_LOAD = textwrap.dedent("""
    import sys, numpy as np
    x, y = np.load(sys.argv[1] + "/x.npy"), np.load(sys.argv[1] + "/y.npy")
    if sys.argv[3] == "rbridge":
        import rbridge
        model = rbridge.load_model(sys.argv[2])
    else:
        import keras
        model = keras.models.load_model(sys.argv[2])
    print(type(model.layers[-1]).__module__)
    print(float(np.abs(model.predict(x, verbose=0) - y).max()))
""")


def _load_elsewhere(folder, path, how):
    return subprocess.run([sys.executable, "-c", _LOAD, str(folder), str(path), how],
                          capture_output=True, text=True, timeout=300)


def test_a_saved_model_loads_and_computes_in_a_new_process(tmp_path):
    """Saved and loaded (every format of this Keras) in a new process, in this kernel mode:
    through rbridge.load_model the layer is rbridge's and predicts the same numbers."""
    keras = get_engine().keras
    model = keras.Sequential()
    rbridge.layer_conv_1d_transpose(model, filters=2, kernel_size=3, dilation_rate=2, data_format="channels_first",
                                    input_shape=(3, 8), dtype="float64")
    x = np.random.default_rng(1).standard_normal((4, 3, 8))
    kernel, bias = model.layers[-1].get_weights()
    # model(x), not predict(): Keras 3's predict() rounds float64 data to float32 first.
    np.testing.assert_allclose(np.asarray(model(x)),
                               reference(x, kernel, bias, dilation=2, channels_first=True), rtol=1e-12)
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "y.npy", model.predict(x, verbose=0))
    formats = ["model.keras"] + (["model.h5", "savedmodel"] if get_engine().name == "keras2" else [])
    for name in formats:
        model.save(tmp_path / name)
        run = _load_elsewhere(tmp_path, tmp_path / name, "rbridge")
        assert run.returncode == 0, run.stderr[-2000:]
        module, error = run.stdout.split()[-2:]
        assert module.startswith("rbridge.engine") and float(error) == 0.0, (name, run.stdout)


def test_without_rbridge_a_saved_model_says_what_it_needs(tmp_path):
    """Keras 3: plain Keras cannot load rbridge's layer and its message names rbridge. Keras 2:
    the layer is saved under Keras's own name, so plain Keras loads it as Keras's class."""
    keras = get_engine().keras
    model = keras.Sequential()
    rbridge.layer_conv_1d_transpose(model, filters=2, kernel_size=3, input_shape=(8, 3))
    x = np.ones((1, 8, 3))
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "y.npy", model.predict(x, verbose=0))
    model.save(tmp_path / "model.keras")
    run = _load_elsewhere(tmp_path, tmp_path / "model.keras", "keras")
    if get_engine().name == "keras3":
        assert run.returncode != 0 and "rbridge" in run.stderr and "Conv1DTranspose" in run.stderr
    else:
        assert run.returncode == 0, run.stderr[-2000:]
        module, error = run.stdout.split()[-2:]
        assert module.startswith("keras") and float(error) == 0.0
