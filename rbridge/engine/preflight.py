"""Checks that need the input shape: run before a layer is built or a model is changed.

R keras lets Keras find these problems while building; rbridge finds them first,
so that the error names the R argument and nothing is left half-built (no
Sequential model with an InputLayer and no layer, no layer with half its weights).
Engine-independent: shapes and numbers only.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..errors import RArgumentError
from ..rvalues import r_repr


def _r_shape(shape: Sequence[int | None]) -> str:
    return "c(" + ", ".join("NA" if d is None else str(d) for d in shape) + ")"


def check_arguments(kwargs: dict[str, Any]) -> None:
    """Combinations of arguments that no input shape can make work (coerced kwargs)."""
    strides, dilation = kwargs["strides"][0], kwargs["dilation_rate"][0]
    if strides > 1 and dilation > 1:
        raise RArgumentError(
            "strides", f"{strides}", "strides > 1 cannot be combined with dilation_rate > 1",
            f"dilation_rate = {dilation}",
        )
    output_padding = kwargs.get("output_padding")
    if output_padding is None:
        return
    if output_padding[0] >= strides:
        raise RArgumentError(
            "output_padding", f"{output_padding[0]}", "must be lower than strides", f"strides = {strides}"
        )
    span = (kwargs["kernel_size"][0] - 1) * dilation + 1
    if kwargs.get("padding") == "same" and span % 2 == 0 and output_padding[0] == 0:
        # Keras's output length is then (steps - 1) * strides, one stride short of what the
        # convolution it transposes maps back to `steps`: TensorFlow fails inside the kernel.
        raise RArgumentError(
            "output_padding", "0",
            'must be NULL or at least 1 with padding = "same" and an even kernel span',
            f"kernel_size = {kwargs['kernel_size'][0]}, dilation_rate = {dilation}: span {span}",
        )


def check_layer(layer: Any, input_shape: Sequence[int | None], *, weights: list | None,
                argument: str = "object", received: str | None = None) -> None:
    """:func:`check_input` for a Keras Conv1DTranspose layer (either engine's), given the
    weights it is to be built with."""
    check_input(
        tuple(input_shape), argument=argument, received=received,
        filters=layer.filters, kernel_size=layer.kernel_size[0], use_bias=layer.use_bias,
        channels_first=layer.data_format == "channels_first", causal=layer.padding == "causal",
        weights=weights,
    )


def check_input(
    input_shape: Sequence[int | None],
    *,
    argument: str,
    received: str | None = None,
    filters: int,
    kernel_size: int,
    use_bias: bool,
    channels_first: bool,
    causal: bool,
    weights: list | None,
) -> None:
    """Would building the layer on ``input_shape`` (batch axis included) work as in R keras?

    ``argument`` names the R argument the shape came from (``object``,
    ``input_shape``, ``batch_input_shape``), for the message.
    """
    shown = received or _r_shape(input_shape[1:] if argument == "input_shape" else input_shape)
    if len(input_shape) != 3:
        raise RArgumentError(
            argument, shown,
            "a 1D transposed convolution needs 3-d input (batch, steps, channels)"
            + (": give input_shape as c(steps, channels)" if argument == "input_shape" else ""),
        )
    channels = input_shape[1] if channels_first else input_shape[2]
    if channels is None:
        raise RArgumentError(argument, shown, "the channels dimension must be known")
    if causal:
        raise RArgumentError(
            "padding", '"causal"',
            'a transposed convolution cannot be computed with padding = "causal"; use "valid" or "same"',
            "R keras 2.15 accepts it when the layer is made and fails when it is called",
        )
    if weights is not None:
        expected = [(kernel_size, filters, channels)] + ([(filters,)] if use_bias else [])
        given = [tuple(w.shape) for w in weights]
        if given != expected:
            raise RArgumentError(
                "weights", r_repr(weights),
                f"this layer needs {len(expected)} array(s) of shapes "
                + ", ".join(_r_shape(s) for s in expected)
                + f" (kernel: kernel_size, filters, input channels{'; bias: filters' if use_bias else ''})",
                "given shapes " + ", ".join(_r_shape(s) for s in given),
            )

