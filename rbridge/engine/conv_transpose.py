"""Conv1DTranspose on every kernel TensorFlow has: the 1-D names of
:mod:`rbridge.engine.kernels.conv_transpose` (which computes 1-D to 3-D), with scalar
settings, as tests, bench and earlier callers use them.

TensorFlow's own CPU kernel refuses channels_first and dilation except with oneDNN in
float32; elsewhere the exact equivalent is used (layout transposes, the polyphase split):
see the kernels module.
"""

from __future__ import annotations

from typing import Any

from .kernels._common import native_computes, onednn_enabled
from .kernels.conv_transpose import conv_transpose, layer_call, output_length

__all__ = ["conv1d_transpose", "layer_call", "native_kernel_computes", "onednn_enabled", "output_length"]


def native_kernel_computes(inputs: Any, *, channels_first: bool, dilation: int) -> bool:
    """Would TensorFlow's own op compute this 1-D setting where ``inputs`` lives? Channels-last
    without dilation: every kernel. Otherwise a GPU, or oneDNN in float32."""
    return native_computes(inputs, plain=not channels_first and dilation == 1)


def conv1d_transpose(inputs: Any, kernel: Any, *, strides: int, padding: str, output_padding: int | None,
                     dilation: int, channels_first: bool, force_equivalent: bool = False) -> Any:
    """A Keras ``Conv1DTranspose`` without bias and activation: ``inputs`` ``(batch, steps, in)``
    or ``(batch, in, steps)``, ``kernel`` ``(kernel_size, filters, in)``."""
    return conv_transpose(inputs, kernel, strides=(strides,), padding=padding,
                          output_padding=None if output_padding is None else (output_padding,),
                          dilation=(dilation,), channels_first=channels_first, force_equivalent=force_equivalent)
