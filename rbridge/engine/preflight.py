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

import math
import os
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
    _check_made_but_refused(spec, layer, spatial, shown)
    if channels is not None:
        _check_memory(spec, layer, expected_weights(spec, layer, channels), "weights", shown)
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


_FAILS_WHEN_RUN = "R keras 2.15 makes the layer (and symbolic tensors), and TensorFlow fails when it computes"


def _r_int(value: int) -> str:
    return "NA" if value == -2**31 else str(value)  # R keras hands NA to Keras as -2147483648


def _check_made_but_refused(spec: LayerSpec, layer: Any, spatial: tuple, shown: str) -> None:
    """Values R keras 2.15 makes a layer with, and that fail as soon as Keras builds or calls
    it, symbolic tensors included: refused here, when it is built, naming the argument."""
    if spec.kind == "conv_lstm" and (getattr(layer, "_r_causal", False) or layer.padding == "causal"):
        raise RArgumentError("padding", '"causal"', 'must be "valid" or "same" for a ConvLSTM2D',
                             "R keras 2.15 makes the layer, and Keras fails when it runs (Invalid padding: causal)")
    if spec.kind == "cropping" and spec.rank < 3:
        # Keras 2.15's Cropping1D and Cropping2D refuse to crop a whole axis away; its
        # Cropping3D gives an empty output (both recorded under R keras 2.15).
        for axis, (size, (start, end)) in enumerate(zip(spatial, amount_pairs(layer.cropping, spec.rank))):
            if size is not None and start + end >= size:
                raise RArgumentError("cropping", _r_shape([start, end]),
                                     f"must leave something of axis {axis + 1} of the input ({size} long)",
                                     f"input {shown}")


def check_computable(spec: LayerSpec, layer: Any) -> None:
    """Values R keras 2.15 makes a layer with, and symbolic tensors too (a shape with 0
    channels), but that fail inside TensorFlow once numbers are computed: refused before an
    eager call (an R array given as ``object``), naming the argument."""
    # (depth_multiplier = 0 and ConvLSTM2D's filters = 0 are computed: engine/calls.py; a
    # negative one fails in TensorFlow on every kernel.)
    if spec.kind == "conv_lstm" and layer.filters < 0:
        raise RArgumentError("filters", _r_int(layer.filters), "must be a non-negative integer", _FAILS_WHEN_RUN)
    if spec.kind in ("depthwise", "separable") and layer.depth_multiplier < 0:
        raise RArgumentError("depth_multiplier", _r_int(layer.depth_multiplier), "must be a non-negative integer",
                             _FAILS_WHEN_RUN)
    if spec.kind == "upsampling" and spec.rank == 1 and layer.size < 1:
        raise RArgumentError("size", _r_int(layer.size), "must be a strictly positive integer", _FAILS_WHEN_RUN)
    if spec.kind == "zero_padding" and any(v < 0 for pair in amount_pairs(layer.padding, spec.rank) for v in pair):
        raise RArgumentError("padding", _r_shape([v for pair in amount_pairs(layer.padding, spec.rank) for v in pair]),
                             "must be non-negative", _FAILS_WHEN_RUN)


def _physical_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not a POSIX system: no limit known
        return 2**63


# The argument that makes a layer's weights or output as large as they are, by kind.
_SIZE_ARGUMENT = {"conv": "filters", "conv_transpose": "filters", "separable": "filters", "conv_lstm": "filters",
                  "depthwise": "depth_multiplier", "upsampling": "size", "zero_padding": "padding",
                  "cropping": "cropping"}


def _check_memory(spec: LayerSpec, layer: Any, shapes: list, what: str, shown: str) -> None:
    """Refuse weights (or an eager output) larger than this machine's memory, naming the
    argument that makes them so: R keras fails inside TensorFlow there (out of memory), after
    trying to allocate them."""
    itemsize = 8 if "64" in str(getattr(layer, "dtype", "float32")) else 4
    needed = sum(math.prod(s) for s in shapes) * itemsize
    if needed > _physical_memory():
        argument = _SIZE_ARGUMENT[spec.kind]
        if spec.kind == "separable" and layer.depth_multiplier > layer.filters:
            argument = "depth_multiplier"
        value = getattr(layer, argument, None)
        raise RArgumentError(
            argument, _r_ints(tuple(value)) if isinstance(value, (list, tuple)) and all(
                isinstance(v, int) for v in value) else str(value),
            f"makes the layer's {what} {needed / 2**30:,.0f} GiB, more than this machine's memory "
            f"({_physical_memory() / 2**30:,.0f} GiB)", f"input {shown}")


def check_output_memory(spec: LayerSpec, layer: Any, input_shape: Sequence[int], shown: str) -> None:
    """An eager call's output, before TensorFlow allocates it."""
    try:
        output = layer.compute_output_shape(tuple(input_shape))
    except Exception:  # noqa: BLE001 - Keras finds what it cannot compute when called
        return
    # One shape, or several (ConvLSTM2D with return_state); Keras 2 gives TensorShapes.
    single = hasattr(output, "as_list") or not any(isinstance(s, (list, tuple)) or hasattr(s, "as_list")
                                                   for s in output)
    shapes = [tuple(output)] if single else [tuple(s) for s in output]
    if all(d is not None for s in shapes for d in s):
        _check_memory(spec, layer, shapes, "output", shown)


def amount_pairs(value: Any, rank: int) -> tuple:
    """Padding or cropping amounts in any form Keras stores (a number, N numbers, N pairs;
    1-D: one pair) as one (start, end) pair per axis."""
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
