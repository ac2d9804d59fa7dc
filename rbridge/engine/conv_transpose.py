"""The transposed convolution itself, on TensorFlow, computed on every kernel TensorFlow has.

TensorFlow's own CPU kernel for a transposed convolution (``Conv2DBackpropInput``)
refuses two settings that R keras 2.15 offers: the channels-first layout
("Conv2DCustomBackpropInputOp only supports NHWC") and any dilation ("Current CPU
implementations do not yet support dilation rates larger than 1"). oneDNN's kernels
take both, but TensorFlow turns oneDNN on by default only on some CPUs, and oneDNN
has no float64 kernels at all. So R keras fails on those settings on most CPUs, and
on every CPU in float64.

rbridge computes them everywhere. Where the native op is known to take the setting
(a GPU, or oneDNN in float32) it is used, exactly as Keras would. Elsewhere an exact
equivalent made of what every kernel takes:

* ``channels_first``: the input is transposed to channels-last, computed, and the
  output transposed back (a transposition moves numbers, it does not round them);
* dilation ``d``: the kernel is spread out with ``d - 1`` zero taps between its taps,
  and computed undilated. A dilated transposed convolution *is* that convolution:
  output step ``i*s + k*d`` gets ``x[i] @ W[k]``, and the zero taps add exact zeros.
  The output length is the same because Keras's length formula already uses the
  span ``(kernel_size - 1) * d + 1``, which is the spread kernel's size.

Both are ordinary differentiable ops, so gradients (and ``fit()``) work too.
Engine-independent: the Keras 3 and Keras 2 layers both call :func:`conv1d_transpose`.
"""

from __future__ import annotations

import functools
from typing import Any

import tensorflow as tf


def output_length(steps: Any, kernel_size: int, strides: int, padding: str,
                  output_padding: int | None, dilation: int) -> Any:
    """Keras's ``deconv_output_length`` (the same in Keras 2 and 3): works on ints and on
    scalar tensors (a length unknown until run time)."""
    span = (kernel_size - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return steps * strides + max(span - strides, 0)
        return steps * strides  # "same"
    pad = span // 2 if padding == "same" else 0
    return (steps - 1) * strides + span - 2 * pad + output_padding


@functools.lru_cache(maxsize=1)
def onednn_enabled() -> bool:
    """Whether TensorFlow runs its oneDNN CPU kernels in this process: on by default on some
    CPUs only, and forced by ``TF_ENABLE_ONEDNN_OPTS`` (read once, at TensorFlow's first op)."""
    try:
        from tensorflow.python.util import _pywrap_util_port
    except ImportError:  # a TensorFlow without the probe: assume the plain kernels (always safe)
        return False
    return bool(_pywrap_util_port.IsMklEnabled())


def _runs_on_gpu(inputs: Any) -> bool:
    device = getattr(inputs, "device", "") or ""
    if device:  # eager tensors, and graph tensors made under an explicit device scope
        return "GPU" in device.upper()
    # A graph tensor not placed yet: TensorFlow puts the op on a GPU if there is one.
    return bool(tf.config.list_logical_devices("GPU"))


def native_kernel_computes(inputs: Any, *, channels_first: bool, dilation: int) -> bool:
    """Would TensorFlow's own op compute this setting where ``inputs`` lives?

    Channels-last without dilation: every kernel. Otherwise a GPU, or oneDNN in float32.
    A wrong "no" costs some speed; a wrong "yes" would fail inside TensorFlow, so the
    answer is "yes" only where the kernel is known to take it.
    """
    if not channels_first and dilation == 1:
        return True
    if _runs_on_gpu(inputs):
        return True
    return onednn_enabled() and inputs.dtype == tf.float32


def spread_kernel(kernel: Any, dilation: int) -> Any:
    """``(k, filters, in)`` -> ``((k - 1) * dilation + 1, filters, in)``: the taps ``dilation``
    apart with zeros between them (differentiable: the gradient of the zeros is dropped)."""
    if dilation == 1:
        return kernel
    k = kernel.shape[0]
    zeros = tf.zeros((k, dilation - 1, *kernel.shape[1:]), dtype=kernel.dtype)
    taps = tf.concat([kernel[:, None], zeros], axis=1)  # (k, dilation, filters, in)
    return tf.reshape(taps, (k * dilation, *kernel.shape[1:]))[: (k - 1) * dilation + 1]


def conv1d_transpose(inputs: Any, kernel: Any, *, strides: int, padding: str,
                     output_padding: int | None, dilation: int, channels_first: bool,
                     force_equivalent: bool = False) -> Any:
    """A Keras ``Conv1DTranspose`` without bias and activation.

    ``inputs``: ``(batch, steps, in)`` or, channels-first, ``(batch, in, steps)``;
    ``kernel``: ``(kernel_size, filters, in)``, Keras's layout. ``force_equivalent``
    takes the exact equivalent even where the native op would compute (tests, benchmarks).
    """
    kernel = tf.cast(kernel, inputs.dtype)
    kernel_size, filters = kernel.shape[0], kernel.shape[1]
    steps_axis = 2 if channels_first else 1
    steps = inputs.shape[steps_axis]
    if steps is None:
        steps = tf.shape(inputs)[steps_axis]
    length = output_length(steps, kernel_size, strides, padding, output_padding, dilation)
    batch = inputs.shape[0] if inputs.shape[0] is not None else tf.shape(inputs)[0]

    # A list, not tf.stack: TensorFlow keeps the parts of the shape known before run time.
    if not force_equivalent and native_kernel_computes(inputs, channels_first=channels_first,
                                                       dilation=dilation):
        shape = [batch, filters, length] if channels_first else [batch, length, filters]
        return tf.nn.conv1d_transpose(inputs, kernel, shape, strides=strides,
                                      padding=padding.upper(),
                                      data_format="NCW" if channels_first else "NWC",
                                      dilations=dilation)

    if channels_first:
        inputs = tf.transpose(inputs, (0, 2, 1))
    outputs = tf.nn.conv1d_transpose(inputs, spread_kernel(kernel, dilation),
                                     [batch, length, filters], strides=strides,
                                     padding=padding.upper(), data_format="NWC", dilations=1)
    return tf.transpose(outputs, (0, 2, 1)) if channels_first else outputs


def layer_call(layer: Any, inputs: Any) -> Any:
    """``Conv1DTranspose.call`` for either engine's layer: the convolution above, the bias
    added with the data format (as Keras 2 did under R keras), then the activation."""
    channels_first = layer.data_format == "channels_first"
    outputs = conv1d_transpose(
        inputs, layer.kernel, strides=layer.strides[0], padding=layer.padding,
        output_padding=None if layer.output_padding is None else layer.output_padding[0],
        dilation=layer.dilation_rate[0], channels_first=channels_first,
    )
    if layer.use_bias:
        outputs = tf.nn.bias_add(outputs, tf.cast(layer.bias, outputs.dtype),
                                 data_format="NCW" if channels_first else "NWC")
    return outputs if layer.activation is None else layer.activation(outputs)
