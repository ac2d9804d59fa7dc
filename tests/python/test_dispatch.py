"""`object` dispatch, R keras's meanings of Keras 3's refused arguments, and clean failures."""

from __future__ import annotations

import numpy as np
import pytest
import rpy2.robjects as ro

import rbridge
from rbridge import RArgumentError, RMissingArgumentError, layer_conv_1d_transpose

from rbridge.reference import conv1d_transpose


pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


@pytest.fixture(scope="module")
def keras():
    import keras

    return keras


def test_missing_and_null_object_give_the_layer(keras):
    for layer in (layer_conv_1d_transpose(filters=4, kernel_size=3),
                  layer_conv_1d_transpose(None, 4, 3),
                  layer_conv_1d_transpose(ro.NULL, 4, 3)):
        assert isinstance(layer, keras.layers.Conv1DTranspose)
        assert layer.filters == 4 and layer.kernel_size == (3,) and not layer.built


def test_missing_filters_is_rs_error():
    with pytest.raises(RMissingArgumentError, match='argument "filters" is missing, with no default'):
        layer_conv_1d_transpose(kernel_size=3)
    with pytest.raises(RMissingArgumentError, match='"kernel_size"'):
        layer_conv_1d_transpose(filters=3)


def test_sequential_gets_the_layer_and_is_returned(keras):
    model = keras.Sequential()
    out = layer_conv_1d_transpose(model, filters=4, kernel_size=3, input_shape=ro.FloatVector([128, 3]))
    assert out is model
    assert model.output_shape == (None, 130, 4)
    # piping again adds to the same model, shape checked from the model's output
    assert layer_conv_1d_transpose(model, filters=2, kernel_size=1) is model
    assert model.output_shape == (None, 130, 2)


def test_batch_input_shape_and_batch_size_keep_their_r_meaning(keras):
    model = layer_conv_1d_transpose(keras.Sequential(), 2, 3, batch_input_shape=ro.r("c(10, 5, 3)"))
    assert model.inputs[0].shape == (10, 5, 3)
    model = layer_conv_1d_transpose(keras.Sequential(), 2, 3, input_shape=ro.r("list(NULL, 3)"),
                                    batch_size=ro.r("8"))
    assert model.inputs[0].shape == (8, None, 3)


def test_standalone_layer_remembers_its_input_shape(keras):
    layer = layer_conv_1d_transpose(filters=2, kernel_size=3, input_shape=ro.r("c(5L, 3L)"))
    config = layer.get_config()
    assert tuple(config["batch_input_shape"]) == (None, 5, 3)
    clone = type(layer).from_config(config)
    assert tuple(clone.get_config()["batch_input_shape"]) == (None, 5, 3)


def test_symbolic_tensor_gives_the_output_tensor(keras):
    inputs = keras.Input(shape=(None, 3))
    out = layer_conv_1d_transpose(inputs, filters=4, kernel_size=3, strides=2)
    assert keras.backend.is_keras_tensor(out)
    assert tuple(out.shape) == (None, None, 4)


@pytest.mark.parametrize("make", ["numpy", "tensor", "r"])
def test_arrays_are_computed_eagerly(make):
    import tensorflow as tf

    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 5, 3))
    kernel, bias = rng.standard_normal((3, 4, 3)), rng.standard_normal(4)
    obj = {"numpy": x, "tensor": tf.constant(x), "r": rbridge.convert.to_r(x)}[make]
    out = layer_conv_1d_transpose(obj, 4, 3, weights=[kernel, bias])
    np.testing.assert_allclose(np.asarray(out), conv1d_transpose(x, kernel, bias), rtol=1e-4, atol=1e-4)


def test_channels_first_bias_when_output_length_equals_filters():
    """Keras 3's ops.add puts the bias on the last axis when length == filters; R keras doesn't."""
    x = np.ones((1, 1, 1))
    kernel, bias = np.array([[[10.0], [20.0]]]), np.array([1.0, 2.0])
    out = layer_conv_1d_transpose(x, 2, 1, strides=2, data_format="channels_first", weights=[kernel, bias])
    expected = conv1d_transpose(x, kernel, bias, strides=2, channels_first=True)
    np.testing.assert_allclose(np.asarray(out), expected)  # [[[11, 1], [22, 2]]]


def test_float64_layers_compute_in_float64():
    x = np.linspace(-1, 1, 30).reshape(2, 5, 3)
    kernel, bias = np.full((3, 2, 3), 1 / 3), np.zeros(2)
    out = layer_conv_1d_transpose(x, 2, 3, dtype="float64", weights=[kernel, bias])
    assert out.dtype == "float64"
    np.testing.assert_allclose(np.asarray(out), conv1d_transpose(x, kernel, bias), rtol=1e-12)


# -- failures: rbridge's error, the argument named, nothing half-built ------------------

@pytest.mark.parametrize("kwargs,argument", [
    (dict(filters=0, kernel_size=3), "filters"),
    (dict(filters=ro.r("NA"), kernel_size=3), "filters"),
    (dict(filters=ro.r("'a'"), kernel_size=3), "filters"),
    (dict(filters=2, kernel_size=ro.r("c(3, 3)")), "kernel_size"),
    (dict(filters=2, kernel_size=3, padding="full"), "padding"),
    (dict(filters=2, kernel_size=3, strides=2, dilation_rate=2), "strides"),
    (dict(filters=2, kernel_size=3, strides=2, output_padding=2), "output_padding"),
    (dict(filters=2, kernel_size=3, activation="no_such_activation"), "activation"),
    (dict(filters=2, kernel_size=3, kernel_initializer=ro.r("function(shape) 1")), "kernel_initializer"),
    (dict(filters=2, kernel_size=3, input_shape=ro.r("c(0, 3)")), "input_shape"),
    (dict(filters=2, kernel_size=3, use_bias=ro.r("NA")), "use_bias"),
    (dict(filters=2, kernel_size=3, dtype="float77"), "dtype"),
    (dict(filters=2, kernel_size=3, weights=ro.r("list(1:3)")), "weights"),
])
@pytest.mark.filterwarnings("ignore::rbridge.RCoercionWarning")  # as.integer("a") warns, as in R
def test_bad_arguments_name_the_argument(kwargs, argument):
    with pytest.raises(RArgumentError) as info:
        layer_conv_1d_transpose(**kwargs)
    assert info.value.argument == argument
    assert f"`{argument}`" in str(info.value)


def _all_layers(model):
    """Keras 3's Sequential.layers hides an InputLayer; _layers shows it (Keras 2 never adds one early)."""
    return getattr(model, "_layers", model.layers)


def test_a_failed_call_leaves_the_model_untouched(keras):
    model = keras.Sequential()
    with pytest.raises(RArgumentError, match="`input_shape`"):
        layer_conv_1d_transpose(model, 2, 3, input_shape=ro.r("c(128, 3, 2)"))
    assert not _all_layers(model)
    with pytest.raises(RArgumentError, match="`weights`"):
        layer_conv_1d_transpose(model, 2, 3, input_shape=ro.r("c(5, 3)"),
                                weights=[np.zeros((3, 2, 4)), np.zeros(2)])
    assert not _all_layers(model)


def test_wrong_object_is_refused():
    with pytest.raises(RArgumentError, match="`object`"):
        layer_conv_1d_transpose("model", 2, 3)
    with pytest.raises(RArgumentError, match="`object`"):
        layer_conv_1d_transpose(np.zeros((4, 3)), 2, 3)  # a matrix is not a batch of sequences


def test_coercion_warning_surfaces_rs_message():
    with pytest.warns(rbridge.RCoercionWarning, match="NAs introduced by coercion to integer range") as caught:
        with pytest.raises(RArgumentError, match="`filters`"):
            layer_conv_1d_transpose(filters=3e9, kernel_size=3)
    assert caught[0].filename == __file__  # points at the caller, not at rbridge's insides


def test_large_r_arrays_take_the_transposing_path_with_the_same_numbers():
    """Above 4 MB an R (column-major) array is cast in memory order and transposed by TF."""
    from rbridge.convert import to_python, to_r

    rng = np.random.default_rng(3)
    x = rng.standard_normal((4, 8192, 20))  # 5.2 MB of doubles
    r_x = to_r(x)
    assert to_python(r_x).flags.f_contiguous and to_python(r_x).nbytes > 4 * 1024 * 1024
    kernel, bias = rng.standard_normal((3, 2, 20)) / 5, rng.standard_normal(2)
    out = layer_conv_1d_transpose(r_x, 2, 3, strides=2, padding="same", output_padding=1, weights=[kernel, bias])
    expected = conv1d_transpose(x, kernel, bias, strides=2, padding="same", output_padding=1)
    np.testing.assert_allclose(np.asarray(out), expected, rtol=1e-4, atol=1e-4)
