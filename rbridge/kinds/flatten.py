"""Flatten (layer_flatten()): the worked example of a kind. No weights, any input rank from
one axis (the batch) up, Keras's own computation and output shape, a NumPy reference."""

from __future__ import annotations

from typing import Any

from ..reference.flatten import flatten
from . import register
from .base import Kind


@register
class Flatten(Kind):
    name = "flatten"

    def min_input_rank(self, spec) -> int:
        return 1  # a batch of scalars flattens to (batch, 1)

    def reference(self, spec, r_args: dict[str, Any], x, weights):
        return flatten(x, channels_first=r_args.get("data_format") == "channels_first")
