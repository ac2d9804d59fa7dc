"""Keras's ConvLSTM1D/2D/3D (its ``ConvLSTMCell`` run over time), in NumPy.

Keras 2.15's and Keras 3's cells compute, per time step, with the kernel, recurrent
kernel and bias split into the gates i, f, c, o along their last axis (4 * filters)::

    i = ra(conv(x_t, Wi) + bi + rconv(h, Ui))      f = ra(conv(x_t, Wf) + bf + rconv(h, Uf))
    c = f * c + i * a(conv(x_t, Wc) + bc + rconv(h, Uc))
    o = ra(conv(x_t, Wo) + bo + rconv(h, Uo))      h = o * a(c)

where ``conv`` has the layer's strides, padding and dilation, ``rconv`` stride 1,
dilation 1 and "same" padding, ``a`` the activation and ``ra`` the recurrent activation
(R keras's default "hard_sigmoid" is Keras 2.15's ``clip(0.2x + 0.5, 0, 1)``). The
state starts at zeros unless ``initial_state`` is given. With ``go_backwards`` the time
steps are taken last to first, and the sequence returned is in that processing order.
Convolving with the whole kernel and splitting the result equals splitting the kernel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ._layout import per_axis
from ._windows import correlate, forward_padding
from .activations import activation as _resolve_activation


def conv_lstm_2d(x: np.ndarray, kernel: np.ndarray, recurrent_kernel: np.ndarray,
                 bias: np.ndarray | None = None, **settings):
    """``ConvLSTM2D`` of ``x`` (batch, time, rows, cols, ch) or channels_first (batch, time,
    ch, rows, cols): :func:`conv_lstm` with two spatial axes."""
    if np.ndim(x) != 5:
        raise ValueError(f"expected an input with 5 axes (batch, time, ...). Received: shape {np.shape(x)}")
    return conv_lstm(x, kernel, recurrent_kernel, bias, **settings)


def conv_lstm(x: np.ndarray, kernel: np.ndarray, recurrent_kernel: np.ndarray,
              bias: np.ndarray | None = None, *, strides: Sequence[int], padding: str,
              dilation: Sequence[int], channels_first: bool = False,
              activation: str | Callable | None = "tanh",
              recurrent_activation: str | Callable | None = "hard_sigmoid",
              return_sequences: bool = False, return_state: bool = False,
              go_backwards: bool = False,
              initial_state: Sequence[np.ndarray] | None = None):
    """``ConvLSTM1D/2D/3D`` of ``x`` (batch, time, *spatial, ch) or channels_first (batch,
    time, ch, *spatial); the rank is the kernel's number of spatial axes.

    ``kernel`` (*k, ch, 4*filters), ``recurrent_kernel`` (*k, filters, 4*filters),
    ``bias`` (4*filters,) or None; ``initial_state`` None or [h, c] in the layer's state
    layout. Returns the last h (or every h with ``return_sequences``), followed by the
    final h and c when ``return_state`` (a list of three arrays), all in the input's layout.
    """
    x = np.asarray(x, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    rank = kernel.ndim - 2
    if rank not in (1, 2, 3) or x.ndim != rank + 3:
        raise ValueError(f"expected an input with {rank + 3} axes (batch, time, {rank} spatial, channels) for "
                         f"a kernel of shape {kernel.shape}. Received: shape {x.shape}")
    strides = per_axis(strides, rank, "strides")
    dilation = per_axis(dilation, rank, "dilation")
    if padding.lower() not in ("valid", "same"):
        raise ValueError(f"`padding` must be 'valid' or 'same'. Received: padding={padding!r}")
    act = _resolve_activation(activation)
    recurrent_act = _resolve_activation(recurrent_activation)
    recurrent_kernel = np.asarray(recurrent_kernel, dtype=np.float64)
    filters = kernel.shape[-1] // 4

    if channels_first:
        x = np.moveaxis(x, 2, -1)
    if go_backwards:
        x = x[:, ::-1]
    batch, steps = x.shape[:2]
    # The input half of every gate for all time steps at once: time folded into batch.
    frames = x.reshape(batch * steps, *x.shape[2:])
    pads = [forward_padding(n, k, s, d, padding)
            for n, k, s, d in zip(frames.shape[1:1 + rank], kernel.shape[:rank], strides, dilation)]
    inputs = correlate(frames, kernel, strides, dilation, pads)
    if bias is not None:
        inputs = inputs + np.asarray(bias, dtype=np.float64)
    inputs = inputs.reshape(batch, steps, *inputs.shape[1:])
    state_shape = (batch, *inputs.shape[2:2 + rank], filters)

    if initial_state is None:
        h, c = np.zeros(state_shape), np.zeros(state_shape)
    else:
        h, c = (np.asarray(s, dtype=np.float64) for s in initial_state)
        if channels_first:
            h, c = np.moveaxis(h, 1, -1), np.moveaxis(c, 1, -1)
    recurrent_pads = [forward_padding(n, k, 1, 1, "same")
                      for n, k in zip(state_shape[1:1 + rank], recurrent_kernel.shape[:rank])]
    outputs = []
    for t in range(steps):
        z = inputs[:, t] + correlate(h, recurrent_kernel, (1,) * rank, (1,) * rank, recurrent_pads)
        zi, zf, zc, zo = np.split(z, 4, axis=-1)
        c = recurrent_act(zf) * c + recurrent_act(zi) * act(zc)
        h = recurrent_act(zo) * act(c)
        outputs.append(h)

    if return_sequences:
        sequence = np.stack(outputs, axis=1) if outputs else np.zeros((batch, 0, *state_shape[1:]))
        result = np.moveaxis(sequence, -1, 2) if channels_first else sequence
    else:
        result = np.moveaxis(h, -1, 1) if channels_first else h
    if not return_state:
        return result
    if channels_first:
        h, c = np.moveaxis(h, -1, 1), np.moveaxis(c, -1, 1)
    return [result, h, c]
