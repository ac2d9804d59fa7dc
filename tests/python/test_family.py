"""Every function of the family, every kind of ``object``, on the engine this process runs.

The independent computation here is Keras's own class of the same name, given the same
weights, on settings it computes right (channels_last): rbridge's layer must give its
numbers. R keras 2.15's own results are in test_parity.py; every kernel and setting in
test_family_kernels.py.
"""

from __future__ import annotations

import numpy as np
import pytest

import rbridge
from rbridge.specs import SPECS

pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def _args(spec) -> dict:
    """The smallest call of each function (its kind's example)."""
    args = dict(spec.operation.example_arguments(spec))
    if "recurrent_activation" in spec.by_name:
        # "sigmoid": a twin made from the config would read R keras's default "hard_sigmoid"
        # with Keras 3's new meaning, which rbridge replaces by Keras 2.15's (test_names.py).
        args["recurrent_activation"] = "sigmoid"
    return args


def _input(spec) -> np.ndarray:
    """An input the function takes (batch first)."""
    if not spec.rank:
        shape = (2, *spec.operation.example_input_shape(spec))
    else:
        spatial = {1: (7,), 2: (5, 6), 3: (4, 5, 4)}[spec.rank]
        shape = (2, *((3,) if spec.operation.time_axis else ()), *spatial, 2)
    return np.sin(np.arange(np.prod(shape), dtype="float32")).reshape(shape)


def _inputs(spec, x: np.ndarray):
    """What the function is called on: ``x``, or for a merge layer (``inputs``) a list of two."""
    return [x, np.cos(x)] if spec.first_argument == "inputs" else x


def _tensors(keras, spec, x):
    """Symbolic inputs shaped as ``x`` (two for a merge layer)."""
    if spec.first_argument == "inputs":
        return [keras.Input(shape=x.shape[1:]), keras.Input(shape=x.shape[1:])]
    return keras.Input(shape=x.shape[1:])


def _keras():
    from rbridge.engine import get_engine

    return get_engine().keras


def _twin(layer):
    """Keras's own class made from the rbridge layer's config (R keras's extra keys dropped)."""
    keras = _keras()
    spec = layer._r_spec
    config = {k: v for k, v in layer.get_config().items() if k not in ("batch_input_shape",)}
    # Keras's own form of the config where the kind shows R keras's (BatchNormalization's axis list)
    config = spec.operation.keras_config(spec, config)
    cls = getattr(keras.layers, spec.keras_class, None) or getattr(keras.layers, spec.keras3_class)
    return cls.from_config(config)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_missing_gives_a_layer_of_kerass_class(name):
    spec = SPECS[name]
    layer = getattr(rbridge, name)(**_args(spec))
    layers = _keras().layers
    assert isinstance(layer, getattr(layers, spec.keras_class, None) or getattr(layers, spec.keras3_class))
    if spec.first_argument == "object":
        assert getattr(rbridge, name)(None, **_args(spec)).__class__ is layer.__class__
    else:  # R keras 2.15's merge layers hand Keras list(NULL), which it refuses
        with pytest.raises(rbridge.RArgumentError, match="`inputs`"):
            getattr(rbridge, name)(None, **_args(spec))


@pytest.mark.parametrize("name", sorted(SPECS))
def test_array_output_equals_kerass_own_layer_with_the_same_weights(name):
    spec = SPECS[name]
    x = _inputs(spec, _input(spec))
    layer = getattr(rbridge, name)(**_args(spec))
    out = np.asarray(layer(x))
    twin = _twin(layer)
    twin(x)
    twin.set_weights(layer.get_weights())
    np.testing.assert_allclose(out, np.asarray(twin(x)), rtol=1e-5, atol=1e-6)
    # The eager path of the function itself, given the layer's weights: the same numbers as
    # calling the layer (a function without `weights` makes its own: the shape only).
    weights = layer.get_weights()
    takes_weights = "weights" in spec.by_name or (spec.has_dots and not spec.operation.dots_are_inputs)
    given = {"weights": weights} if weights and takes_weights else {}
    eager = np.asarray(getattr(rbridge, name)(x, **_args(spec), **given))
    if given or not weights:
        np.testing.assert_allclose(eager, out, rtol=1e-5, atol=1e-6)
    else:
        assert eager.shape == out.shape


@pytest.mark.parametrize("name", sorted(SPECS))
def test_r_array_is_read_column_major(name, r):
    """An R array of rank 3-5 (column-major, R's x[i, j, k] at [i-1, j-1, k-1]) gives the
    numbers of the same array made in NumPy."""
    from rbridge.convert import to_python

    spec = SPECS[name]
    x = _input(spec)
    dims = ", ".join(str(d) for d in x.shape)
    r_x = r(f"aperm(array(sin(seq_len({x.size}) - 1), dim = rev(c({dims}))))")
    assert np.allclose(to_python(r_x), x, atol=1e-6)
    layer = getattr(rbridge, name)(**_args(spec), kernel_initializer="ones") if "kernel_initializer" in \
        spec.by_name else getattr(rbridge, name)(**_args(spec))
    if spec.first_argument == "inputs":
        r_x, x = r["list"](r_x, r_x), [x, x]
    np.testing.assert_allclose(np.asarray(getattr(rbridge, name)(r_x, **_args(spec))).shape,
                               np.asarray(layer(x)).shape)


@pytest.mark.parametrize("name", sorted(n for n, s in SPECS.items() if s.first_argument == "object"))
def test_sequential_gets_the_layer_and_is_returned(name):
    keras = _keras()
    spec = SPECS[name]
    x = _input(spec)
    model = keras.Sequential()
    model.add(keras.Input(shape=x.shape[1:]))
    out = getattr(rbridge, name)(model, **_args(spec))
    assert out is model and len(model.layers) == 1
    assert model.predict(x, verbose=0).shape == np.asarray(model.layers[0](x)).shape


@pytest.mark.parametrize("name", sorted(SPECS))
def test_tensor_gives_the_output_tensor(name):
    keras = _keras()
    spec = SPECS[name]
    x = _input(spec)
    tensor = _tensors(keras, spec, x)
    out = getattr(rbridge, name)(tensor, **_args(spec))
    model = keras.Model(tensor, out)
    assert tuple(out.shape[1:]) == model.predict(_inputs(spec, x), verbose=0).shape[1:]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_saved_model_loads_with_the_same_numbers(name, tmp_path):
    keras = _keras()
    spec = SPECS[name]
    x = _input(spec)
    tensor = _tensors(keras, spec, x)
    model = keras.Model(tensor, getattr(rbridge, name)(tensor, **_args(spec)))
    x = _inputs(spec, x)
    path = tmp_path / ("model.keras" if int(keras.__version__.split(".")[0]) >= 3 else "model.h5")
    model.save(path)
    loaded = rbridge.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    assert type(loaded.layers[-1]).__name__ == spec.keras_class


@pytest.mark.parametrize("name", sorted(n for n, s in SPECS.items() if "input_shape" in s.by_name))
def test_input_shape_starts_a_sequential_model(name):
    """R keras's input_shape (the functions that have it in R keras 2.15) on either engine."""
    keras = _keras()
    spec = SPECS[name]
    x = _input(spec)
    model = getattr(rbridge, name)(keras.Sequential(), **_args(spec), input_shape=list(x.shape[1:]))
    assert model.predict(x, verbose=0).shape[0] == 2


@pytest.mark.parametrize("functional", [False, True], ids=["sequential", "functional"])
def test_plain_keras_3_says_which_class_it_cannot_locate(functional, tmp_path):
    """What README.md tells a user who loads an rbridge model with plain Keras 3."""
    keras = _keras()
    if int(keras.__version__.split(".")[0]) < 3:
        pytest.skip("Keras 2 saves rbridge's layers under Keras's own names: plain Keras loads them")
    import subprocess
    import sys

    if functional:
        tensor = keras.Input(shape=(5, 6, 2))
        model = keras.Model(tensor, rbridge.layer_conv_2d(tensor, 2, 3))
    else:
        model = rbridge.layer_conv_2d(keras.Sequential([keras.Input(shape=(5, 6, 2))]), 2, 3)
    model.save(tmp_path / "m.keras")
    script = f"import keras\nkeras.models.load_model({str(tmp_path / 'm.keras')!r})"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode != 0
    assert "Exception encountered: Could not locate class 'Conv2D'" in result.stderr
    assert "'registered_name': 'rbridge>Conv2D'" in result.stderr


def test_depthwise_conv_1d_passes_dots_shapes_unconverted_as_r_keras(r):
    """R keras 2.15 (measured): layer_depthwise_conv_1d(kernel_size = 3, input_shape = c(10, 3))
    makes a layer, but starting a Sequential model with it fails (Keras refuses the doubles);
    c(10L, 3L) works. An unknown name in `...` is an error naming it."""
    keras = _keras()
    assert isinstance(rbridge.layer_depthwise_conv_1d(kernel_size=3, input_shape=r("c(10, 3)")),
                      keras.layers.DepthwiseConv1D)
    with pytest.raises(rbridge.RArgumentError, match="input_shape"):
        rbridge.layer_depthwise_conv_1d(keras.Sequential(), kernel_size=3, input_shape=r("c(10, 3)"))
    model = rbridge.layer_depthwise_conv_1d(keras.Sequential(), kernel_size=3, input_shape=r("c(10L, 3L)"))
    assert tuple(model.output_shape) == (None, 8, 3)
    with pytest.raises(rbridge.RArgumentError, match="`foo`"):
        rbridge.layer_depthwise_conv_1d(kernel_size=3, foo=1)


@pytest.mark.parametrize("channels_first", [False, True])
def test_cropping_a_whole_axis_away_gives_an_empty_output_as_r_keras(channels_first):
    """R keras 2.15 (recorded: cropping_3d array_crop_everything) gives an empty output where
    Keras 3 raises; the NumPy reference says the same."""
    from rbridge import reference

    x = _input(SPECS["layer_cropping_3d"])
    pairs = ((1, 2), (2, 3), (0, 1))
    data_format = "channels_first" if channels_first else "channels_last"
    out = np.asarray(rbridge.layer_cropping_3d(x, cropping=[list(p) for p in pairs], data_format=data_format))
    expected = reference.cropping(x, pairs, channels_first=channels_first)
    assert out.shape == expected.shape and 0 in out.shape
    np.testing.assert_array_equal(out, expected)


def _r_args(spec, **given) -> dict:
    """The coerced R arguments of a call (R keras's defaults applied), as the kinds' references
    take them."""
    from rbridge.layers import keras_arguments

    values = {a.name: a.py_default for a in spec.arguments}
    values.update(given)
    supplied = set(given) | {a.name for a in spec.arguments if a.required}
    return keras_arguments(spec, values, supplied)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_the_kinds_numpy_reference_gives_the_layers_numbers(name):
    """Each spec's kind has a NumPy reference (rbridge/reference/, no TensorFlow), read from
    the R arguments, that computes what the layer computes."""
    spec = SPECS[name]
    x = _inputs(spec, _input(spec).astype("float64"))
    args = _args(spec)
    layer = getattr(rbridge, name)(**args, dtype="float64") if "dtype" in spec.by_name else \
        getattr(rbridge, name)(**args)
    out = layer(x)
    outputs = [np.asarray(o) for o in out] if isinstance(out, (list, tuple)) else [np.asarray(out)]
    expected = spec.operation.reference(spec, _r_args(spec, **args), x, [np.asarray(w) for w in layer.get_weights()])
    expected = list(expected) if isinstance(expected, (list, tuple)) else [expected]
    assert len(outputs) == len(expected)
    for got, want in zip(outputs, expected):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
