"""The NumPy references of the layers around the convolutions, part A (pooling, the core
layers, dropout and noise) against values worked out by hand or by identities, never
against rbridge or Keras."""

from __future__ import annotations

import numpy as np
import pytest

from rbridge.reference import core
from rbridge.reference import dropout as drop
from rbridge.reference.pooling import global_pool, pool


# ---------------------------------------------------------------- pooling
def test_max_and_average_pooling_1d_by_hand():
    x = np.array([1.0, 5.0, 2.0, 4.0, 3.0]).reshape(1, 5, 1)
    # valid, window 2, stride 2: windows [1, 5], [2, 4]; the last step is left out
    np.testing.assert_allclose(pool(x, "max", (2,))[0, :, 0], [5.0, 4.0])
    np.testing.assert_allclose(pool(x, "average", (2,))[0, :, 0], [3.0, 3.0])
    # stride 1: four windows
    np.testing.assert_allclose(pool(x, "max", (2,), (1,))[0, :, 0], [5, 5, 4, 4])


def test_same_padding_leaves_the_padded_places_out():
    x = np.array([1.0, 5.0, 2.0, 4.0, 3.0]).reshape(1, 5, 1)
    # same, window 2, stride 2: ceil(5/2) = 3 windows, one zero after: [1, 5], [2, 4], [3]
    np.testing.assert_allclose(pool(x, "average", (2,), padding="same")[0, :, 0], [3.0, 3.0, 3.0])
    # a negative value next to the padding: the max is the value, not a padded 0
    y = -x
    np.testing.assert_allclose(pool(y, "max", (2,), padding="same")[0, :, 0], [-1.0, -2.0, -3.0])


def test_pooling_2d_by_hand_and_channels_first():
    x = np.arange(16.0).reshape(1, 4, 4, 1)
    np.testing.assert_allclose(pool(x, "max", (2, 2))[0, :, :, 0], [[5, 7], [13, 15]])
    np.testing.assert_allclose(pool(x, "average", (2, 2))[0, :, :, 0], [[2.5, 4.5], [10.5, 12.5]])
    two = np.concatenate([x, -x], axis=-1)  # two channels
    first = pool(np.moveaxis(two, -1, 1), "max", (2, 2), channels_first=True)
    np.testing.assert_allclose(np.moveaxis(first, 1, -1), pool(two, "max", (2, 2)))


def test_pooling_3d_average_of_a_constant_is_the_constant():
    x = np.full((2, 3, 4, 5, 2), 1.5)
    for padding in ("valid", "same"):
        y = pool(x, "average", (2, 2, 2), (1, 2, 3), padding)
        np.testing.assert_allclose(y, 1.5)
    assert pool(x, "max", (2, 2, 2), (1, 2, 3), "valid").shape == (2, 2, 2, 2, 2)
    assert pool(x, "max", (2, 2, 2), (1, 2, 3), "same").shape == (2, 3, 2, 2, 2)


def test_window_larger_than_input_gives_an_empty_axis():
    assert pool(np.ones((1, 3, 1)), "max", (4,)).shape == (1, 0, 1)


def test_global_pooling_by_hand():
    x = np.array([[[1.0, -1.0], [3.0, -5.0]]])  # (1, 2 steps, 2 channels)
    np.testing.assert_allclose(global_pool(x, "max"), [[3.0, -1.0]])
    np.testing.assert_allclose(global_pool(x, "average"), [[2.0, -3.0]])
    np.testing.assert_allclose(global_pool(x, "average", keepdims=True), [[[2.0, -3.0]]])
    # channels first: the channels are the steps here
    np.testing.assert_allclose(global_pool(x, "max", channels_first=True), [[1.0, 3.0]])


# ---------------------------------------------------------------- core
def test_dense_by_hand():
    x = np.array([[1.0, 2.0]])
    kernel = np.array([[1.0, -1.0, 0.5], [2.0, 0.0, 1.0]])
    np.testing.assert_allclose(core.dense(x, kernel, [0.5, 0.0, -3.0]), [[5.5, -1.0, -0.5]])
    np.testing.assert_allclose(core.dense(x, kernel, [0.5, 0.0, -3.0], "relu"), [[5.5, 0.0, 0.0]])
    # rank 3: the last axis only
    assert core.dense(np.ones((2, 4, 2)), kernel).shape == (2, 4, 3)


def test_reshape_keeps_c_order_and_fills_minus_one():
    x = np.arange(12.0).reshape(1, 3, 4)
    y = core.reshape(x, (2, -1))
    assert y.shape == (1, 2, 6)
    np.testing.assert_allclose(y.ravel(), np.arange(12.0))
    with pytest.raises(ValueError):
        core.reshape(x, (5, 2))


def test_permute_by_hand():
    x = np.arange(6.0).reshape(1, 2, 3)
    y = core.permute(x, (2, 1))
    assert y.shape == (1, 3, 2)
    assert y[0, 2, 1] == x[0, 1, 2]
    with pytest.raises(ValueError):
        core.permute(x, (0, 1))


def test_repeat_vector_by_hand():
    y = core.repeat_vector(np.array([[1.0, 2.0]]), 3)
    np.testing.assert_allclose(y, [[[1, 2], [1, 2], [1, 2]]])
    assert core.repeat_vector(np.ones((2, 3)), 0).shape == (2, 0, 3)


def test_activity_regularization_is_the_identity_with_a_loss():
    x = np.array([[1.0, -2.0], [3.0, 0.0]])
    np.testing.assert_allclose(core.activity_regularization(x), x)
    # l1: 6, l2: 14; per batch item (Keras 2.15): / 2
    assert core.activity_loss(x, l1=1.0, l2=0.5, per_batch_item=False) == pytest.approx(13.0)
    assert core.activity_loss(x, l1=1.0, l2=0.5) == pytest.approx(6.5)


def test_masking_by_hand():
    x = np.array([[[1.0, 0.0], [0.0, 0.0], [0.0, 3.0]]])
    y, keep = core.masking(x)
    np.testing.assert_array_equal(keep, [[True, False, True]])
    np.testing.assert_allclose(y, x)  # the masked step was zeros already
    y, keep = core.masking(x + 1, mask_value=1.0)
    np.testing.assert_array_equal(keep, [[True, False, True]])
    np.testing.assert_allclose(y[0, 1], [0.0, 0.0])


# ---------------------------------------------------------------- dropout and noise
def test_dropout_scales_the_kept_values():
    x = np.array([[2.0, 4.0, 6.0, 8.0]])
    keep = np.array([[1, 0, 1, 0]])
    np.testing.assert_allclose(drop.dropout(x, 0.5, keep), [[4.0, 0.0, 12.0, 0.0]])
    np.testing.assert_allclose(drop.dropout(x, 1.0, keep), 0.0)
    np.testing.assert_allclose(drop.identity(x), x)


def test_noise_shapes():
    assert drop.noise_shape((2, 3, 4), (None, 1, 4)) == (2, 1, 4)
    assert drop.noise_shape((2, 3, 4), None) == (2, 3, 4)
    with pytest.raises(ValueError):
        drop.noise_shape((2, 3, 4), (2, 2, 4))
    assert drop.spatial_noise_shape((2, 5, 6, 3)) == (2, 1, 1, 3)
    assert drop.spatial_noise_shape((2, 3, 5, 6), channels_first=True) == (2, 3, 1, 1)


def test_shared_mask_drops_whole_rows():
    x = np.ones((1, 3, 2))
    keep = np.array([[[1], [0], [1]]])  # noise_shape (1, 3, 1)
    np.testing.assert_allclose(drop.dropout(x, 0.25, keep)[0], [[4 / 3, 4 / 3], [0, 0], [4 / 3, 4 / 3]])


def test_gaussian_layers_by_hand():
    x = np.array([1.0, -2.0])
    np.testing.assert_allclose(drop.gaussian_noise(x, 0.5, np.array([2.0, -2.0])), [2.0, -3.0])
    # rate 0.5: sqrt(0.5/0.5) = 1, so x * (1 + noise)
    np.testing.assert_allclose(drop.gaussian_dropout(x, 0.5, np.array([1.0, -0.5])), [2.0, -1.0])
    np.testing.assert_allclose(drop.gaussian_dropout(x, 0.0, np.array([9.0, 9.0])), x)


def test_alpha_dropout_keeps_selu_mean_and_variance():
    # Over every keep/drop outcome weighted by its probability, a standard-normal-moment input
    # keeps mean 0 and variance 1 (the defining property of a and b).
    rate = 0.3
    a, b = drop.alpha_dropout_coefficients(rate)
    # E[z] with z = x*keep + ALPHA_P*(1-keep), x ~ (0, 1): (1-rate)*0 + rate*ALPHA_P
    mean = a * (rate * drop.ALPHA_P) + b
    second = (1 - rate) * 1.0 + rate * drop.ALPHA_P ** 2  # E[z^2]
    variance = a ** 2 * (second - (rate * drop.ALPHA_P) ** 2)
    assert mean == pytest.approx(0.0, abs=1e-12)
    assert variance == pytest.approx(1.0)
    x = np.array([0.5, -1.0])
    np.testing.assert_allclose(drop.alpha_dropout(x, rate, np.array([1, 0])), [a * 0.5 + b, a * drop.ALPHA_P + b])
    np.testing.assert_allclose(drop.alpha_dropout(x, 0.0, np.array([0, 0])), x)


def test_same_pooling_starts_at_the_start_where_the_stride_is_larger_than_the_window():
    # total padding (1-1)*3 + 1 - 3 = -2: no padding, the one window is the first step, in
    # every rank (TensorFlow's plain 3-D kernel alone starts inside: see rbridge/kinds/pooling.py)
    x = np.array([10.0, 20.0, 30.0]).reshape(1, 1, 1, 3, 1)
    np.testing.assert_allclose(pool(x, "max", (1, 1, 1), (1, 1, 3), "same").ravel(), [10.0])
    np.testing.assert_allclose(pool(x.reshape(1, 3, 1), "max", (1,), (3,), "same").ravel(), [10.0])
    # with the usual positive total, the same as the other ranks: windows [10, 20], [30]
    np.testing.assert_allclose(pool(x, "average", (1, 1, 2), (1, 1, 2), "same").ravel(), [15.0, 30.0])
