"""What every kind of operation shares: which kernels compute what, layouts, the bias, and
the traced equivalent."""

from __future__ import annotations

import functools
from typing import Any, Callable

import tensorflow as tf

_FORMATS = {(1, False): "NWC", (1, True): "NCW", (2, False): "NHWC", (2, True): "NCHW",
            (3, False): "NDHWC", (3, True): "NCDHW"}


@functools.lru_cache(maxsize=1)
def onednn_enabled() -> bool:
    """Whether TensorFlow runs its oneDNN CPU kernels in this process: on by default on some
    CPUs only, and forced by ``TF_ENABLE_ONEDNN_OPTS`` (read once, at TensorFlow's first op)."""
    try:
        from tensorflow.python.util import _pywrap_util_port
    except ImportError:  # a TensorFlow without the probe: assume the plain kernels (always safe)
        return False
    return bool(_pywrap_util_port.IsMklEnabled())


def runs_on_gpu(inputs: Any) -> bool:
    device = getattr(inputs, "device", "") or ""
    if device:  # eager tensors, and graph tensors made under an explicit device scope
        return "GPU" in device.upper()
    # A graph tensor not placed yet: TensorFlow puts the op on a GPU if there is one.
    return bool(tf.config.list_logical_devices("GPU"))


def native_computes(inputs: Any, *, plain: bool) -> bool:
    """Would TensorFlow's own op compute here? ``plain``: the setting is one every CPU kernel
    takes (channels-last, no dilation in a transposed convolution, equal depthwise strides).
    Otherwise a GPU, or oneDNN in float32. A wrong "no" costs some speed; a wrong "yes" would
    fail inside TensorFlow, so the answer is "yes" only where the kernel is known to take it."""
    if plain:
        return True
    if runs_on_gpu(inputs):
        return True
    return onednn_enabled() and inputs.dtype == tf.float32


def data_format(rank: int, channels_first: bool) -> str:
    return _FORMATS[rank, channels_first]


def static_or_dynamic(tensor: Any, axis: int) -> Any:
    """A dimension as an int where it is known before run time, else a scalar tensor."""
    size = tensor.shape[axis]
    return size if size is not None else tf.shape(tensor)[axis]


def to_channels_last(x: Any) -> Any:
    rank = len(x.shape) - 2
    return tf.transpose(x, (0, *range(2, rank + 2), 1))


def to_channels_first(x: Any) -> Any:
    rank = len(x.shape) - 2
    return tf.transpose(x, (0, rank + 1, *range(1, rank + 1)))


def spatial_axis(axis: int, channels_first: bool) -> int:
    """The tensor axis of spatial axis ``axis`` (0-based)."""
    return axis + 2 if channels_first else axis + 1


def maximum0(value: Any) -> Any:
    return tf.maximum(value, 0) if tf.is_tensor(value) else max(value, 0)


def same_padding(steps: Any, kernel_size: int, stride: int, dilation: int) -> tuple[Any, Any]:
    """TensorFlow's SAME padding of one axis: (before, after), the smaller half before."""
    span = (kernel_size - 1) * dilation + 1
    total = maximum0(((steps + stride - 1) // stride - 1) * stride + span - steps)
    return total // 2, total - total // 2


def pad_axis(x: Any, axis: int, before: Any, after: Any) -> Any:
    if isinstance(before, int) and isinstance(after, int) and before == after == 0:
        return x
    paddings = [[0, 0] for _ in x.shape]
    paddings[axis] = [before, after]
    return tf.pad(x, paddings)


def finish(layer: Any, outputs: Any, channels_first: bool) -> Any:
    """The bias on the channel axis (``tf.nn.bias_add`` with the data format, as Keras 2 did
    under R keras), then the activation."""
    if getattr(layer, "use_bias", False) and layer.bias is not None:
        rank = len(outputs.shape) - 2
        outputs = tf.nn.bias_add(outputs, tf.cast(layer.bias, outputs.dtype),
                                 data_format=data_format(rank, channels_first))
    activation = getattr(layer, "activation", None)
    return outputs if activation is None else activation(outputs)


@functools.lru_cache(maxsize=512)
def _traced(impl: Callable[..., Any], shapes: tuple, settings: tuple) -> Any:
    keywords = dict(settings)

    def equivalent(inputs: Any, *weights: Any) -> Any:
        for weight, shape in zip(weights, shapes):
            weight.set_shape(shape)
        return impl(inputs, *weights, **keywords)

    return tf.function(equivalent, autograph=False, reduce_retracing=True)


def run_equivalent(impl: Callable[..., Any], inputs: Any, weights: tuple, **settings: Any) -> Any:
    """``impl(inputs, *weights, **settings)``. Called eagerly, an equivalent is several small
    ops, each an eager dispatch; as one traced function it is one (measured for the 1-D
    transpose on small inputs: 1.7-3.2x the native op's time as separate ops, 0.9-1.4x as one
    function). Lengths are generalised after a second one, so new lengths reuse a trace; the
    weights' shapes, which the computation needs before run time, are part of the key. Inside
    a graph (fit(), predict()) it is the ops themselves."""
    if not tf.executing_eagerly():
        return impl(inputs, *weights, **settings)
    shapes = tuple(tuple(w.shape) for w in weights)
    return _traced(impl, shapes, tuple(sorted(settings.items())))(inputs, *weights)
