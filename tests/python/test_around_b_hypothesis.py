"""Property tests for the layers around the convolutions (issue 22, part B): normalization,
the activation layers, merges, embedding and ConvLSTM 1D/3D, each made with rbridge's public
function (R keras 2.15's arguments in their Python forms), against the NumPy references
(rbridge.reference), never against rbridge or Keras.

Weights come from ``np.random.default_rng(seed)`` (the seed drawn by hypothesis). Runs in
whatever engine and kernel mode its process has (CI: both engines, both kernel modes). Few
examples per property (an eighth of the profile's): each example builds Keras layers.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rbridge
from rbridge.reference import activation_layers as act_ref
from rbridge.reference import embedding as emb_ref
from rbridge.reference import merge as merge_ref
from rbridge.reference import normalization as norm_ref
from rbridge.reference.conv_lstm import conv_lstm as conv_lstm_ref

EXAMPLES = max(4, settings.default.max_examples // 8)
examples = settings(max_examples=EXAMPLES, deadline=None)

pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def _close(actual, expected, dtype="float32"):
    actual = np.asarray(actual, dtype=np.float64)
    scale = max(1.0, float(np.max(np.abs(expected))) if np.size(expected) else 1.0)
    tol = 1e-10 if dtype == "float64" else 2e-5 * scale
    np.testing.assert_allclose(actual, expected, rtol=0, atol=tol)


# ----------------------------------------------------------------------------- normalization
@examples
@given(st.integers(2, 5), st.data())
def test_batch_normalization_training_step(ndim, data):
    """One training step: output and moving statistics, the variance unbiased exactly where
    Keras 2.15's fused kernel ran (R keras 2.15's meaning, on either engine)."""
    shape = tuple(data.draw(st.lists(st.integers(1, 3), min_size=ndim, max_size=ndim)))
    shape = (max(shape[0], 2), *shape[1:])
    axis = data.draw(st.sampled_from([-1, *range(1, ndim)]))
    r_axis = axis + 1 if axis >= 0 else axis  # R's 1-based axis
    dtype = data.draw(st.sampled_from(["float32", "float64"]))
    momentum = data.draw(st.sampled_from([0.0, 0.5, 0.9]))
    seed = data.draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    c = shape[axis]
    weights = [rng.uniform(0.5, 2, c), rng.normal(size=c), rng.normal(size=c), rng.uniform(0.5, 2, c)]
    x = rng.normal(size=shape)
    layer = rbridge.layer_batch_normalization(axis=r_axis, momentum=momentum, dtype=dtype, weights=weights)
    y = layer(x.astype(dtype), training=True)
    unbiased = norm_ref.keras215_fused(ndim, axis, dtype)
    ey, em, ev = norm_ref.batch_normalization_training(x, *weights, axis=axis, epsilon=1e-3, momentum=momentum,
                                                       unbiased=unbiased)
    _close(y, ey, dtype)
    got = layer.get_weights()
    # Keras 2 applies the momentum as a float32 constant, also to float64 statistics.
    _close(got[2], em)
    _close(got[3], ev)


@examples
@given(st.integers(2, 4), st.data())
def test_batch_and_layer_normalization_inference(ndim, data):
    shape = tuple(data.draw(st.lists(st.integers(1, 4), min_size=ndim, max_size=ndim)))
    axis = data.draw(st.sampled_from([-1, *range(1, ndim)]))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    x = rng.normal(size=shape)
    c = shape[axis]
    weights = [rng.uniform(0.5, 2, c), rng.normal(size=c), rng.normal(size=c), rng.uniform(0.5, 2, c)]
    epsilon = data.draw(st.sampled_from([1e-3, 0.1]))
    r_axis = axis + 1 if axis >= 0 else axis  # R's 1-based axis
    y = rbridge.layer_batch_normalization(x, axis=r_axis, epsilon=epsilon, weights=weights)
    _close(y, norm_ref.batch_normalization(x, *weights, axis=axis, epsilon=epsilon))
    center, scale = data.draw(st.booleans()), data.draw(st.booleans())
    layer = rbridge.layer_layer_normalization(axis=axis, epsilon=epsilon, center=center, scale=scale)
    y = layer(x.astype("float32"))
    params = [rng.normal(size=c) for _ in range(int(center) + int(scale))]
    layer.set_weights(params)
    gamma = params[0] if scale else None
    beta = params[-1] if center else None
    _close(layer(x.astype("float32")), norm_ref.layer_normalization(x, gamma, beta, axis=axis, epsilon=epsilon))


# ----------------------------------------------------------------------------- activations
VALUES = st.lists(st.floats(-5, 5, allow_nan=False).map(lambda v: round(v, 2)), min_size=2, max_size=12)


@examples
@given(VALUES, st.sampled_from([None, 1.0, 6.0]), st.sampled_from([0.0, 0.2]), st.sampled_from([0.0, 0.5, 1.0]))
def test_relu(values, max_value, negative_slope, threshold):
    x = np.array(values).reshape(1, -1)
    y = rbridge.layer_activation_relu(x, max_value=max_value, negative_slope=negative_slope, threshold=threshold)
    _close(y, act_ref.relu(x, max_value, negative_slope, threshold))


@examples
@given(VALUES, st.sampled_from([0.0, 0.3, 1.5]), st.sampled_from([0.0, 0.5, 1.0, 2.5]))
def test_leaky_elu_selu_thresholded(values, alpha, theta):
    x = np.array(values).reshape(1, -1)
    _close(rbridge.layer_activation_leaky_relu(x, alpha=alpha), act_ref.leaky_relu(x, alpha))
    _close(rbridge.layer_activation_elu(x, alpha=alpha), act_ref.elu(x, alpha))
    _close(rbridge.layer_activation_selu(x), act_ref.selu(x))
    _close(rbridge.layer_activation_thresholded_relu(x, theta=theta), act_ref.thresholded_relu(x, theta))


@examples
@given(st.data())
def test_softmax_and_prelu(data):
    shape = tuple(data.draw(st.lists(st.integers(1, 4), min_size=3, max_size=3)))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    x = rng.normal(size=shape) * 3
    axis = data.draw(st.sampled_from([-1, 1, 2, [1, 2]]))
    _close(rbridge.layer_activation_softmax(x, axis=axis), act_ref.softmax(x, axis))
    shared = data.draw(st.sampled_from([None, [1], [2], [1, 2]]))
    alpha = rng.normal(size=act_ref.prelu_alpha_shape(shape, shared))
    _close(rbridge.layer_activation_parametric_relu(x, shared_axes=shared, weights=[alpha]), act_ref.prelu(x, alpha))


# ----------------------------------------------------------------------------- merges
ELEMENTWISE = [("layer_add", merge_ref.add), ("layer_subtract", merge_ref.subtract),
               ("layer_multiply", merge_ref.multiply), ("layer_average", merge_ref.average),
               ("layer_maximum", merge_ref.maximum), ("layer_minimum", merge_ref.minimum)]


@examples
@given(st.sampled_from(ELEMENTWISE), st.integers(2, 4), st.data())
def test_elementwise_merges(function, n, data):
    name, reference = function
    n = 2 if name == "layer_subtract" else n
    shape = tuple(data.draw(st.lists(st.integers(1, 3), min_size=2, max_size=4)))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    xs = [rng.normal(size=shape) for _ in range(n)]
    spread = data.draw(st.booleans())
    out = getattr(rbridge, name)(xs[0], *xs[1:]) if spread else getattr(rbridge, name)(xs)
    _close(out, reference(xs))


@examples
@given(st.data())
def test_concatenate_and_dot(data):
    ndim = data.draw(st.integers(2, 4))
    shape = list(data.draw(st.lists(st.integers(1, 3), min_size=ndim, max_size=ndim)))
    axis = data.draw(st.integers(-ndim, ndim - 1))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    other = list(shape)
    other[axis] = data.draw(st.integers(1, 3))
    xs = [rng.normal(size=shape), rng.normal(size=other)]
    _close(rbridge.layer_concatenate(xs, axis=axis), merge_ref.concatenate(xs, axis))
    a = rng.normal(size=(2, 3))
    b = rng.normal(size=(2, 3))
    normalize = data.draw(st.booleans())
    _close(rbridge.layer_dot([a, b], axes=data.draw(st.sampled_from([1, -1])), normalize=normalize),
           merge_ref.dot([a, b], 1, normalize))


# ----------------------------------------------------------------------------- embedding
@examples
@given(st.integers(1, 6), st.integers(1, 4), st.data())
def test_embedding(input_dim, output_dim, data):
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    table = rng.normal(size=(input_dim, output_dim))
    shape = tuple(data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)))
    idx = rng.integers(0, input_dim, size=shape) + data.draw(st.sampled_from([0.0, 0.4]))
    out = rbridge.layer_embedding(idx, input_dim=input_dim, output_dim=output_dim, weights=[table])
    _close(out, emb_ref.embedding(idx, table))


# ----------------------------------------------------------------------------- ConvLSTM 1D/3D
@examples
@given(st.sampled_from([1, 3]), st.data())
def test_conv_lstm_1d_3d(rank, data):
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    k = data.draw(st.integers(1, 2))
    padding = data.draw(st.sampled_from(["valid", "same"]))
    size = 3 if rank == 1 else 2
    x = rng.normal(size=(2, 2, *([size + 1] * rank), 2))
    kernel = rng.normal(size=(*([k] * rank), 2, 8)) / 3
    recurrent = rng.normal(size=(*([k] * rank), 2, 8)) / 3
    bias = rng.normal(size=8) / 5
    typed = data.draw(st.sampled_from([None, "sigmoid", "hard_sigmoid"]))
    kwargs = {} if typed is None else {"recurrent_activation": typed}
    fn = getattr(rbridge, f"layer_conv_lstm_{rank}d")
    sequences = data.draw(st.booleans())
    out = fn(x, filters=2, kernel_size=k, padding=padding, return_sequences=sequences,
             weights=[kernel, recurrent, bias], **kwargs)
    # Untyped, R keras 2.15 leaves Keras 2.15's default: hard_sigmoid = clip(0.2x + 0.5).
    expected = conv_lstm_ref(x, kernel, recurrent, bias, strides=(1,) * rank, padding=padding,
                             dilation=(1,) * rank, recurrent_activation=typed or "hard_sigmoid",
                             return_sequences=sequences)
    _close(out, expected)


# ----------------------------------------------------------------------------- in fit()
@pytest.mark.parametrize("axis, unbiased", [(-1, True), (3, False)])
def test_fit_moves_the_moving_variance_as_r_keras_215(axis, unbiased):
    """One fit() step (learning rate 0, one batch): the moving variance moves towards the
    unbiased batch variance where Keras 2.15's fused kernel ran (4-D, features last), the
    biased one elsewhere (R's axis = 3, Keras's 2): on Keras 3 too, inside a compiled step."""
    from rbridge.engine import get_engine

    keras = get_engine().keras
    x = np.random.default_rng(0).normal(size=(8, 3, 3, 2)).astype("float32")
    model = keras.Sequential([keras.Input((3, 3, 2))])
    rbridge.layer_batch_normalization(model, axis=axis, momentum=0.5)
    model.add(keras.layers.Flatten())
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse")
    model.fit(x, np.zeros((8, 18)), batch_size=8, epochs=1, verbose=0)
    features = -1 if axis == -1 else axis - 1
    c = x.shape[features]
    _, mean, variance = norm_ref.batch_normalization_training(x, None, None, np.zeros(c), np.ones(c), axis=features,
                                                              momentum=0.5, unbiased=unbiased)
    weights = model.layers[0].get_weights()
    _close(weights[2], mean)
    _close(weights[3], variance)
