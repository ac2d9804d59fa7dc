"""UpSampling2D with ``interpolation = "gaussian"`` or ``"mitchellcubic"`` on Keras 3.

R keras 2.15 (Keras 2.15's ``backend.resize_images``) computes every
``tf.image.resize`` method; Keras 3 refuses these two. Computed as Keras 2.15 does:
channels-first transposed to channels-last, ``tf.image.resize`` to the size times the
factors, transposed back. TensorFlow computes these methods in float32 (its
``ScaleAndTranslate`` op); the result is returned in the input's dtype, as Keras 3's own
upsampling returns it.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from ._common import to_channels_first, to_channels_last

KERAS3_REFUSES = ("gaussian", "mitchellcubic")


def resize(inputs: Any, size: tuple, *, interpolation: str, channels_first: bool) -> Any:
    rows, cols = (2, 3) if channels_first else (1, 2)
    shape = inputs.shape[rows:cols + 1]
    if shape.is_fully_defined():
        new_shape = tf.constant(shape.as_list(), dtype="int32")
    else:
        new_shape = tf.shape(inputs)[rows:cols + 1]
    new_shape *= tf.constant(list(size), dtype="int32")
    x = to_channels_last(inputs) if channels_first else inputs
    x = tf.image.resize(x, new_shape, method=interpolation)
    x = to_channels_first(x) if channels_first else x
    return tf.cast(x, inputs.dtype)


def layer_call(layer: Any, inputs: Any) -> Any:
    return resize(inputs, tuple(layer.size), interpolation=layer.interpolation,
                  channels_first=layer.data_format == "channels_first")
