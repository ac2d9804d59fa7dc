"""``object`` dispatch, as R keras's ``create_layer()`` does it.

missing or NULL -> the layer; a Sequential model -> the layer added, the same
model returned; a symbolic tensor -> the output tensor; an array (R array,
NumPy array, ``tf.Tensor``) -> the layer applied eagerly, its output returned.
"""

from __future__ import annotations

from typing import Any

from .errors import RArgumentError
from .rvalues import r_repr
from .specs import MISSING, LayerSpec


def compose(engine: Any, spec: LayerSpec, layer: Any, obj: Any) -> Any:
    if obj is MISSING or obj is None:
        return layer
    kind = engine.object_kind(obj)
    if kind == "sequential":
        return engine.add_to_sequential(obj, layer)
    if kind == "tensor":
        return engine.call_symbolic(layer, obj)
    if kind == "array":
        return engine.call_eager(layer, obj)
    raise RArgumentError(
        "object", r_repr(obj),
        f"must be missing, NULL, a Sequential model, a tensor (e.g. from layer_input()) or a "
        f"{spec.input_rank}-d array",
    )
