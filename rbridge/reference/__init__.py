"""Independent NumPy references for every operation of R keras 2.15's convolutional family.

Each function is written from the operation's definition, computes in float64 and
imports nothing from TensorFlow, Keras or the rest of rbridge: these are the oracles of
the tests and of ``verify`` where R keras itself failed inside TensorFlow. Every
function takes Keras's layouts (channels-last unless ``channels_first=True``) and
Keras's weight shapes, with every integer setting given as a tuple with one entry per
spatial axis (``conv1d_transpose`` and ``output_length`` keep their scalar 1-D forms).

One module per kind of operation:

- :mod:`.conv`: :func:`conv` (Conv1D/2D/3D, groups, causal)
- :mod:`.conv_transpose`: :func:`conv_transpose`, :func:`conv1d_transpose`, :func:`output_length`
- :mod:`.depthwise`: :func:`depthwise_conv`, :func:`separable_conv`
- :mod:`.conv_lstm`: :func:`conv_lstm_2d`
- :mod:`.reshaping`: :func:`zero_padding`, :func:`cropping`, :func:`upsampling`
- :mod:`.activations`: :func:`activation` (Keras 2.15's meaning of each name)
"""

from __future__ import annotations

from ._windows import forward_padding
from .activations import ACTIVATION_NAMES, activation
from .conv import conv
from .conv_lstm import conv_lstm_2d
from .conv_transpose import conv1d_transpose, conv_transpose, output_length
from .depthwise import depthwise_conv, separable_conv
from .reshaping import cropping, upsampling, zero_padding

__all__ = [
    "ACTIVATION_NAMES", "activation", "conv", "conv1d_transpose", "conv_lstm_2d", "conv_transpose",
    "cropping", "depthwise_conv", "forward_padding", "output_length", "separable_conv",
    "upsampling", "zero_padding",
]
