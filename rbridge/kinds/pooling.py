"""Pooling (layer_max_pooling_{1,2,3}d(), layer_average_pooling_{1,2,3}d()) and global pooling
(layer_global_{max,average}_pooling_{1,2,3}d()): no weights, Keras's own computation, NumPy
references.

A window larger than the input with "valid" padding leaves no output: Keras 2.15 fails when
it builds the layer on a symbolic input ("Negative dimension size"); rbridge refuses it
when the layer is built, naming ``padding`` (an eager call of R keras 2.15 gives an empty
output there; rbridge refuses it too).
"""

from __future__ import annotations

from typing import Any

from ..errors import RArgumentError
from ..reference.pooling import global_pool, pool
from . import register
from .base import FAILS_WHEN_BUILT, Kind, on_keras3, r_ints, r_shape


def _tuple(value: Any, rank: int) -> tuple:
    return tuple(value) if isinstance(value, (list, tuple)) else (int(value),) * rank


def _op(spec) -> str:
    return "max" if "Max" in spec.keras_class else "average"


@register
class Pooling(Kind):
    name = "pooling"

    def check_built(self, spec, layer, input_shape, *, argument, shown):
        if str(layer.padding).lower() != "valid":
            return
        sizes = _tuple(layer.pool_size, spec.rank)
        for n, k in zip(self.spatial(spec, layer, input_shape), sizes):
            if n is not None and n < k:
                # Named as R keras 2.15's message names it (the padding, strides, data format
                # of the pooling op): "same" padding would fit the window.
                raise RArgumentError("padding", f'"{layer.padding}"',
                                     f"leaves no output: the window (pool_size = {r_ints(sizes)}) is larger than "
                                     f"the input {r_shape(input_shape)}; padding = \"same\" fits it",
                                     FAILS_WHEN_BUILT)

    def call(self, spec, layer, inputs, keras_call, *args, **kwargs):
        inputs = _without_unpooled_tail(spec, layer, inputs)
        if self.channels_first(layer) and not on_keras3():
            # TensorFlow 2.15's plain CPU kernels refuse channels-first 2-D pooling ("Default
            # MaxPoolingOp only supports NHWC"), where oneDNN's compute it (R keras 2.15
            # recorded): pooled channels-last between two transposes, the same numbers.
            import tensorflow as tf

            last = [0, *range(2, spec.rank + 2), 1]
            pooling = tf.nn.max_pool if _op(spec) == "max" else tf.nn.avg_pool
            y = pooling(tf.transpose(inputs, last), ksize=_tuple(layer.pool_size, spec.rank),
                        strides=_tuple(layer.strides, spec.rank), padding=str(layer.padding).upper())
            return tf.transpose(y, [0, spec.rank + 1, *range(1, spec.rank + 1)])
        return keras_call(inputs, *args, **kwargs)

    def reference(self, spec, r_args, x, weights):
        sizes = _tuple(r_args.get("pool_size", 2), spec.rank)
        strides = r_args.get("strides")
        return pool(x, _op(spec), sizes, None if strides is None else _tuple(strides, spec.rank),
                    r_args.get("padding", "valid"), channels_first=r_args.get("data_format") == "channels_first")


@register
class GlobalPooling(Kind):
    name = "global_pooling"

    def reference(self, spec, r_args, x, weights):
        return global_pool(x, _op(spec), channels_first=r_args.get("data_format") == "channels_first",
                           keepdims=bool(r_args.get("keepdims", False)))


def _without_unpooled_tail(spec, layer, inputs):
    """The input less the steps no "same" window reaches, where the stride is larger than the
    window: there "same" needs no padding and the windows start at the input's start (oneDNN's
    kernels, TensorFlow's 1-D/2-D ones, R keras 2.15 as recorded), but TensorFlow's plain 3-D
    kernels (Eigen's) compute a negative padding and start inside the input (pool 1, stride 3
    over 3 steps took the middle step, with TF_ENABLE_ONEDNN_OPTS=0). Cut to
    ``(out - 1) * stride + pool`` steps, every kernel computes the same windows. Static sizes
    only (an unknown size is left to the kernel)."""
    if str(layer.padding).lower() != "same":
        return inputs
    sizes, steps = _tuple(layer.pool_size, spec.rank), _tuple(layer.strides, spec.rank)
    first = 2 if layer.data_format == "channels_first" else 1
    shape = tuple(inputs.shape)
    cut = [slice(None)] * len(shape)
    for axis, (k, s) in enumerate(zip(sizes, steps), start=first):
        n = shape[axis]
        if n is None:
            continue
        reached = (-(-n // s) - 1) * s + k
        if reached < n:
            cut[axis] = slice(0, reached)
    return inputs if all(c == slice(None) for c in cut) else inputs[tuple(cut)]
