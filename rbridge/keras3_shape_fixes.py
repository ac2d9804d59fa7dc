"""Symbolic shapes Keras 3 gets wrong where Keras 2.15 got them right, fixed per layer instance.

Keras 3's ``MultiHeadAttention.compute_output_spec`` gives the attention scores of a symbolic
call the shape ``(batch, heads, Tq, Tq)``: the query's length twice. The scores it computes are
``(batch, heads, Tq, Tv)``, as Keras 2.15 said for symbolic tensors too (R keras 2.15's own
test-layer-attention.R checks ``list(NULL, 2, 8, 4)``). A model built on the symbolic scores
then has wrong shapes downstream. The fix replaces the instance's ``compute_output_spec`` (the
class, and so a saved model's config, stays Keras's own).
"""

from __future__ import annotations

import types
from typing import Any


def _scores_shape(layer: Any, query: Any, key: Any) -> tuple | None:
    """(batch, heads, query's attention dims, key's attention dims), for the default axes."""
    if getattr(layer, "_attention_axes", None) is not None and tuple(layer._attention_axes) != tuple(
            range(1, len(query.shape) - 1)):
        return None  # other attention axes: leave Keras's answer as it is
    return (query.shape[0], layer.num_heads, *query.shape[1:-1], *key.shape[1:-1])


def fix_multi_head_attention_scores(layer: Any) -> Any:
    """Make ``layer``'s symbolic attention scores ``(batch, heads, Tq, Tv)``; returns ``layer``.
    On Keras 2.15 (right already) the layer is returned as it is."""
    import keras
    if not keras.__version__.startswith("3."):
        return layer
    keras_spec = layer.compute_output_spec

    def compute_output_spec(self: Any, query: Any, value: Any, key: Any = None, *args: Any, **kwargs: Any) -> Any:
        spec = keras_spec(query, value, key, *args, **kwargs)
        if not kwargs.get("return_attention_scores") or not isinstance(spec, (tuple, list)) or len(spec) != 2:
            return spec
        shape = _scores_shape(self, query, value if key is None else key)
        if shape is None:
            return spec
        from keras import KerasTensor
        output, scores = spec
        return output, KerasTensor(shape, dtype=scores.dtype)

    layer.compute_output_spec = types.MethodType(compute_output_spec, layer)
    return layer
