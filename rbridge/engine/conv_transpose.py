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
* dilation ``d`` (which rbridge, as Keras, allows only with ``strides = 1``): a
  polyphase split. Output step ``t + j*d`` gets ``x[t] @ W[j]``, so the input steps
  ``t = m*d + r`` of one phase ``r`` reach only the output steps ``n*d + r``, and there
  they form an ordinary undilated transposed convolution of that phase with the same
  ``kernel_size`` taps. The ``d`` phases go through one undilated op as ``d`` times the
  batch, are interleaved back, and the full output is cropped as TensorFlow's padding
  does. Exactly the native op's multiply-adds, in the same order per output step: no
  zero taps computed. (One transpose does both the phase split and the channels-first
  layout.)

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


def _static_or_dynamic(tensor: Any, axis: int) -> Any:
    """A dimension as an int where it is known before run time, else a scalar tensor."""
    size = tensor.shape[axis]
    return size if size is not None else tf.shape(tensor)[axis]


def _dilated_by_phases(inputs: Any, kernel: Any, *, dilation: int, padding: str, length: Any,
                       channels_first: bool) -> Any:
    """A stride-1 transposed convolution with dilation ``dilation``, made of one undilated
    op (see the module doc): ``inputs`` ``(batch, steps, in)`` or ``(batch, in, steps)``,
    ``kernel`` ``(k, filters, in)``, the output ``length`` steps long."""
    d = dilation
    k, filters, channels = kernel.shape
    steps_axis = 2 if channels_first else 1
    steps = _static_or_dynamic(inputs, steps_axis)
    phase_steps = (steps + d - 1) // d
    extra = phase_steps * d - steps  # zeros at the end, so that every phase has phase_steps
    if not isinstance(extra, int) or extra:
        paddings = [[0, 0], [0, 0], [0, 0]]
        paddings[steps_axis] = [0, extra]
        inputs = tf.pad(inputs, paddings)
    # (batch, steps, in) -> (batch, phase_steps, d, in) -> (batch, d, phase_steps, in); the
    # channels-first input (batch, in, phase_steps, d) reaches the same with one transpose.
    if channels_first:
        phases = tf.transpose(tf.reshape(inputs, [-1, channels, phase_steps, d]), (0, 3, 2, 1))
    else:
        phases = tf.transpose(tf.reshape(inputs, [-1, phase_steps, d, channels]), (0, 2, 1, 3))
    phases = tf.reshape(phases, [-1, phase_steps, channels])
    full_phase = phase_steps + k - 1
    outputs = tf.nn.conv1d_transpose(phases, kernel, [_static_or_dynamic(phases, 0), full_phase, filters],
                                     strides=1, padding="VALID", data_format="NWC")
    outputs = tf.reshape(outputs, [-1, d, full_phase, filters])
    # Interleaved back: full output step n*d + r is phase r's step n.
    if channels_first:
        full = tf.reshape(tf.transpose(outputs, (0, 3, 2, 1)), [-1, filters, full_phase * d])
    else:
        full = tf.reshape(tf.transpose(outputs, (0, 2, 1, 3)), [-1, full_phase * d, filters])
    # TensorFlow's padding for the op's forward twin (a length-`length` input giving `steps`
    # outputs at stride 1): VALID none; SAME max(steps - 1 + span - length, 0), half before.
    start = 0
    if padding == "same":
        pad_total = steps - 1 + (k - 1) * d + 1 - length  # a tensor where the length is dynamic
        start = (tf.maximum(pad_total, 0) if tf.is_tensor(pad_total) else max(pad_total, 0)) // 2
    return full[:, :, start:start + length] if channels_first else full[:, start:start + length, :]


def conv1d_transpose(inputs: Any, kernel: Any, *, strides: int, padding: str,
                     output_padding: int | None, dilation: int, channels_first: bool,
                     force_equivalent: bool = False) -> Any:
    """A Keras ``Conv1DTranspose`` without bias and activation.

    ``inputs``: ``(batch, steps, in)`` or, channels-first, ``(batch, in, steps)``;
    ``kernel``: ``(kernel_size, filters, in)``, Keras's layout. ``force_equivalent``
    takes the exact equivalent even where the native op would compute (tests, benchmarks).
    """
    kernel = tf.cast(kernel, inputs.dtype)
    settings = dict(strides=strides, padding=padding, output_padding=output_padding, dilation=dilation,
                    channels_first=channels_first)
    if not force_equivalent and native_kernel_computes(inputs, channels_first=channels_first,
                                                       dilation=dilation):
        return _native(inputs, kernel, **settings)
    outputs = _equivalent_function(kernel_shape=tuple(kernel.shape), **settings)(inputs, kernel)
    if not tf.executing_eagerly():
        # A trace made for other lengths may know less of the shape than this input does.
        outputs.set_shape(_output_shape(inputs, kernel, static=True, **settings))
    return outputs


def _output_shape(inputs: Any, kernel: Any, *, strides: int, padding: str, output_padding: int | None,
                  dilation: int, channels_first: bool, static: bool = False) -> list:
    """``[batch, filters, length]`` (channels-first) or ``[batch, length, filters]``: ints
    where known before run time; else scalar tensors, or None with ``static``."""
    kernel_size, filters = kernel.shape[0], kernel.shape[1]
    steps_axis = 2 if channels_first else 1
    if static:
        batch, steps = inputs.shape[0], inputs.shape[steps_axis]
    else:
        batch, steps = _static_or_dynamic(inputs, 0), _static_or_dynamic(inputs, steps_axis)
    length = None if steps is None else output_length(steps, kernel_size, strides, padding, output_padding,
                                                      dilation)
    return [batch, filters, length] if channels_first else [batch, length, filters]


def _native(inputs: Any, kernel: Any, *, strides: int, padding: str, output_padding: int | None,
            dilation: int, channels_first: bool) -> Any:
    """TensorFlow's own op. The shape is a list, not tf.stack: TensorFlow keeps the parts of
    it known before run time."""
    shape = _output_shape(inputs, kernel, strides=strides, padding=padding, output_padding=output_padding,
                          dilation=dilation, channels_first=channels_first)
    return tf.nn.conv1d_transpose(inputs, kernel, shape, strides=strides, padding=padding.upper(),
                                  data_format="NCW" if channels_first else "NWC", dilations=dilation)


@functools.lru_cache(maxsize=256)
def _equivalent_function(kernel_shape: tuple[int, ...], **settings: Any) -> Any:
    """The exact equivalent for one setting, as one traced TensorFlow function. Called eagerly,
    the equivalent is some ten small ops, each an eager dispatch; as a function it is one
    (measured on small inputs: 1.7-3.2x the native op's time as separate ops, 0.9-1.4x as one
    function). Inside a graph (fit(), predict()) it is inlined. Lengths are generalised after
    a second one, so new lengths reuse a trace instead of retracing; the kernel's shape, which
    the computation needs before run time, is part of the setting."""

    def equivalent(inputs: Any, kernel: Any) -> Any:
        kernel.set_shape(kernel_shape)
        return _equivalent(inputs, kernel, **settings)

    return tf.function(equivalent, autograph=False, reduce_retracing=True)


def _equivalent(inputs: Any, kernel: Any, *, strides: int, padding: str, output_padding: int | None,
                dilation: int, channels_first: bool) -> Any:
    """What every kernel computes: dilation by phases, channels_first through transposes."""
    batch, *_ = shape = _output_shape(inputs, kernel, strides=strides, padding=padding,
                                      output_padding=output_padding, dilation=dilation,
                                      channels_first=channels_first)
    length, filters = (shape[2], shape[1]) if channels_first else (shape[1], shape[2])
    if dilation > 1:
        if strides != 1:  # refused with the arguments (preflight): Keras allows neither
            raise ValueError("dilation > 1 needs strides = 1")
        return _dilated_by_phases(inputs, kernel, dilation=dilation, padding=padding, length=length,
                                  channels_first=channels_first)
    # channels_first: computed channels-last, between two transposes.
    if channels_first:
        inputs = tf.transpose(inputs, (0, 2, 1))
    outputs = tf.nn.conv1d_transpose(inputs, kernel, [batch, length, filters], strides=strides,
                                     padding=padding.upper(), data_format="NWC")
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
