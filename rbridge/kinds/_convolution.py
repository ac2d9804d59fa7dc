"""What the convolutional kinds share (conv, conv_transpose, separable, depthwise,
conv_lstm): strides against dilation, a known channel count, the kernel fitting a "valid"
input, and the output of a layer with no output channels. Not a kind itself."""

from __future__ import annotations

from typing import Any

from ..errors import RArgumentError
from .base import FAILS_WHEN_RUN, FAILS_WHEN_SYMBOLIC, Kind, r_int, r_ints


class Convolution(Kind):
    has_weights = True
    size_argument = "filters"
    #: Whether a "valid" kernel must fit in the input (not for a transposed convolution).
    kernel_must_fit = True

    def example_arguments(self, spec):
        return {"filters": 4, "kernel_size": 3} if "filters" in spec.by_name else {"kernel_size": 3}

    def check_arguments(self, spec, kwargs):
        rank = spec.rank
        strides = kwargs.get("strides", (1,) * rank)
        dilation = kwargs.get("dilation_rate", (1,) * rank)
        if any(s > 1 for s in strides) and any(d > 1 for d in dilation):
            # Keras 3 computes this for separable and depthwise layers; R keras 2.15 refused it
            # everywhere.
            raise RArgumentError("strides", r_ints(strides), "strides > 1 cannot be combined with dilation_rate > 1",
                                 f"dilation_rate = {r_ints(dilation)}")

    def check_built(self, spec, layer, input_shape, *, argument, shown):
        channels = input_shape[self.channel_axis(spec, layer)]
        if channels is None:
            raise RArgumentError(argument, shown, "the channels dimension must be known")
        self.check_channels(spec, layer, channels, shown)
        if self.kernel_must_fit:
            self.check_kernel_fits(spec, layer, self.spatial(spec, layer, input_shape), shown)

    def check_channels(self, spec, layer, channels: int, shown: str) -> None:
        """What the input's channel count must satisfy (Conv: divisible by groups)."""

    def check_kernel_fits(self, spec, layer, spatial: tuple, shown: str) -> None:
        if layer.padding != "valid":
            return
        for axis, (size, k, d) in enumerate(zip(spatial, layer.kernel_size, layer.dilation_rate)):
            span = (k - 1) * d + 1
            if size is not None and size < span:
                raise RArgumentError(
                    "kernel_size", r_ints(tuple(layer.kernel_size)),
                    f'must fit in the input with padding = "valid": axis {axis + 1} is {size} long and the '
                    f"kernel spans {span}", f"input {shown}",
                )

    def expected_weights(self, spec, layer, input_shape):
        channels = input_shape[self.channel_axis(spec, layer)]
        return None if channels is None else self.weights_for(spec, layer, channels)

    def weights_for(self, spec, layer, channels: int) -> list[tuple]:
        """The weights' shapes on ``channels`` input channels, in Keras's order."""
        raise NotImplementedError


def is_causal(layer: Any) -> bool:
    """padding = "causal", also where Keras 3 was given "valid" in its place (``_r_causal``)."""
    return bool(getattr(layer, "_r_causal", False)) or getattr(layer, "padding", None) == "causal"


def refuse_negative(argument: str, value: int) -> None:
    """A negative ``filters``/``depth_multiplier`` (R keras makes the layer; TensorFlow fails on
    it on every kernel)."""
    if value < 0:
        raise RArgumentError(argument, r_int(value), "must be a non-negative integer", FAILS_WHEN_RUN)


def refuse_below_one_on_tensor(argument: str, value: int) -> None:
    """``filters = 0`` in a ConvLSTM, ``depth_multiplier = 0`` in a separable layer: R keras
    2.15 makes the layer and computes it on an array (TensorFlow's plain kernels), but fails
    on a tensor: TensorFlow refuses a depth-0 filter while building the graph."""
    if value < 1:
        raise RArgumentError(argument, r_int(value), "must be a strictly positive integer for a layer called on a "
                             "tensor", FAILS_WHEN_SYMBOLIC)


def no_channels(layer: Any, inputs: Any, *, then_bias: bool = False) -> Any:
    """``depth_multiplier = 0`` or ConvLSTM2D's ``filters = 0``, which R keras 2.15 makes: the
    depthwise step (or the ConvLSTM2D) has no output channels. TensorFlow's plain kernels
    compute that (an empty channel axis; a separable layer's pointwise step then adds only its
    bias: ``then_bias``), oneDNN's fail on it; rbridge computes it on every kernel."""
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
    if then_bias:  # the pointwise step of no channels: the bias, then the activation
        from ..engine.kernels._common import finish

        return finish(layer, outputs, layer.data_format == "channels_first")
    return outputs


def reference_settings(spec, r_args: dict, rank: int) -> dict:
    """strides, padding, dilation and layout from the R arguments, for rbridge.reference."""
    def per_axis(value, default=1):
        value = default if value is None else value
        return tuple(value) if isinstance(value, (list, tuple)) else (int(value),) * rank

    return dict(strides=per_axis(r_args.get("strides")), padding=r_args.get("padding", "valid"),
                dilation=per_axis(r_args.get("dilation_rate")),
                channels_first=r_args.get("data_format") == "channels_first")
