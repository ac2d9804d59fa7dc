"""Checks that rbridge runs before anything is built: of the arguments alone
(:func:`check_arguments`) and, once the input shape is known, of the layer on that input
(:func:`check_layer`), before a layer is built or a model is changed.

R keras lets Keras (or TensorFlow, inside a kernel) find these problems; rbridge finds them
first, so that the error names the R argument and nothing is left half-built (no Sequential
model with an InputLayer and no layer, no layer with half its weights). What is checked is
each kind's (:mod:`rbridge.kinds`); this module runs the checks in order and does what is
the same for every kind (the ``weights`` argument, memory). Engine-independent: shapes and
numbers only, read off the spec and the layer's attributes, which Keras 2 and Keras 3 name
alike.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..errors import RArgumentError
from ..kinds.base import r_shape
from ..rvalues import r_repr
from ..specs import LayerSpec
from .layer_class import plain_shape


def _shown(shape: Any) -> str:
    if isinstance(shape, list):  # several inputs (a merge)
        return "list(" + ", ".join(r_shape(s) for s in shape) + ")"
    return r_shape(shape)


def check_arguments(spec: LayerSpec, kwargs: dict[str, Any]) -> None:
    """Combinations of arguments that no input shape can make work (coerced kwargs), as R
    keras 2.15 (Keras 2.15) refuses them."""
    spec.operation.check_arguments(spec, kwargs)


def check_layer(spec: LayerSpec, layer: Any, input_shape: Sequence[int | None], *, weights: list | None,
                argument: str = "object", received: str | None = None) -> None:
    """Would building ``layer`` on ``input_shape`` (batch axis included; a list of shapes for
    several inputs) work as in R keras?

    ``argument`` names the R argument the shape came from (``object``, ``input_shape``,
    ``batch_input_shape``), for the message.
    """
    kind = spec.operation
    input_shape = plain_shape(input_shape)
    shown = received or (r_shape(input_shape[1:]) if argument == "input_shape" else _shown(input_shape))
    kind.check_input(spec, layer, input_shape, argument=argument, shown=shown)
    expected = kind.expected_weights(spec, layer, input_shape)
    if expected:
        kind.check_memory(spec, layer, expected, "weights", shown)
    if weights is not None:
        given = [tuple(w.shape) for w in weights]
        if expected is not None and given != expected:
            raise RArgumentError(
                "weights", r_repr(weights),
                f"this layer needs {len(expected)} array(s)"
                + (" of shapes " + ", ".join(r_shape(s) for s in expected) if expected else ""),
                "given shapes " + ", ".join(r_shape(s) for s in given) if given else "",
            )


def check_symbolic(spec: LayerSpec, layer: Any) -> None:
    """Before the layer is called on a symbolic tensor (a layer_input(), or a Sequential
    model's known input): values R keras 2.15 makes the layer with and fails on while
    building the graph, refused naming the argument."""
    spec.operation.check_symbolic(spec, layer)


def check_computable(spec: LayerSpec, layer: Any) -> None:
    """Values R keras 2.15 makes a layer with, and symbolic tensors too (a shape with 0
    channels), but that fail inside TensorFlow once numbers are computed: refused before an
    eager call (an R array given as ``object``), naming the argument."""
    spec.operation.check_computable(spec, layer)


def check_output_memory(spec: LayerSpec, layer: Any, input_shape: Any, shown: str) -> None:
    """An eager call's output, before TensorFlow allocates it."""
    try:
        output = layer.compute_output_shape(input_shape if isinstance(input_shape, list) else tuple(input_shape))
    except Exception:  # noqa: BLE001 - Keras finds what it cannot compute when called
        return
    # One shape, or several (ConvLSTM2D with return_state); Keras 2 gives TensorShapes.
    single = hasattr(output, "as_list") or not any(isinstance(s, (list, tuple)) or hasattr(s, "as_list")
                                                   for s in output)
    shapes = [tuple(output)] if single else [tuple(s) for s in output]
    if all(d is not None for s in shapes for d in s):
        spec.operation.check_memory(spec, layer, shapes, "output", shown)
