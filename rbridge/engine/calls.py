"""How each family layer computes, for both engines' layer classes: ``call(spec, layer,
inputs, super_call, **kwargs)``; and, for Keras 2, the two methods its Conv3DTranspose
needs to apply ``dilation_rate`` (``compute_output_shape``, ``get_config``).

Keras's own ``call`` is used where it computes R keras 2.15's numbers on every TensorFlow
kernel; elsewhere the computation is rbridge's (``kernels/``): channels_first, dilated
transposed convolutions, unequal depthwise strides and causal separable convolutions on
every kernel, in float32 and float64; the bias added on the channel axis.
"""

from __future__ import annotations

from typing import Any, Callable

from ..specs import LayerSpec
from .kernels import conv, conv_lstm, conv_transpose, depthwise, upsampling


def call(spec: LayerSpec, layer: Any, inputs: Any, super_call: Callable[..., Any], **kwargs: Any) -> Any:
    kind = spec.kind
    if kind == "conv_transpose":
        # Always rbridge's: dilation (refused by the CPU kernels; ignored by Keras 2's
        # Conv3DTranspose, applied by rbridge) and channels_first (refused, bias misplaced).
        return conv_transpose.layer_call(layer, inputs)
    if kind == "conv" and (layer.data_format == "channels_first" or conv.single_window_axes(
            inputs, tuple(layer.kernel_size), tuple(layer.strides), layer.padding, tuple(layer.dilation_rate), False)):
        return conv.layer_call(layer, inputs)
    if kind in ("separable", "depthwise") and layer.depth_multiplier < 1:
        return _no_channels(spec, layer, inputs)
    if kind in ("separable", "depthwise") and depthwise.needs_rbridge(layer):
        return depthwise.layer_call(layer, inputs)
    if kind == "conv_lstm" and layer.filters < 1:
        return _no_channels(spec, layer, inputs)
    if kind == "conv_lstm" and _keras3(layer):
        conv_lstm.prepare(layer)
    if kind == "upsampling" and getattr(layer, "interpolation", None) in upsampling.KERAS3_REFUSES:
        return upsampling.layer_call(layer, inputs)
    return super_call(inputs, **kwargs)


def _no_channels(spec: LayerSpec, layer: Any, inputs: Any) -> Any:
    """``depth_multiplier = 0`` or ConvLSTM2D's ``filters = 0``, which R keras 2.15 makes: the
    depthwise step (or the ConvLSTM2D) has no output channels. TensorFlow's plain kernels
    compute that (an empty channel axis; a separable layer's pointwise step then adds only its
    bias), oneDNN's fail on it; rbridge computes it on every kernel."""
    import tensorflow as tf

    shapes = layer.compute_output_shape(tuple(inputs.shape))
    several = isinstance(shapes, (list, tuple)) and bool(shapes) and isinstance(shapes[0], (list, tuple)) \
        or (isinstance(shapes, list) and shapes and hasattr(shapes[0], "as_list"))
    batch = tf.shape(inputs)[0]

    def zeros(shape: Any) -> Any:
        return tf.zeros(tf.stack([batch, *(int(d) for d in tuple(shape)[1:])]), dtype=inputs.dtype)

    if several:
        return [zeros(s) for s in shapes]
    outputs = zeros(shapes)
    if spec.kind == "separable":  # the pointwise step of no channels: the bias, then the activation
        from .kernels._common import finish

        return finish(layer, outputs, layer.data_format == "channels_first")
    return outputs


def _keras3(layer: Any) -> bool:
    from . import get_engine

    return get_engine().name == "keras3"


def _dilated_conv3d_transpose(spec: LayerSpec) -> bool:
    return spec.kind == "conv_transpose" and spec.rank == 3


def compute_output_shape(spec: LayerSpec, layer: Any, input_shape: Any, super_compute: Callable[..., Any]) -> Any:
    """Keras 2's ``compute_output_shape``, except Conv3DTranspose's, which applies the dilation
    (Keras 2.15's ignores it; rbridge computes the dilated convolution)."""
    if _dilated_conv3d_transpose(spec) and any(d > 1 for d in layer.dilation_rate):
        import tensorflow as tf

        return tf.TensorShape(conv_transpose.compute_output_shape(layer, input_shape))
    return super_compute(input_shape)


def get_config(spec: LayerSpec, layer: Any, config: dict) -> dict:
    """Keras 2's ``get_config()`` result, with Conv3DTranspose's ``dilation_rate`` (Keras 2.15
    pops it) put back where it is not 1: the layer made from the config computes as this one
    does, and an undilated layer's config stays exactly R keras's."""
    if _dilated_conv3d_transpose(spec) and "dilation_rate" not in config and any(d > 1 for d in layer.dilation_rate):
        config = dict(config)
        config["dilation_rate"] = tuple(layer.dilation_rate)
    return config
