"""R keras 2.15's per-node layer accessors on Keras 3.

R keras 2.15's ``get_input_at()``, ``get_output_at()``, ``get_input_shape_at()``,
``get_output_shape_at()``, ``get_input_mask_at()`` and ``get_output_mask_at()`` call Keras
2.15's ``Layer.get_*_at(node_index)``. Keras 3 dropped those methods, but keeps the nodes
(``layer._inbound_nodes``, each with its input and output tensors), so the same answers are
read from them here, with Keras 2.15's rules: one tensor alone is returned bare, several as a
list, and Keras 2.15's errors for a layer never called or an index past its nodes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["node_value"]

# what R asks for -> (the node's attribute, Keras 2.15's words for it in errors)
_ATTRIBUTES = {
    "input": ("input_tensors", "input"),
    "output": ("output_tensors", "output"),
    "input_shape": ("input_tensors", "input shape"),
    "output_shape": ("output_tensors", "output shape"),
    "input_mask": ("input_tensors", "input mask"),
    "output_mask": ("output_tensors", "output mask"),
}


def _bare_if_single(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def node_value(layer: Any, node_index: int, what: str) -> Any:
    """The layer's ``what`` (a key of ``_ATTRIBUTES``) at its 0-based inbound node."""
    if what not in _ATTRIBUTES:
        raise ValueError(f"unknown node attribute {what!r}: one of {', '.join(_ATTRIBUTES)}")
    legacy = getattr(layer, f"get_{what}_at", None)
    if legacy is not None:  # Keras 2.15 has the method: its own answer
        return legacy(node_index)
    attribute, words = _ATTRIBUTES[what]
    nodes = getattr(layer, "_inbound_nodes", None) or []
    if not nodes:
        raise RuntimeError(f"The layer {layer.name} has never been called and thus has no defined {words}.")
    # Keras 2.15's test, negative indices included (they count from the end there too)
    if not len(nodes) > node_index:
        raise ValueError(f"Asked to get {words} at node {node_index}, but the layer has only "
                         f"{len(nodes)} inbound nodes.")
    tensors = list(getattr(nodes[node_index], attribute))
    if what.endswith("_shape"):
        return _bare_if_single([tuple(t.shape) for t in tensors])
    if what.endswith("_mask"):
        # Keras 2.15 reads each tensor's `_keras_mask`; Keras 3's symbolic tensors carry
        # their mask the same way when a layer set one.
        return _bare_if_single([getattr(t, "_keras_mask", None) for t in tensors])
    return _bare_if_single(tensors)
