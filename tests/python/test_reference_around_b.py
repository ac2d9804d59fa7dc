"""The NumPy references of the layers around the convolutions (normalization, activation
layers, merges, embedding, ConvLSTM 1D/3D) against values worked out by hand or by
identities, never against rbridge or Keras."""

from __future__ import annotations

import numpy as np
import pytest

from rbridge.reference import activation_layers as act
from rbridge.reference import embedding as emb
from rbridge.reference import merge
from rbridge.reference import normalization as norm
from rbridge.reference.conv_lstm import conv_lstm, conv_lstm_2d


# ---------------------------------------------------------------- batch normalization
def test_batch_normalization_inference_by_hand():
    x = np.array([[1.0, 2.0], [3.0, 6.0]])
    y = norm.batch_normalization(x, gamma=[2.0, 1.0], beta=[0.5, 0.0], moving_mean=[1.0, 2.0],
                                 moving_variance=[4.0, 16.0], epsilon=0.0)
    # (1-1)/2*2+.5 = .5; (2-2)/4 = 0; (3-1)/2*2+.5 = 2.5; (6-2)/4 = 1
    np.testing.assert_allclose(y, [[0.5, 0.0], [2.5, 1.0]])


def test_batch_normalization_axis_one_channels_first():
    x = np.arange(8.0).reshape(2, 2, 2)  # features on axis 1
    y = norm.batch_normalization(x, None, None, moving_mean=[1.0, 5.0], moving_variance=[1.0, 1.0],
                                 axis=1, epsilon=0.0)
    np.testing.assert_allclose(y[:, 0], x[:, 0] - 1)
    np.testing.assert_allclose(y[:, 1], x[:, 1] - 5)


def test_training_step_moving_statistics_by_hand():
    # one feature, values 1, 2, 3, 6: mean 3, biased variance 3.5, unbiased 14/3
    x = np.array([[1.0], [2.0], [3.0], [6.0]])
    y, mean, var = norm.batch_normalization_training(x, None, None, [0.0], [1.0], momentum=0.5,
                                                     epsilon=0.0, unbiased=False)
    np.testing.assert_allclose(mean, [1.5])
    np.testing.assert_allclose(var, [0.5 + 0.5 * 3.5])
    np.testing.assert_allclose(y.ravel(), (x.ravel() - 3) / np.sqrt(3.5))
    _, _, var_unbiased = norm.batch_normalization_training(x, None, None, [0.0], [1.0], momentum=0.5,
                                                           epsilon=0.0, unbiased=True)
    np.testing.assert_allclose(var_unbiased, [0.5 + 0.5 * 14 / 3])


def test_training_output_is_normalized_whatever_the_variance_update():
    x = np.random.default_rng(1).normal(size=(2, 3, 3, 4))
    y, _, _ = norm.batch_normalization_training(x, None, None, np.zeros(4), np.ones(4), epsilon=0.0,
                                                unbiased=True)
    np.testing.assert_allclose(y.mean(axis=(0, 1, 2)), 0, atol=1e-12)
    np.testing.assert_allclose(y.std(axis=(0, 1, 2)), 1, atol=1e-12)


@pytest.mark.parametrize("ndim, axis, dtype, extra, fused", [
    (4, -1, "float32", {}, True), (4, 3, "float32", {}, True), (4, 1, "float32", {}, True),
    (4, 2, "float32", {}, False), (5, -1, "float32", {}, True), (5, 1, "float32", {}, True),
    (5, 2, "float32", {}, False), (2, -1, "float32", {}, False), (3, -1, "float32", {}, False),
    (4, -1, "float64", {}, False), (4, -1, "float32", {"fused": False}, False),
    (4, -1, "float32", {"virtual_batch_size": 2}, False), (4, -1, "float32", {"renorm": True}, False),
    (4, [1, 2], "float32", {}, False), (4, -1, "float32", {"synchronized": True}, False),
])
def test_keras215_fused_rule(ndim, axis, dtype, extra, fused):
    # Keras 2.15's BatchNormalization._fused_can_be_used() and build(), as its source reads.
    assert norm.keras215_fused(ndim, axis, dtype, **extra) is fused


def test_layer_normalization_by_hand():
    x = np.array([[1.0, 3.0], [2.0, 2.0]])
    y = norm.layer_normalization(x, gamma=[1.0, 2.0], beta=[0.0, 1.0], epsilon=0.0 + 1e-300)
    np.testing.assert_allclose(y[0], [-1.0, 3.0])  # mean 2, sd 1: (-1, 1) * (1, 2) + (0, 1)
    np.testing.assert_allclose(y[1], [0.0, 1.0])   # zero variance: centred to 0, plus beta


def test_layer_normalization_several_axes():
    x = np.random.default_rng(2).normal(size=(3, 4, 5))
    y = norm.layer_normalization(x, axis=(1, 2), epsilon=0.0)
    np.testing.assert_allclose(y.reshape(3, -1).mean(1), 0, atol=1e-12)
    np.testing.assert_allclose(y.reshape(3, -1).std(1), 1, atol=1e-12)


# ---------------------------------------------------------------- activation layers
X = np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0])


def test_relu_forms_by_hand():
    np.testing.assert_allclose(act.relu(X), [0, 0, 0, 0, .5, 1, 1.5, 2])
    np.testing.assert_allclose(act.relu(X, max_value=1), [0, 0, 0, 0, .5, 1, 1, 1])
    np.testing.assert_allclose(act.relu(X, negative_slope=0.1), [-.2, -.1, -.05, 0, .5, 1, 1.5, 2])
    # a threshold keeps x > threshold only (x = threshold gives 0)
    np.testing.assert_allclose(act.relu(X, threshold=0.5), [0, 0, 0, 0, 0, 1, 1.5, 2])
    np.testing.assert_allclose(act.relu(X, max_value=1.5, negative_slope=0.2, threshold=0.25),
                               [-.45, -.25, -.15, -.05, .5, 1, 1.5, 1.5])


def test_leaky_elu_selu_by_hand():
    np.testing.assert_allclose(act.leaky_relu(X), np.where(X >= 0, X, 0.3 * X))
    np.testing.assert_allclose(act.elu([-1.0, 0.0, 2.0], alpha=2.0), [2 * (np.exp(-1) - 1), 0, 2])
    np.testing.assert_allclose(act.selu([0.0, 1.0]), [0.0, 1.0507009873554805])


def test_softmax_axes():
    x = np.log(np.array([[[1.0, 3.0], [2.0, 2.0]]]))
    np.testing.assert_allclose(act.softmax(x), [[[.25, .75], [.5, .5]]])
    np.testing.assert_allclose(act.softmax(x, axis=1), [[[1 / 3, .6], [2 / 3, .4]]])
    np.testing.assert_allclose(act.softmax(x, axis=(1, 2)), [[[1 / 8, 3 / 8], [2 / 8, 2 / 8]]])


def test_prelu_and_thresholded_relu():
    alpha = np.array([[0.1, 0.2]])  # shared along axis 1
    x = np.array([[[-1.0, -1.0], [2.0, -3.0]]])
    np.testing.assert_allclose(act.prelu(x, alpha), [[[-0.1, -0.2], [2.0, -0.6]]])
    assert act.prelu_alpha_shape((None, 4, 3), [1]) == (1, 3)
    np.testing.assert_allclose(act.thresholded_relu(X), [0, 0, 0, 0, 0, 0, 1.5, 2])
    np.testing.assert_allclose(act.thresholded_relu(X, theta=0.0), act.relu(X))


# ---------------------------------------------------------------- merges
A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
B = np.array([[2.0, 0.0, -1.0], [1.0, 1.0, 1.0]])


def test_elementwise_merges_by_hand():
    np.testing.assert_allclose(merge.add([A, B]), [[3, 2, 2], [5, 6, 7]])
    np.testing.assert_allclose(merge.subtract([A, B]), [[-1, 2, 4], [3, 4, 5]])
    np.testing.assert_allclose(merge.multiply([A, B]), [[2, 0, -3], [4, 5, 6]])
    np.testing.assert_allclose(merge.average([A, B]), [[1.5, 1, 1], [2.5, 3, 3.5]])
    np.testing.assert_allclose(merge.maximum([A, B]), [[2, 2, 3], [4, 5, 6]])
    np.testing.assert_allclose(merge.minimum([A, B]), [[1, 0, -1], [1, 1, 1]])
    with pytest.raises(ValueError):
        merge.subtract([A, B, A])


def test_concatenate_and_dot_by_hand():
    assert merge.concatenate([A, B]).shape == (2, 6)
    assert merge.concatenate([A, B], axis=0).shape == (4, 3)
    np.testing.assert_allclose(merge.dot([A, B], axes=1), [[-1.0], [15.0]])
    np.testing.assert_allclose(merge.dot([A, A], axes=-1, normalize=True), [[1.0], [1.0]])
    x, y = np.ones((2, 3, 4)), np.ones((2, 5, 4))
    assert merge.dot([x, y], axes=2).shape == (2, 3, 5)
    np.testing.assert_allclose(merge.dot([x, y], axes=2), 4.0)


# ---------------------------------------------------------------- embedding
def test_embedding_zero_based_and_truncating():
    table = np.arange(20.0).reshape(10, 2)
    np.testing.assert_allclose(emb.embedding([[0, 9]], table), [[[0, 1], [18, 19]]])
    np.testing.assert_allclose(emb.embedding([[1.7]], table), [[[2, 3]]])
    for bad in (-1, 10):
        with pytest.raises(IndexError):
            emb.embedding([[bad]], table)


# ---------------------------------------------------------------- ConvLSTM, ranks 1 and 3
def _hard_sigmoid(z):
    return np.clip(0.2 * z + 0.5, 0, 1)


def test_conv_lstm_1d_one_step_by_hand():
    # one time step, one position, kernel 1: the LSTM cell on scalars, h0 = c0 = 0
    x = np.array([0.5]).reshape(1, 1, 1, 1)
    w = np.array([0.2, 0.4, 0.6, 0.8]).reshape(1, 1, 4)  # gates i, f, c, o
    u = np.zeros((1, 1, 4))
    b = np.array([0.0, 1.0, 0.1, -0.1])
    z = 0.5 * w.ravel() + b
    c = _hard_sigmoid(z[0]) * np.tanh(z[2])
    h = _hard_sigmoid(z[3]) * np.tanh(c)
    out = conv_lstm(x, w, u, b, strides=(1,), padding="valid", dilation=(1,))
    np.testing.assert_allclose(out, [[[h]]])


def test_conv_lstm_ranks_agree_on_a_degenerate_axis():
    # a 1-D ConvLSTM equals the 2-D one on inputs with a length-1 axis and a 1-long kernel
    # along it; the 3-D one likewise with two such axes.
    rng = np.random.default_rng(3)
    x1 = rng.normal(size=(2, 3, 5, 2))
    k1, u1, b = rng.normal(size=(3, 2, 8)), rng.normal(size=(3, 2, 8)) / 3, rng.normal(size=8)
    settings = dict(padding="same", return_sequences=True)
    one = conv_lstm(x1, k1, u1, b, strides=(1,), dilation=(1,), **settings)
    two = conv_lstm_2d(x1[:, :, :, None, :], k1[:, None], u1[:, None], b, strides=(1, 1), dilation=(1, 1),
                       **settings)
    three = conv_lstm(x1[:, :, :, None, None, :], k1[:, None, None], u1[:, None, None], b, strides=(1, 1, 1),
                      dilation=(1, 1, 1), **settings)
    np.testing.assert_allclose(one, two[:, :, :, 0], atol=1e-12)
    np.testing.assert_allclose(one, three[:, :, :, 0, 0], atol=1e-12)


def test_conv_lstm_rank_checked():
    with pytest.raises(ValueError):
        conv_lstm(np.zeros((1, 2, 3, 3, 1)), np.zeros((3, 1, 4)), np.zeros((3, 1, 4)), strides=(1,),
                  padding="valid", dilation=(1,))
