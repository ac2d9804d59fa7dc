"""More of Keras 2.15's backend functions, ported from Keras 2.15's own ``keras/src/backend.py``
(Apache License 2.0, the Keras authors) with TensorFlow as it computes them, for those R keras
2.15's ``k_*()`` functions call and Keras 3 dropped without an equivalent of the same name and
meaning: ``batch_dot``, ``permute_dimensions``, ``repeat_elements``, ``reverse``, the padding
and resizing helpers, ``bias_add``, ``dropout``, ``in_train_phase``, ``truncated_normal``,
``random_bernoulli``, ``map_fn``/``foldl``/``foldr``, ``set_value``, ``count_params`` and a few
more. ``rbridge.keras215_backend`` (what ``backend()`` gives on Keras 3) looks names up here
before falling back on Keras 3's own modules.

Keras 2.15's graph-mode bookkeeping (``_keras_shape``, the learning-phase placeholder) has no
place on Keras 3: outside a layer's call, ``in_train_phase(training = NULL)`` is inference, as
Keras 2.15's eager default learning phase 0 was.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf


def _image_data_format() -> str:
    import keras

    return keras.backend.image_data_format()


def _floatx() -> str:
    import keras

    return keras.backend.floatx()


def _int_shape(x: Any) -> tuple:
    return tuple(x.shape.as_list()) if hasattr(x.shape, "as_list") else tuple(x.shape)


def batch_dot(x: Any, y: Any, axes: Any = None) -> Any:
    """Keras 2.15's batch_dot: per batch element, the dot product over ``axes``."""
    x, y = tf.convert_to_tensor(x), tf.convert_to_tensor(y)
    x_shape, y_shape = _int_shape(x), _int_shape(y)
    x_ndim, y_ndim = len(x_shape), len(y_shape)
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError(f"Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes "
                         f"{x_shape} and {y_shape}.")
    if x_shape[0] is not None and y_shape[0] is not None and x_shape[0] != y_shape[0]:
        raise ValueError(f"Cannot do batch_dot on inputs with different batch sizes. Received inputs "
                         f"with shapes {x_shape} and {y_shape}.")
    if isinstance(axes, (int, float)):
        axes = [int(axes), int(axes)]
    if axes is None:
        axes = [x_ndim - 1, y_ndim - 1] if y_ndim == 2 else [x_ndim - 1, y_ndim - 2]
    if any(isinstance(a, (list, tuple)) for a in axes):
        raise ValueError(f"Multiple target dimensions are not supported. Expected: None, int, (int, int), "
                         f"Provided: {axes}")
    a0, a1 = (int(a) for a in axes)
    a0 += x_ndim if a0 < 0 else 0
    a1 += y_ndim if a1 < 0 else 0
    if 0 in (a0, a1):
        raise ValueError("Cannot perform batch_dot over axis 0. If your inputs are not batched, add a "
                         "dummy batch dimension to your inputs using K.expand_dims(x, 0)")
    d1, d2 = x_shape[a0], y_shape[a1]
    if d1 is not None and d2 is not None and d1 != d2:
        raise ValueError(f"Cannot do batch_dot on inputs with shapes {x_shape} and {y_shape} with axes="
                         f"{[a0, a1]}. x.shape[{a0}] != y.shape[{a1}] ({d1} != {d2}).")
    orig_x_ndim, orig_y_ndim = x_ndim, y_ndim
    if x_ndim == 2:
        x, a0, x_ndim = tf.expand_dims(x, 1), a0 + 1, x_ndim + 1
    if y_ndim == 2:
        y, y_ndim = tf.expand_dims(y, 2), y_ndim + 1
    if a0 != x_ndim - 1:  # the summed axis of x last
        pattern = list(range(x_ndim))
        for i in range(a0, x_ndim - 1):
            pattern[i] = pattern[i + 1]
        pattern[-1] = a0
        x = tf.transpose(x, pattern)
    if a1 != 1:  # the summed axis of y second
        pattern = list(range(y_ndim))
        for i in range(a1, 1, -1):
            pattern[i] = pattern[i - 1]
        pattern[1] = a1
        y = tf.transpose(y, pattern)
    x_squashed = y_squashed = False
    if x_ndim > 3:
        full = tf.shape(x)
        x_mid_dims = full[1:-1]
        x = tf.reshape(x, tf.stack([full[0], -1, full[-1]]))
        x_squashed = True
    if y_ndim > 3:
        full = tf.shape(y)
        y_trail_dims = full[2:]
        y = tf.reshape(y, tf.stack([full[0], full[1], -1]))
        y_squashed = True
    result = tf.matmul(x, y)
    output_shape = tf.shape(result)
    if x_squashed:
        output_shape = tf.concat([output_shape[:1], x_mid_dims, output_shape[-1:]], 0)
    if y_squashed:
        output_shape = tf.concat([output_shape[:-1], y_trail_dims], 0)
    if x_squashed or y_squashed:
        result = tf.reshape(result, output_shape)
    if orig_x_ndim == 2:
        result = tf.squeeze(result, 1)
    elif orig_y_ndim == 2:
        result = tf.squeeze(result, -1)
    return result


def permute_dimensions(x: Any, pattern: Any) -> Any:
    return tf.transpose(x, perm=[int(p) for p in pattern])


def repeat_elements(x: Any, rep: Any, axis: Any) -> Any:
    """Each slice along ``axis`` repeated ``rep`` times (NumPy's repeat), as Keras 2.15's."""
    return tf.repeat(x, int(rep), axis=int(axis))


def reverse(x: Any, axes: Any) -> Any:
    axes = [int(axes)] if isinstance(axes, (int, float)) else [int(a) for a in axes]
    return tf.reverse(x, axes)


def _pairs(padding: Any) -> list:
    return [[int(p) for p in pair] for pair in padding]


def temporal_padding(x: Any, padding: Any = (1, 1)) -> Any:
    if len(padding) != 2:
        raise ValueError(f"temporal_padding: padding must be 2 numbers, got {padding!r}")
    return tf.pad(x, [[0, 0], [int(padding[0]), int(padding[1])], [0, 0]])


def _spatial_padding(x: Any, padding: Any, data_format: Any, rank: int) -> Any:
    data_format = data_format or _image_data_format()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError("Unknown data_format: " + str(data_format))
    pairs = _pairs(padding)
    if len(pairs) != rank or any(len(p) != 2 for p in pairs):
        raise ValueError(f"padding must be {rank} pairs of numbers, got {padding!r}")
    if data_format == "channels_first":
        return tf.pad(x, [[0, 0], [0, 0], *pairs])
    return tf.pad(x, [[0, 0], *pairs, [0, 0]])


def spatial_2d_padding(x: Any, padding: Any = ((1, 1), (1, 1)), data_format: Any = None) -> Any:
    return _spatial_padding(x, padding, data_format, 2)


def spatial_3d_padding(x: Any, padding: Any = ((1, 1), (1, 1), (1, 1)), data_format: Any = None) -> Any:
    return _spatial_padding(x, padding, data_format, 3)


_INTERPOLATIONS = {"area": "area", "bicubic": "bicubic", "bilinear": "bilinear", "gaussian": "gaussian",
                   "lanczos3": "lanczos3", "lanczos5": "lanczos5", "mitchellcubic": "mitchellcubic",
                   "nearest": "nearest"}


def resize_images(x: Any, height_factor: Any, width_factor: Any, data_format: Any,
                  interpolation: str = "nearest") -> Any:
    if data_format == "channels_first":
        rows, cols = 2, 3
    elif data_format == "channels_last":
        rows, cols = 1, 2
    else:
        raise ValueError(f"Invalid `data_format` argument: {data_format}")
    if interpolation not in _INTERPOLATIONS:
        raise ValueError("`interpolation` argument should be one of: "
                         + ", ".join(f'"{k}"' for k in _INTERPOLATIONS) + f'. Received: "{interpolation}".')
    x = tf.convert_to_tensor(x)
    new_shape = tf.shape(x)[rows:cols + 1] * tf.constant([int(height_factor), int(width_factor)], dtype="int32")
    if data_format == "channels_first":
        x = tf.transpose(x, [0, 2, 3, 1])
    x = tf.image.resize(x, new_shape, method=_INTERPOLATIONS[interpolation])
    if data_format == "channels_first":
        x = tf.transpose(x, [0, 3, 1, 2])
    return x


def resize_volumes(x: Any, depth_factor: Any, height_factor: Any, width_factor: Any, data_format: Any) -> Any:
    first = {"channels_first": 2, "channels_last": 1}.get(data_format)
    if first is None:
        raise ValueError("Unknown data_format: " + str(data_format))
    for offset, factor in enumerate((depth_factor, height_factor, width_factor)):
        x = repeat_elements(x, factor, first + offset)
    return x


def bias_add(x: Any, bias: Any, data_format: Any = None) -> Any:
    data_format = data_format or _image_data_format()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError("Unknown data_format: " + str(data_format))
    x, bias = tf.convert_to_tensor(x), tf.convert_to_tensor(bias)
    bias_shape, x_ndim = _int_shape(bias), len(x.shape)
    if len(bias_shape) not in (1, x_ndim - 1):
        raise ValueError(f"Unexpected bias dimensions {len(bias_shape)}, expect to be 1 or {x_ndim - 1} dimensions")
    if len(bias_shape) == 1:
        return tf.nn.bias_add(x, bias, data_format="NCHW" if data_format == "channels_first" else "NHWC")
    if x_ndim in (3, 4, 5):
        if data_format == "channels_first":
            return x + tf.reshape(bias, (1, bias_shape[-1]) + bias_shape[:-1])
        return x + tf.reshape(bias, (1,) + bias_shape)
    return tf.nn.bias_add(x, bias)


def dropout(x: Any, level: Any, noise_shape: Any = None, seed: Any = None) -> Any:
    if seed is None:
        seed = np.random.randint(10e6)
    return tf.nn.dropout(x, rate=float(level), noise_shape=noise_shape, seed=int(seed))


def in_train_phase(x: Any, alt: Any, training: Any = None) -> Any:
    """``x`` when training, ``alt`` otherwise (each called if it is a function)."""
    if training is None:
        training = False  # Keras 2.15's eager learning phase: 0
    if not tf.is_tensor(training):
        chosen = x if (training == 1 or training is True) else alt
        return chosen() if callable(chosen) else chosen
    return tf.where(tf.cast(training, tf.bool), x() if callable(x) else x, alt() if callable(alt) else alt)


def in_test_phase(x: Any, alt: Any, training: Any = None) -> Any:
    return in_train_phase(alt, x, training=training)


def truncated_normal(shape: Any, mean: float = 0.0, stddev: float = 1.0, dtype: Any = None, seed: Any = None) -> Any:
    seed = np.random.randint(10e6) if seed is None else int(seed)
    return tf.random.truncated_normal([int(s) for s in shape], mean, stddev, dtype=dtype or _floatx(), seed=seed)


def random_bernoulli(shape: Any, p: float = 0.0, dtype: Any = None, seed: Any = None) -> Any:
    dtype = dtype or _floatx()
    seed = np.random.randint(10e6) if seed is None else int(seed)
    shape = [int(s) for s in shape]
    return tf.where(tf.random.uniform(shape, dtype=dtype, seed=seed) <= p,
                    tf.ones(shape, dtype=dtype), tf.zeros(shape, dtype=dtype))


random_binomial = random_bernoulli  # Keras 2.15's deprecated name for the same draw


def random_normal_variable(shape: Any, mean: float, scale: float, dtype: Any = None, name: Any = None,
                           seed: Any = None) -> Any:
    seed = np.random.randint(10e8) if seed is None else int(seed)
    value = tf.random.normal([int(s) for s in shape], mean, scale, dtype=dtype or _floatx(), seed=seed)
    return tf.Variable(value, name=name)


def random_uniform_variable(shape: Any, low: float, high: float, dtype: Any = None, name: Any = None,
                            seed: Any = None) -> Any:
    seed = np.random.randint(10e8) if seed is None else int(seed)
    value = tf.random.uniform([int(s) for s in shape], low, high, dtype=dtype or _floatx(), seed=seed)
    return tf.Variable(value, name=name)


def map_fn(fn: Any, elems: Any, name: Any = None, dtype: Any = None) -> Any:
    return tf.map_fn(fn, elems, name=name, fn_output_signature=dtype)


def foldl(fn: Any, elems: Any, initializer: Any = None, name: Any = None) -> Any:
    return tf.foldl(fn, elems, initializer=initializer, name=name)


def foldr(fn: Any, elems: Any, initializer: Any = None, name: Any = None) -> Any:
    return tf.foldr(fn, elems, initializer=initializer, name=name)


def print_tensor(x: Any, message: str = "", summarize: int = 3) -> Any:
    import sys

    tf.print(message, x, output_stream=sys.stdout, summarize=int(summarize))
    return x


def set_value(x: Any, value: Any) -> None:
    x.assign(np.asarray(value, dtype=x.dtype.name if hasattr(x.dtype, "name") else x.dtype))


def count_params(x: Any) -> int:
    return int(np.prod(_int_shape(x)))


def get_variable_shape(x: Any) -> tuple:
    return _int_shape(x)


def is_sparse(tensor: Any) -> bool:
    return isinstance(tensor, tf.SparseTensor)


def to_dense(tensor: Any) -> Any:
    return tf.sparse.to_dense(tensor) if is_sparse(tensor) else tensor


def is_placeholder(x: Any) -> bool:
    return False  # no placeholders on Keras 3 (eager, tf.function)


# Keras 3 has these names with other arguments (ops.eye(N, M), ops.identity(n), ops.one_hot(x),
# ops.repeat(x, repeats), ops.tile(x, repeats), ops.stop_gradient(variable)): Keras 2.15's
# signatures and meanings, as R keras calls them.
def eye(size: Any, dtype: Any = None, name: Any = None) -> Any:
    """An identity matrix as a variable (``size``: n, or (n, m))."""
    rows, cols = (int(size[0]), int(size[1])) if isinstance(size, (list, tuple)) else (int(size), int(size))
    return tf.Variable(tf.eye(rows, cols, dtype=dtype or _floatx()), name=name)


def identity(x: Any, name: Any = None) -> Any:
    return tf.identity(x, name=name)


def one_hot(indices: Any, num_classes: Any) -> Any:
    return tf.one_hot(indices, depth=int(num_classes), axis=-1)


def repeat(x: Any, n: Any) -> Any:
    """A 2-D (samples, dim) tensor as (samples, n, dim)."""
    x = tf.convert_to_tensor(x)
    if len(x.shape) != 2:
        raise ValueError(f"repeat() takes a 2-D tensor (samples, dim); got rank {len(x.shape)}")
    return tf.tile(tf.expand_dims(x, 1), tf.stack([1, int(n), 1]))


def tile(x: Any, n: Any) -> Any:
    n = [int(n)] if isinstance(n, (int, float)) else [int(v) for v in n]
    return tf.tile(x, n)


def stop_gradient(variables: Any) -> Any:
    if isinstance(variables, (list, tuple)):
        return [tf.stop_gradient(v) for v in variables]
    return tf.stop_gradient(variables)


def ctc_decode(y_pred: Any, input_length: Any, greedy: bool = True, beam_width: int = 100,
               top_paths: int = 1) -> Any:
    """Keras 2.15's ctc_decode: (a list of the decoded sequences, their log probabilities)."""
    input_shape = tf.shape(y_pred)
    num_samples, num_steps = input_shape[0], input_shape[1]
    y_pred = tf.math.log(tf.transpose(y_pred, perm=[1, 0, 2]) + 1e-7)
    input_length = tf.cast(input_length, tf.int32)
    if greedy:
        decoded, log_prob = tf.nn.ctc_greedy_decoder(inputs=y_pred, sequence_length=input_length)
    else:
        decoded, log_prob = tf.compat.v1.nn.ctc_beam_search_decoder(
            inputs=y_pred, sequence_length=input_length, beam_width=int(beam_width), top_paths=int(top_paths))
    decoded_dense = []
    for st in decoded:
        st = tf.SparseTensor(st.indices, st.values, (num_samples, num_steps))
        decoded_dense.append(tf.sparse.to_dense(sp_input=st, default_value=-1))
    return decoded_dense, log_prob


def cast_to_floatx(x: Any) -> Any:
    """A tensor cast to floatx, anything else a NumPy array of floatx (Keras 2.15's)."""
    if isinstance(x, (tf.Tensor, tf.Variable, tf.SparseTensor)):
        return tf.cast(x, dtype=_floatx())
    return np.asarray(x, dtype=_floatx())


def batch_normalization(x: Any, mean: Any, var: Any, beta: Any, gamma: Any, axis: Any = -1,
                        epsilon: float = 1e-3) -> Any:
    """(x - mean) / sqrt(var + epsilon) * gamma + beta, the 1-D statistics along ``axis`` (Keras
    2.15 computes it with TensorFlow's fused kernel for 4-D input, the same formula)."""
    x = tf.convert_to_tensor(x)
    rank = len(x.shape)
    axis = int(axis) % rank

    def along_axis(t: Any) -> Any:
        if t is None:
            return None
        t = tf.cast(tf.convert_to_tensor(t), x.dtype)
        if len(t.shape) == 1 and axis != rank - 1:
            shape = [1] * rank
            shape[axis] = -1
            t = tf.reshape(t, shape)
        return t

    return tf.nn.batch_normalization(x, along_axis(mean), along_axis(var), along_axis(beta), along_axis(gamma),
                                     float(epsilon))


def batch_get_value(tensors: Any) -> list:
    """Each tensor's value as a NumPy array (eager: no session needed)."""
    return [np.asarray(t) for t in tensors]


def batch_set_value(tuples: Any) -> None:
    """Assign each (variable, value) pair."""
    for variable, value in tuples:
        set_value(variable, value)
