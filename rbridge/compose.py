"""``object`` dispatch, as R keras's ``create_layer()`` does it, and ``inputs`` dispatch, as
R keras's merge layers do it (the kind says which: ``Kind.first_argument``).

``object``: missing or NULL -> the layer; a Sequential model -> the layer added, the same
model returned; a symbolic tensor -> the output tensor; an array (R array, NumPy array,
``tf.Tensor``) -> the layer applied eagerly, its output returned.

``inputs`` (merge layers): missing or NULL -> the layer; a tensor or array, or a list of
them (with the unnamed arguments of R's ``...`` after them) -> the layer called on the list.
"""

from __future__ import annotations

from typing import Any, Sequence

from .errors import RArgumentError
from .rvalues import r_repr
from .specs import MISSING, LayerSpec


def compose(engine: Any, spec: LayerSpec, layer: Any, obj: Any, more_inputs: Sequence[Any] = ()) -> Any:
    if spec.operation.first_argument == "inputs":
        return _compose_inputs(engine, spec, layer, obj, more_inputs)
    if obj is MISSING or obj is None:
        return layer
    kind = engine.object_kind(obj)
    if kind == "sequential":
        return engine.add_to_sequential(obj, layer)
    if kind == "tensor":
        return engine.call_symbolic(layer, obj)
    if kind == "array":
        return engine.call_eager(layer, obj)
    rank = spec.input_rank
    raise RArgumentError(
        "object", r_repr(obj),
        f"must be missing, NULL, a Sequential model, a tensor (e.g. from layer_input()) or "
        + (f"a {rank}-d array" if rank else "an array"),
    )


def _compose_inputs(engine: Any, spec: LayerSpec, layer: Any, inputs: Any, more_inputs: Sequence[Any]) -> Any:
    if (inputs is MISSING or inputs is None) and not more_inputs:
        return layer
    items = list(inputs) if isinstance(inputs, (list, tuple)) else ([] if inputs is MISSING else [inputs])
    items += list(more_inputs)
    kinds = {engine.object_kind(item) for item in items}
    if kinds == {"tensor"}:
        return engine.call_symbolic(layer, items)
    if kinds == {"array"}:
        return engine.call_eager(layer, items)
    raise RArgumentError(
        "inputs", r_repr(inputs),
        "must be missing, NULL, or a tensor (e.g. from layer_input()) or array, or a list of them (all tensors "
        "or all arrays)")
