"""An independent NumPy transposed 1-D convolution, written from the definition.

A transposed convolution scatters each input step: input step i, kernel tap k
(dilation d) adds ``x[i] @ W[k].T`` at full-output position ``i*s + k*d``. The
layer's output is a window of that full output whose length and offset follow
Keras's rules (``deconv_output_length``, and the padding of the forward
convolution it is the gradient of). Nothing here imports TensorFlow or Keras or
any other part of rbridge: it is the oracle of the tests and of ``verify`` where
R keras itself failed inside TensorFlow.
"""

from __future__ import annotations

import numpy as np


def output_length(steps: int, kernel_size: int, strides: int, padding: str,
                  output_padding: int | None, dilation: int = 1) -> int:
    kernel = (kernel_size - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return steps * strides + max(kernel - strides, 0)
        return steps * strides  # same
    pad = 0 if padding == "valid" else kernel // 2
    return (steps - 1) * strides + kernel - 2 * pad + output_padding


def conv1d_transpose(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None, *,
                     strides: int = 1, padding: str = "valid", output_padding: int | None = None,
                     dilation: int = 1, channels_first: bool = False,
                     activation=None) -> np.ndarray:
    """x: (batch, steps, in) (or (batch, in, steps)); kernel: (kernel_size, filters, in), as Keras."""
    x = np.asarray(x, dtype=np.float64)
    if channels_first:
        x = x.transpose(0, 2, 1)
    batch, steps, _ = x.shape
    kernel_size, filters, _ = kernel.shape
    span = (kernel_size - 1) * dilation + 1
    full = np.zeros((batch, (steps - 1) * strides + span, filters))
    for i in range(steps):
        for k in range(kernel_size):
            full[:, i * strides + k * dilation, :] += x[:, i, :] @ kernel[k].T.astype(np.float64)
    length = output_length(steps, kernel_size, strides, padding, output_padding, dilation)
    before = 0 if padding == "valid" else max((steps - 1) * strides + span - length, 0) // 2
    out = np.zeros((batch, length, filters))
    available = full[:, before:before + length, :]
    out[:, :available.shape[1], :] = available
    if bias is not None:
        out += bias
    if activation is not None:
        out = activation(out)
    return out.transpose(0, 2, 1) if channels_first else out
