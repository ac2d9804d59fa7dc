"""Transposed convolutions, 1-D to 3-D (Conv1DTranspose, Conv2DTranspose, Conv3DTranspose).

TensorFlow's CPU kernels for a transposed convolution (``Conv2DBackpropInput``,
``Conv3DBackpropInputV2``) refuse the channels-first layout ("...only supports NHWC")
and any dilation ("Current CPU implementations do not yet support dilation rates larger
than 1"), except oneDNN in float32 (no oneDNN float64 kernels exist). Where the native op
is known to take the setting (a GPU, or oneDNN in float32) it is used, exactly as Keras
would; elsewhere an exact equivalent made of what every kernel takes:

* ``channels_first``: the input is transposed to channels-last, computed, and the
  output transposed back (a transposition moves numbers, it does not round them);
* dilation ``d = (d1, ..., dn)`` (allowed, as in Keras, only with strides 1): a stride-1
  transposed convolution is a forward convolution with the kernel flipped (and its in/out
  axes swapped) over the input padded by ``span - 1`` on each side, ``span = (k - 1) * d + 1``;
  a forward convolution takes dilation on every CPU kernel. The padding is cut to the
  window TensorFlow's padding keeps, so the one op computes exactly the kept outputs, with
  the native op's multiply-adds. (It replaced a polyphase split, the ``d1*...*dn`` phases of
  the input through one undilated transposed op and interleaved back: the same work, plus
  two transposes of the data; measured 0.8-1.5x native, this 0.8-1.3x, bench/RESULTS.md.)

Both are ordinary differentiable ops, so gradients (and ``fit()``) work too.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from ._common import (data_format, finish, native_computes, run_equivalent, static_or_dynamic,
                      to_channels_first, to_channels_last)


def output_length(steps: Any, kernel_size: int, strides: int, padding: str,
                  output_padding: int | None, dilation: int) -> Any:
    """Keras's ``deconv_output_length`` for one axis (the same in Keras 2 and 3): works on
    ints and on scalar tensors (a length unknown until run time)."""
    span = (kernel_size - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return steps * strides + max(span - strides, 0)
        return steps * strides  # "same"
    pad = span // 2 if padding == "same" else 0
    return (steps - 1) * strides + span - 2 * pad + output_padding


def output_shape(inputs: Any, kernel_size: tuple, filters: int, *, strides: tuple, padding: str,
                 output_padding: tuple | None, dilation: tuple, channels_first: bool,
                 static: bool = False) -> list:
    """``[batch, filters, *lengths]`` (channels-first) or ``[batch, *lengths, filters]``: ints
    where known before run time; else scalar tensors, or None with ``static``."""
    rank = len(strides)
    extra = (None,) * rank if output_padding is None else output_padding
    first = 2 if channels_first else 1
    if static:
        batch, steps = inputs.shape[0], [inputs.shape[first + i] for i in range(rank)]
    else:
        batch = static_or_dynamic(inputs, 0)
        steps = [static_or_dynamic(inputs, first + i) for i in range(rank)]
    lengths = [None if n is None else output_length(n, k, s, padding, p, d)
               for n, k, s, p, d in zip(steps, kernel_size, strides, extra, dilation)]
    return [batch, filters, *lengths] if channels_first else [batch, *lengths, filters]


def conv_transpose(inputs: Any, kernel: Any, *, strides: tuple, padding: str, output_padding: tuple | None,
                   dilation: tuple, channels_first: bool, force_equivalent: bool = False) -> Any:
    """A Keras ``ConvNDTranspose`` without bias and activation.

    ``inputs``: ``(batch, *spatial, in)`` or, channels-first, ``(batch, in, *spatial)``;
    ``kernel``: ``(*kernel_size, filters, in)``, Keras's layout; every setting a tuple with one
    entry per spatial axis. ``force_equivalent`` takes the exact equivalent even where the
    native op would compute (tests, benchmarks).
    """
    kernel = tf.cast(kernel, inputs.dtype)
    settings = dict(strides=tuple(strides), padding=padding.lower(),
                    output_padding=None if output_padding is None else tuple(output_padding),
                    dilation=tuple(dilation), channels_first=channels_first)
    plain = not channels_first and all(d == 1 for d in settings["dilation"])
    if not force_equivalent and native_computes(inputs, plain=plain):
        return _native(inputs, kernel, **settings)
    outputs = run_equivalent(_equivalent, inputs, (kernel,), **settings)
    if not tf.executing_eagerly():
        # A trace made for other lengths may know less of the shape than this input does.
        rank = len(settings["strides"])
        outputs.set_shape(output_shape(inputs, tuple(kernel.shape[:rank]), kernel.shape[rank], static=True,
                                       **settings))
    return outputs


def _native(inputs: Any, kernel: Any, *, strides: tuple, padding: str, output_padding: tuple | None,
            dilation: tuple, channels_first: bool) -> Any:
    """TensorFlow's own op. The shape is a list, not tf.stack: TensorFlow keeps the parts of
    it known before run time."""
    rank = len(strides)
    shape = output_shape(inputs, tuple(kernel.shape[:rank]), kernel.shape[rank], strides=strides,
                         padding=padding, output_padding=output_padding, dilation=dilation,
                         channels_first=channels_first)
    return tf.nn.conv_transpose(inputs, kernel, shape, strides=list(strides), padding=padding.upper(),
                                data_format=data_format(rank, channels_first), dilations=list(dilation))


def _equivalent(inputs: Any, kernel: Any, *, strides: tuple, padding: str, output_padding: tuple | None,
                dilation: tuple, channels_first: bool) -> Any:
    """What every kernel computes: dilation by phases, channels_first through transposes."""
    rank = len(strides)
    kernel_size, filters = tuple(kernel.shape[:rank]), kernel.shape[rank]
    shape = output_shape(inputs, kernel_size, filters, strides=strides, padding=padding,
                         output_padding=output_padding, dilation=dilation, channels_first=channels_first)
    lengths = shape[2:] if channels_first else shape[1:-1]
    if any(d > 1 for d in dilation):
        if any(s != 1 for s in strides):  # refused with the arguments (preflight): Keras allows neither
            raise ValueError("dilation > 1 needs strides = 1")
        return _dilated_as_convolution(inputs, kernel, dilation=dilation, padding=padding,
                                       output_padding=output_padding, channels_first=channels_first)
    if channels_first:
        inputs = to_channels_last(inputs)
    outputs = tf.nn.conv_transpose(inputs, kernel, [shape[0], *lengths, filters], strides=list(strides),
                                   padding=padding.upper(), data_format=data_format(rank, False))
    return to_channels_first(outputs) if channels_first else outputs


def _dilated_as_convolution(inputs: Any, kernel: Any, *, dilation: tuple, padding: str,
                            output_padding: tuple | None, channels_first: bool) -> Any:
    """A stride-1 transposed convolution with dilation ``d``, as the one forward dilated
    convolution it equals (see the module doc). Per axis, with ``span = (k - 1) * d + 1``:
    the transposed op's full output (length ``n + span - 1``) is ``x`` with ``span - 1`` zeros
    on each side convolved with the flipped kernel, and TensorFlow's padding keeps the window
    ``[start, start + length)`` of it; so ``x`` gets ``span - 1 - start`` zeros before and
    enough after for ``length`` outputs (or loses steps where that count is negative).
    ``length - n`` does not depend on ``n`` at stride 1, so this holds for unknown lengths."""
    rank = len(dilation)
    if channels_first:
        inputs = to_channels_last(inputs)
    extra = (None,) * rank if output_padding is None else output_padding
    window, paddings = [slice(None)], [[0, 0]]
    for k, d, p in zip(kernel.shape[:rank], dilation, extra):
        span = (k - 1) * d + 1
        grown = output_length(span, k, 1, padding, p, d) - span  # length - n, for any n
        start = 0 if padding == "valid" else max(span - 1 - grown, 0) // 2
        before = span - 1 - start
        after = grown + span - 1 - before
        # A negative count: that many steps at that end reach no kept output.
        window.append(slice(max(-before, 0), -after if after < 0 else None))
        paddings.append([max(before, 0), max(after, 0)])
    paddings.append([0, 0])
    if any(w.start or w.stop is not None for w in window[1:]):
        inputs = inputs[tuple(window)]
    if any(b or a for b, a in paddings):
        inputs = tf.pad(inputs, paddings)
    # (k..., filters, in) -> flipped, (k..., in, filters): the forward twin's kernel.
    forward = tf.transpose(tf.reverse(kernel, list(range(rank))), (*range(rank), rank + 1, rank))
    outputs = tf.nn.convolution(inputs, forward, padding="VALID", dilations=list(dilation))
    return to_channels_first(outputs) if channels_first else outputs


def layer_call(layer: Any, inputs: Any) -> Any:
    """``ConvNDTranspose.call`` for either engine's layer: the convolution above (dilation
    applied, also in Keras 2's Conv3DTranspose, which ignores it), the bias added on the
    channel axis, then the activation."""
    channels_first = layer.data_format == "channels_first"
    output_padding = getattr(layer, "output_padding", None)
    outputs = conv_transpose(
        inputs, layer.kernel, strides=tuple(layer.strides), padding=layer.padding,
        output_padding=None if output_padding is None else tuple(output_padding),
        dilation=tuple(layer.dilation_rate), channels_first=channels_first,
    )
    return finish(layer, outputs, channels_first)


def compute_output_shape(layer: Any, input_shape: Any) -> tuple:
    """The layer's output shape with its dilation applied (Keras 2's Conv3DTranspose ignores it)."""
    shape = tuple(tf.TensorShape(input_shape).as_list())
    rank = len(layer.kernel_size)
    channels_first = layer.data_format == "channels_first"
    first = 2 if channels_first else 1
    output_padding = getattr(layer, "output_padding", None)
    extra = (None,) * rank if output_padding is None else tuple(output_padding)
    lengths = [None if shape[first + i] is None else
               output_length(shape[first + i], layer.kernel_size[i], layer.strides[i], layer.padding, extra[i],
                             layer.dilation_rate[i]) for i in range(rank)]
    return (shape[0], layer.filters, *lengths) if channels_first else (shape[0], *lengths, layer.filters)

