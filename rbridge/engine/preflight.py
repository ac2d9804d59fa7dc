"""Checks that rbridge runs before anything is built: of the arguments alone
(:func:`check_arguments`) and, once the input shape is known, of the layer on that input
(:func:`check_layer`), before a layer is built or a model is changed.

R keras lets Keras (or TensorFlow, inside a kernel) find these problems; rbridge finds them
first, so that the error names the R argument and nothing is left half-built (no Sequential
model with an InputLayer and no layer, no layer with half its weights). Engine-independent:
shapes and numbers only, read off the spec and the layer's attributes, which Keras 2 and
Keras 3 name alike.
"""

from __future__ import annotations

import warnings
from typing import Any, Sequence

from ..errors import RArgumentError, RBridgeWarning
from ..rvalues import r_repr
from ..specs import LayerSpec

_CONVOLUTIONS = ("conv", "conv_transpose", "separable", "depthwise", "conv_lstm")


def _r_shape(shape: Sequence[int | None]) -> str:
    return "c(" + ", ".join("NA" if d is None else str(d) for d in shape) + ")"


def _r_ints(values: Sequence[int]) -> str:
    return str(values[0]) if len(values) == 1 else "c(" + ", ".join(str(v) for v in values) + ")"


# --------------------------------------------------------------------------- arguments

def check_arguments(spec: LayerSpec, kwargs: dict[str, Any]) -> None:
    """Combinations of arguments that no input shape can make work (coerced kwargs), as R
    keras 2.15 (Keras 2.15) refuses them."""
    if spec.kind not in _CONVOLUTIONS:
        return
    rank = spec.rank
    strides = kwargs.get("strides", (1,) * rank)
    dilation = kwargs.get("dilation_rate", (1,) * rank)
    if any(s > 1 for s in strides) and any(d > 1 for d in dilation):
        # Keras 3 computes this for separable and depthwise layers; R keras 2.15 refused it
        # everywhere.
        raise RArgumentError("strides", _r_ints(strides), "strides > 1 cannot be combined with dilation_rate > 1",
                             f"dilation_rate = {_r_ints(dilation)}")
    if spec.kind == "conv" and kwargs["filters"] % kwargs.get("groups", 1):
        raise RArgumentError("groups", str(kwargs["groups"]), "must divide filters",
                             f"filters = {kwargs['filters']}")
    if spec.kind == "conv_transpose":
        _check_transpose(spec, kwargs, strides, dilation)


def _check_transpose(spec: LayerSpec, kwargs: dict[str, Any], strides, dilation) -> None:
    if spec.rank == 2 and len(set(dilation)) > 1:
        raise RArgumentError("dilation_rate", _r_ints(dilation), "must be equal along both axes",
                             "Keras 2.15, under R keras 2.15, refuses unequal dilation rates here")
    if spec.rank == 3 and any(d > 1 for d in dilation):
        warnings.warn(
            f"layer_conv_3d_transpose(): dilation_rate = {_r_ints(dilation)} is applied. R keras 2.15 "
            "ignores dilation_rate here without a word (Keras 2.15's Conv3DTranspose never passes it on); "
            "rbridge computes the dilated transposed convolution the argument documents, as Keras 3 does.",
            RBridgeWarning, stacklevel=5)  # the caller of layer_conv_3d_transpose()
    output_padding = kwargs.get("output_padding")
    if output_padding is None:
        return
    for axis, (pad, stride) in enumerate(zip(output_padding, strides)):
        if pad >= stride:
            raise RArgumentError("output_padding", _r_ints(output_padding), "must be lower than strides",
                                 f"strides = {_r_ints(strides)}")
    for k, d, pad in zip(kwargs["kernel_size"], dilation, output_padding):
        span = (k - 1) * d + 1
        if kwargs.get("padding") == "same" and span % 2 == 0 and pad == 0:
            # Keras's output length is then (steps - 1) * strides, one stride short of what the
            # convolution it transposes maps back to `steps`: TensorFlow fails inside the kernel.
            raise RArgumentError(
                "output_padding", _r_ints(output_padding),
                'must be NULL or at least 1 with padding = "same" and an even kernel span',
                f"kernel_size = {_r_ints(kwargs['kernel_size'])}, dilation_rate = {_r_ints(dilation)}: span {span}",
            )


# --------------------------------------------------------------------------- input shape

def expected_weights(spec: LayerSpec, layer: Any, channels: int) -> list[tuple[int, ...]]:
    """The shapes of the layer's weights on ``channels`` input channels, in Keras's order."""
    if spec.kind not in _CONVOLUTIONS:
        return []
    k = tuple(layer.kernel_size)
    bias = layer.use_bias
    if spec.kind == "conv":
        return [(*k, channels // layer.groups, layer.filters)] + ([(layer.filters,)] if bias else [])
    if spec.kind == "conv_transpose":
        return [(*k, layer.filters, channels)] + ([(layer.filters,)] if bias else [])
    if spec.kind == "depthwise":
        out = channels * layer.depth_multiplier
        return [(*k, channels, layer.depth_multiplier)] + ([(out,)] if bias else [])
    if spec.kind == "separable":
        ones = (1,) * spec.rank
        return [(*k, channels, layer.depth_multiplier), (*ones, channels * layer.depth_multiplier, layer.filters)] \
            + ([(layer.filters,)] if bias else [])
    f = layer.filters  # conv_lstm: input kernel, recurrent kernel, bias, four gates each
    return [(*k, channels, 4 * f), (*k, f, 4 * f)] + ([(4 * f,)] if bias else [])


def _spatial(spec: LayerSpec, input_shape: Sequence[int | None], channels_first: bool) -> tuple:
    start = 2 if spec.kind == "conv_lstm" else 1
    start += 1 if channels_first else 0
    return tuple(input_shape[start:start + spec.rank])


def check_layer(spec: LayerSpec, layer: Any, input_shape: Sequence[int | None], *, weights: list | None,
                argument: str = "object", received: str | None = None) -> None:
    """Would building ``layer`` on ``input_shape`` (batch axis included) work as in R keras?

    ``argument`` names the R argument the shape came from (``object``, ``input_shape``,
    ``batch_input_shape``), for the message.
    """
    input_shape = tuple(input_shape)
    shown = received or _r_shape(input_shape[1:] if argument == "input_shape" else input_shape)
    if len(input_shape) != spec.input_rank:
        axes = _axes(spec)
        raise RArgumentError(
            argument, shown,
            f"{spec.r_name}() needs {spec.input_rank}-d input ({axes})"
            + (f": give input_shape as c({axes.split(', ', 1)[1]})" if argument == "input_shape" else ""),
        )
    channels_first = getattr(layer, "data_format", None) == "channels_first"
    channel_axis = (2 if spec.kind == "conv_lstm" else 1) if channels_first else -1
    channels = input_shape[channel_axis]
    spatial = _spatial(spec, input_shape, channels_first)
    if spec.kind in _CONVOLUTIONS:
        _check_convolution(spec, layer, channels, spatial, argument, shown)
    # Cropping a whole axis away is no error: R keras 2.15 (Keras 2.15) gives an empty output.
    if weights is not None:
        expected = expected_weights(spec, layer, channels) if channels is not None else None
        given = [tuple(w.shape) for w in weights]
        if expected is not None and given != expected:
            raise RArgumentError(
                "weights", r_repr(weights),
                f"this layer needs {len(expected)} array(s)"
                + (" of shapes " + ", ".join(_r_shape(s) for s in expected) if expected else ""),
                "given shapes " + ", ".join(_r_shape(s) for s in given) if given else "",
            )


def _pairs(value: Any, rank: int) -> tuple:
    if isinstance(value, int):
        return ((value, value),) * rank
    value = tuple(value)
    if rank == 1 and len(value) == 2 and all(isinstance(v, int) for v in value):
        return (value,)
    return tuple((v, v) if isinstance(v, int) else tuple(v) for v in value)


def _axes(spec: LayerSpec) -> str:
    names = {1: ["steps"], 2: ["rows", "cols"], 3: ["dim1", "dim2", "dim3"]}[spec.rank]
    time = ["time"] if spec.kind == "conv_lstm" else []
    return ", ".join(["batch", *time, *names, "channels"])


def _check_convolution(spec: LayerSpec, layer: Any, channels, spatial, argument: str, shown: str) -> None:
    if channels is None:
        raise RArgumentError(argument, shown, "the channels dimension must be known")
    if spec.kind == "conv" and channels % layer.groups:
        raise RArgumentError("groups", str(layer.groups), "must divide the input's channels",
                             f"{channels} channels in {shown}")
    if getattr(layer, "padding", None) == "causal" and spec.kind == "conv_transpose":
        raise RArgumentError(
            "padding", '"causal"',
            'a transposed convolution cannot be computed with padding = "causal"; use "valid" or "same"',
            "R keras 2.15 accepts it when the layer is made and fails when it is called",
        )
    if spec.kind == "conv_transpose" or layer.padding != "valid":
        return
    for axis, (size, k, d) in enumerate(zip(spatial, layer.kernel_size, layer.dilation_rate)):
        span = (k - 1) * d + 1
        if size is not None and size < span:
            raise RArgumentError(
                "kernel_size", _r_ints(tuple(layer.kernel_size)),
                f'must fit in the input with padding = "valid": axis {axis + 1} is {size} long and the '
                f"kernel spans {span}", f"input {shown}",
            )
