"""Keras 2.15's backend functions (``K <- backend(); K$mean(x)``), on Keras 3 with TensorFlow.

R keras 2.15's ``backend()`` returned ``tf.keras.backend``: a module of tensor functions
(``mean``, ``square``, ``flatten``, ``l2_normalize``, ``random_normal`` ...) that scripts
use in custom losses, metrics and ``layer_lambda()`` bodies. Keras 3's ``keras.backend`` has
almost none of them; most moved to ``keras.ops``, some with other defaults (``concatenate``'s
axis is 0 there, -1 in Keras 2.15), other argument names or another meaning (``shape`` is
static there, a tensor in Keras 2.15). This module gives Keras 2.15's functions, with
Keras 2.15's signatures and meanings, computed with TensorFlow as Keras 2.15 computes them.
A name not defined here comes from Keras 3's ``keras.backend`` (``epsilon``, ``floatx``,
``image_data_format`` ...), then from ``keras.ops`` where the name and meaning are the same
(``square``, ``exp``, ``abs`` ...). Graph-mode functions (``placeholder``, ``gradients``,
``function``) have no Keras 3 equivalent: asking for one is an error that says so.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

__all__ = [
    "abs", "all", "any", "argmax", "argmin", "cast", "clip", "concatenate", "constant", "cos",
    "dot", "dtype", "elu", "eval", "exp", "expand_dims", "flatten", "gather", "get_value",
    "int_shape", "l2_normalize", "log", "max", "maximum", "mean", "min", "minimum", "ndim", "ones",
    "ones_like", "pow", "prod", "random_normal", "random_uniform", "relu", "reshape", "round",
    "shape", "sigmoid", "sign", "sin", "softmax", "softplus", "sqrt", "square", "squeeze", "stack",
    "std", "sum", "switch", "tanh", "transpose", "var", "variable", "zeros", "zeros_like",
    "batch_flatten", "binary_crossentropy", "categorical_crossentropy", "equal", "not_equal",
    "greater", "greater_equal", "less", "less_equal", "sparse_categorical_crossentropy",
]

# Keras 2.15's graph-mode backend: no Keras 3 (eager, tf.function) equivalent.
_GRAPH_ONLY = {"placeholder", "gradients", "function", "set_learning_phase", "learning_phase",
               "get_session", "set_session", "update", "update_add", "update_sub", "stop_gradient_graph"}


def _axis(axis: Any) -> Any:
    """R hands a whole number as a float, a vector as a list."""
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        return [int(a) for a in axis]
    return int(axis)


def _floatx() -> str:
    import keras

    return keras.backend.floatx()


def _reduce(fn: Any):
    def reduce(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        return fn(x, axis=_axis(axis), keepdims=bool(keepdims))
    return reduce


mean = _reduce(tf.reduce_mean)
sum = _reduce(tf.reduce_sum)  # noqa: A001 - Keras 2.15's name
max = _reduce(tf.reduce_max)  # noqa: A001
min = _reduce(tf.reduce_min)  # noqa: A001
prod = _reduce(tf.reduce_prod)
std = _reduce(tf.math.reduce_std)
var = _reduce(tf.math.reduce_variance)


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    return tf.reduce_any(tf.cast(x, tf.bool), axis=_axis(axis), keepdims=bool(keepdims))


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    return tf.reduce_all(tf.cast(x, tf.bool), axis=_axis(axis), keepdims=bool(keepdims))


def argmax(x: Any, axis: Any = -1) -> Any:
    return tf.argmax(x, axis=_axis(axis))


def argmin(x: Any, axis: Any = -1) -> Any:
    return tf.argmin(x, axis=_axis(axis))


def square(x: Any) -> Any:
    return tf.square(x)


def sqrt(x: Any) -> Any:
    # Keras 2.15 clips at 0 first: sqrt of a tiny negative round-off is 0, not NaN
    x = tf.convert_to_tensor(x)
    return tf.sqrt(tf.maximum(x, tf.constant(0, x.dtype)))


def exp(x: Any) -> Any:
    return tf.exp(x)


def log(x: Any) -> Any:
    return tf.math.log(x)


def abs(x: Any) -> Any:  # noqa: A001
    return tf.abs(x)


def sign(x: Any) -> Any:
    return tf.sign(x)


def round(x: Any) -> Any:  # noqa: A001
    return tf.round(x)


def pow(x: Any, a: Any) -> Any:  # noqa: A001
    return tf.pow(x, a)


def sin(x: Any) -> Any:
    return tf.sin(x)


def cos(x: Any) -> Any:
    return tf.cos(x)


def maximum(x: Any, y: Any) -> Any:
    return tf.maximum(x, y)


def minimum(x: Any, y: Any) -> Any:
    return tf.minimum(x, y)


def clip(x: Any, min_value: Any, max_value: Any) -> Any:
    if max_value is not None and min_value is not None and max_value < min_value:
        max_value = min_value
    if min_value is None:
        min_value = -np.inf
    if max_value is None:
        max_value = np.inf
    return tf.clip_by_value(x, min_value, max_value)


def equal(x: Any, y: Any) -> Any:
    return tf.equal(x, y)


def not_equal(x: Any, y: Any) -> Any:
    return tf.not_equal(x, y)


def greater(x: Any, y: Any) -> Any:
    return tf.greater(x, y)


def greater_equal(x: Any, y: Any) -> Any:
    return tf.greater_equal(x, y)


def less(x: Any, y: Any) -> Any:
    return tf.less(x, y)


def less_equal(x: Any, y: Any) -> Any:
    return tf.less_equal(x, y)


def cast(x: Any, dtype: str) -> Any:
    return tf.cast(x, dtype)


def shape(x: Any) -> Any:
    """Keras 2.15's: the symbolic shape, a 1-D int32 tensor (Keras 3's ops.shape is static)."""
    return tf.shape(x)


def int_shape(x: Any) -> Any:
    try:
        return tuple(x.shape.as_list()) if hasattr(x.shape, "as_list") else tuple(x.shape)
    except ValueError:
        return None


def ndim(x: Any) -> int:
    return len(x.shape)


def dtype(x: Any) -> str:
    return x.dtype.name if hasattr(x.dtype, "name") else str(x.dtype)


def flatten(x: Any) -> Any:
    return tf.reshape(x, [-1])


def batch_flatten(x: Any) -> Any:
    return tf.reshape(x, tf.stack([-1, tf.reduce_prod(tf.shape(x)[1:])]))


def reshape(x: Any, shape: Any) -> Any:
    return tf.reshape(x, [int(s) for s in shape] if isinstance(shape, (list, tuple)) else shape)


def expand_dims(x: Any, axis: Any = -1) -> Any:
    return tf.expand_dims(x, _axis(axis))


def squeeze(x: Any, axis: Any) -> Any:
    return tf.squeeze(x, [_axis(axis)])


def transpose(x: Any) -> Any:
    return tf.transpose(x)


def concatenate(tensors: Any, axis: Any = -1) -> Any:
    """Keras 2.15's default axis is -1 (Keras 3's ops.concatenate: 0)."""
    return tf.concat(list(tensors), _axis(axis))


def stack(x: Any, axis: Any = 0) -> Any:
    return tf.stack(list(x), axis=_axis(axis))


def gather(reference: Any, indices: Any) -> Any:
    return tf.gather(reference, indices)


def dot(x: Any, y: Any) -> Any:
    if len(x.shape) > 2 or len(y.shape) > 2:
        return tf.tensordot(x, y, axes=[[len(x.shape) - 1], [len(y.shape) - 2]])
    return tf.matmul(x, y)


def l2_normalize(x: Any, axis: Any = None) -> Any:
    """Keras 2.15's default normalizes the whole tensor (Keras 3's ops.normalize: the last axis)."""
    return tf.math.l2_normalize(x, axis=_axis(axis))


def relu(x: Any, alpha: float = 0.0, max_value: Any = None, threshold: float = 0.0) -> Any:
    """Keras 2.15's relu, step for step (leaky below, clipped above, shifted threshold)."""
    x = tf.convert_to_tensor(x)
    if alpha != 0.0:
        if max_value is None and threshold == 0:
            return tf.nn.leaky_relu(x, alpha=alpha)
        negative_part = tf.nn.relu(-x + threshold) if threshold != 0 else tf.nn.relu(-x)
    clip_max = max_value is not None
    if threshold != 0:
        x = x * tf.cast(tf.greater(x, threshold), dtype=x.dtype)
    elif max_value == 6:
        x = tf.nn.relu6(x)
        clip_max = False
    else:
        x = tf.nn.relu(x)
    if clip_max:
        x = tf.clip_by_value(x, tf.constant(0, x.dtype), tf.constant(max_value, x.dtype))
    if alpha != 0.0:
        x -= tf.constant(alpha, x.dtype) * negative_part
    return x


def elu(x: Any, alpha: float = 1.0) -> Any:
    res = tf.nn.elu(x)
    return res if alpha == 1 else tf.where(x > 0, res, alpha * res)


def sigmoid(x: Any) -> Any:
    return tf.sigmoid(x)


def tanh(x: Any) -> Any:
    return tf.tanh(x)


def softplus(x: Any) -> Any:
    return tf.math.softplus(x)


def softmax(x: Any, axis: Any = -1) -> Any:
    return tf.nn.softmax(x, axis=_axis(axis))


def switch(condition: Any, then_expression: Any, else_expression: Any) -> Any:
    return tf.where(tf.cast(condition, tf.bool), then_expression, else_expression)


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> Any:
    import keras

    return keras.ops.binary_crossentropy(target, output, from_logits=bool(from_logits))


def categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: Any = -1) -> Any:
    import keras

    return keras.ops.categorical_crossentropy(target, output, from_logits=bool(from_logits), axis=_axis(axis))


def sparse_categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: Any = -1) -> Any:
    import keras

    return keras.ops.sparse_categorical_crossentropy(target, output, from_logits=bool(from_logits),
                                                     axis=_axis(axis))


def random_normal(shape: Any, mean: float = 0.0, stddev: float = 1.0, dtype: Any = None, seed: Any = None) -> Any:
    return tf.random.normal(_shape(shape), mean=mean, stddev=stddev, dtype=dtype or _floatx(),
                            seed=None if seed is None else int(seed))


def random_uniform(shape: Any, minval: float = 0.0, maxval: float = 1.0, dtype: Any = None, seed: Any = None) -> Any:
    return tf.random.uniform(_shape(shape), minval=minval, maxval=maxval, dtype=dtype or _floatx(),
                             seed=None if seed is None else int(seed))


def _shape(shape: Any) -> Any:
    """A shape as TensorFlow takes it: R's doubles as ints, and a tensor dimension (R keras
    scripts' ``K$shape(z_mean)[[1]]``, symbolic in a traced function) kept, as Keras 2.15 kept it."""
    if tf.is_tensor(shape):
        return shape
    return [_dimension(s) for s in shape] if isinstance(shape, (list, tuple)) else [_dimension(shape)]


def _dimension(size: Any) -> Any:
    return size if tf.is_tensor(size) else int(size)


def constant(value: Any, dtype: Any = None, shape: Any = None, name: Any = None) -> Any:
    return tf.constant(value, dtype=dtype or _floatx(), shape=None if shape is None else _shape(shape), name=name)


def variable(value: Any, dtype: Any = None, name: Any = None, constraint: Any = None) -> Any:
    return tf.Variable(np.asarray(value, dtype=dtype or _floatx()), name=name, constraint=constraint)


def zeros(shape: Any, dtype: Any = None, name: Any = None) -> Any:
    return tf.zeros(_shape(shape), dtype=dtype or _floatx(), name=name)


def ones(shape: Any, dtype: Any = None, name: Any = None) -> Any:
    return tf.ones(_shape(shape), dtype=dtype or _floatx(), name=name)


def zeros_like(x: Any, dtype: Any = None, name: Any = None) -> Any:
    return tf.zeros_like(x, dtype=dtype, name=name)


def ones_like(x: Any, dtype: Any = None, name: Any = None) -> Any:
    return tf.ones_like(x, dtype=dtype, name=name)


def get_value(x: Any) -> Any:
    return x.numpy()


eval = get_value  # noqa: A001 - Keras 2.15's name


def __getattr__(name: str) -> Any:
    """Names not defined above: the functions ported from Keras 2.15's source
    (keras215_backend_ported), then Keras 3's keras.backend, then keras.ops (same name, same
    meaning there), or an error naming what Keras 3 has no equivalent for."""
    if name.startswith("__"):
        raise AttributeError(name)
    if name in _GRAPH_ONLY:
        raise AttributeError(
            f"Keras 2.15's backend function {name}() is for TensorFlow 1-style graphs and has no "
            "equivalent on Keras 3 (rbridge runs on Keras 3): compute eagerly, or with tf.GradientTape "
            "for gradients")
    import keras

    from . import keras215_backend_ported
    if hasattr(keras215_backend_ported, name) and not name.startswith("_"):
        return getattr(keras215_backend_ported, name)
    for home in (keras.backend, getattr(keras, "ops", None)):  # (Keras 2.15 has no keras.ops)
        if home is not None and hasattr(home, name):
            return getattr(home, name)
    raise AttributeError(f"Keras 2.15's backend has no function {name!r} that rbridge knows on Keras 3")
