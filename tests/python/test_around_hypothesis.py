"""Property tests for the layers around the convolutions (issue 22, part A): pooling, global
pooling, dense, reshape/permute/repeat_vector, activation, masking and dropout/noise, each
made with rbridge's public function (R keras 2.15's arguments in their Python forms) and
compared with the NumPy references (rbridge.reference), never with rbridge or Keras.

Inputs and weights come from ``np.random.default_rng(seed)`` (the seed drawn by
hypothesis). Few examples per property (an eighth of the profile's): each builds layers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rbridge
from rbridge.reference import core as core_ref
from rbridge.reference import dropout as drop_ref
from rbridge.reference.activations import activation as act_ref
from rbridge.reference.pooling import global_pool, pool

EXAMPLES = max(4, settings.default.max_examples // 8)
examples = settings(max_examples=EXAMPLES, deadline=None)

pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def _close(actual, expected):
    actual = np.asarray(actual, dtype=np.float64)
    scale = max(1.0, float(np.max(np.abs(expected))) if np.size(expected) else 1.0)
    np.testing.assert_allclose(actual, expected, rtol=0, atol=2e-5 * scale)


@examples
@given(st.sampled_from(["max", "average"]), st.integers(1, 3), st.sampled_from(["valid", "same"]),
       st.booleans(), st.integers(0, 2**31 - 1), st.data())
def test_pooling_matches_the_reference(op, rank, padding, channels_first, seed, data):
    rng = np.random.default_rng(seed)
    sizes = tuple(data.draw(st.integers(1, 3)) for _ in range(rank))
    strides = tuple(data.draw(st.integers(1, 3)) for _ in range(rank))
    spatial = tuple(data.draw(st.integers(k, k + 3)) for k in sizes)
    channels = data.draw(st.integers(1, 3))
    shape = (2, channels, *spatial) if channels_first else (2, *spatial, channels)
    x = rng.standard_normal(shape)
    function = getattr(rbridge, f"layer_{op}_pooling_{rank}d")
    y = function(x, pool_size=list(sizes), strides=list(strides), padding=padding,
                 data_format="channels_first" if channels_first else "channels_last")
    _close(y, pool(x, op, sizes, strides, padding, channels_first=channels_first))


@examples
@given(st.sampled_from(["max", "average"]), st.integers(1, 3), st.booleans(), st.booleans(),
       st.integers(0, 2**31 - 1))
def test_global_pooling_matches_the_reference(op, rank, channels_first, keepdims, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, *rng.integers(1, 4, size=rank + 1)))
    function = getattr(rbridge, f"layer_global_{op}_pooling_{rank}d")
    y = function(x, data_format="channels_first" if channels_first else "channels_last", keepdims=keepdims)
    _close(y, global_pool(x, op, channels_first=channels_first, keepdims=keepdims))


@examples
@given(st.integers(1, 5), st.integers(1, 3), st.sampled_from([None, "relu", "tanh", "softmax"]), st.booleans(),
       st.integers(0, 2**31 - 1))
def test_dense_matches_the_reference(units, extra_axes, activation, use_bias, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, *([2] * (extra_axes - 1)), 3))
    kernel = rng.standard_normal((3, units))
    bias = rng.standard_normal(units)
    weights = [kernel, bias] if use_bias else [kernel]
    y = rbridge.layer_dense(x, units=units, activation=activation, use_bias=use_bias, weights=weights)
    _close(y, core_ref.dense(x, kernel, bias if use_bias else None, activation))


@examples
@given(st.integers(0, 2**31 - 1), st.data())
def test_reshape_permute_repeat_match_the_references(seed, data):
    rng = np.random.default_rng(seed)
    dims = data.draw(st.permutations([1, 2, 3]))
    x = rng.standard_normal((2, 2, 3, 4))
    _close(rbridge.layer_permute(x, dims=list(dims)), core_ref.permute(x, dims))
    target = data.draw(st.sampled_from([(24,), (4, 6), (-1, 3), (2, -1, 2), (3, 2, 2, 2)]))
    _close(rbridge.layer_reshape(x, target_shape=list(target)), core_ref.reshape(x, target))
    n = data.draw(st.integers(0, 4))
    v = rng.standard_normal((2, 5))
    _close(rbridge.layer_repeat_vector(v, n=n), core_ref.repeat_vector(v, n))


@examples
@given(st.sampled_from(["relu", "sigmoid", "tanh", "softplus", "elu", "linear", "softmax"]),
       st.integers(0, 2**31 - 1))
def test_activation_matches_the_reference(name, seed):
    x = np.random.default_rng(seed).standard_normal((2, 3, 4)) * 3
    _close(rbridge.layer_activation(x, activation=name), act_ref(name)(x))


@examples
@given(st.floats(-2, 2).map(lambda v: round(v, 1)), st.integers(0, 2**31 - 1))
def test_masking_matches_the_reference(mask_value, seed):
    rng = np.random.default_rng(seed)
    x = np.round(rng.standard_normal((2, 5, 3)), 1)
    x[rng.random((2, 5)) < 0.4] = mask_value  # whole steps equal to mask_value
    _close(rbridge.layer_masking(x, mask_value=mask_value), core_ref.masking(x, mask_value)[0])


@examples
@given(st.sampled_from(["layer_dropout", "layer_gaussian_noise", "layer_gaussian_dropout", "layer_alpha_dropout",
                        "layer_spatial_dropout_1d", "layer_spatial_dropout_2d", "layer_spatial_dropout_3d",
                        "layer_activity_regularization"]),
       st.floats(0, 0.9), st.integers(0, 2**31 - 1))
def test_regularization_layers_are_the_identity_in_inference(name, rate, seed):
    rank = int(name[-2]) if name.startswith("layer_spatial") else 1
    x = np.random.default_rng(seed).standard_normal((2, *([3] * rank), 2))
    if name == "layer_activity_regularization":
        kwargs = {"l1": rate}
    else:
        kwargs = {"stddev" if name == "layer_gaussian_noise" else "rate": rate}
    _close(getattr(rbridge, name)(x, **kwargs), drop_ref.identity(x))


@examples
@given(st.floats(0.1, 0.9), st.integers(0, 2**31 - 1))
def test_dropout_in_training_scales_what_it_keeps_and_shares_the_noise_shape(rate, seed):
    # The draws are random: what is defined is that each value is 0 or x / (1 - rate), and that
    # a noise_shape of 1 on an axis drops whole rows along it (the reference's rule).
    x = np.random.default_rng(seed).uniform(0.5, 1.5, (2, 4, 3))
    layer = rbridge.layer_dropout(rate=rate, noise_shape=[None, 1, 3], seed=seed % 1000)
    y = np.asarray(layer(x.astype("float32"), training=True), dtype=np.float64)
    kept = y != 0
    np.testing.assert_array_equal(kept, np.broadcast_to(kept[:, :1, :], kept.shape))
    keep = kept[:, :1, :].astype(float)
    _close(y, drop_ref.dropout(x, rate, keep))
    assert math.isclose(float(np.asarray(rbridge.layer_dropout(rate=rate)(x.astype("float32"))).sum()),
                        float(x.sum()), rel_tol=1e-5)
