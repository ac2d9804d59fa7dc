"""Rearranging values without computing new ones: Reshape (layer_reshape()), Permute
(layer_permute()), RepeatVector (layer_repeat_vector()). No weights.

- Reshape: Keras 2.15 takes an NA (None) in ``target_shape`` when the layer is made and
  fails when it runs (Keras 3 reads it as -1): rbridge refuses it when the layer is built,
  as it refuses a target size that does not fit the input.
- Permute: ``dims`` are Keras's own 1-based axis numbers (R keras 2.15 does not shift them);
  the input must have one axis per entry, after the batch.
- RepeatVector: Keras 2.15 makes ``n = 0`` (an empty axis), which Keras 3 refuses: made with
  1 and set to 0. A negative ``n`` is made by Keras 2.15 and fails when it runs.
"""

from __future__ import annotations

import math

from ..errors import RArgumentError
from ..reference import core as ref
from . import register
from .base import FAILS_WHEN_BUILT, FAILS_WHEN_RUN, Kind, r_ints, r_shape


def _r_target(shape) -> str:
    return "c(" + ", ".join("NA" if d is None else str(d) for d in shape) + ")"


@register
class Reshape(Kind):
    name = "reshape"

    def min_input_rank(self, spec) -> int:
        return 1

    def example_arguments(self, spec):
        return {"target_shape": (12,)}

    def keras3_arguments(self, spec, kwargs):
        return {"built": False}  # Keras 3's Reshape says it is built when made; Keras 2.15's, once called

    def check_arguments(self, spec, kwargs):
        target = kwargs.get("target_shape") or ()
        if sum(1 for d in target if d == -1) > 1:
            raise RArgumentError("target_shape", _r_target(target), "can have at most one -1 (a size to infer)")
        for d in target:
            if d is not None and d < -1:
                raise RArgumentError("target_shape", _r_target(target), "must hold sizes of 0 or more, or one -1")

    def check_built(self, spec, layer, input_shape, *, argument, shown):
        target = tuple(layer.target_shape)
        if any(d is None for d in target):
            raise RArgumentError("target_shape", _r_target(target),
                                 "has an NA (unknown) size: write -1 for the size to infer",
                                 "R keras 2.15 makes the layer and fails when it runs; Keras 3 reads NA as -1")
        size = input_shape[1:]
        if any(d is None for d in size):
            return
        total, known = math.prod(size), math.prod(d for d in target if d != -1)
        fits = (known > 0 and total % known == 0) if -1 in target else known == total
        if not fits:
            raise RArgumentError("target_shape", _r_target(target),
                                 f"does not hold the input's {total} values per sample (input {r_shape(input_shape)})",
                                 FAILS_WHEN_BUILT)

    def reference(self, spec, r_args, x, weights):
        return ref.reshape(x, r_args["target_shape"])


@register
class Permute(Kind):
    name = "permute"

    def example_arguments(self, spec):
        return {"dims": (2, 1)}

    def check_built(self, spec, layer, input_shape, *, argument, shown):
        dims = tuple(layer.dims)
        if len(input_shape) != len(dims) + 1:
            raise RArgumentError("dims", r_ints(dims),
                                 f"must have one entry per axis after the batch: the input {r_shape(input_shape)} "
                                 f"has {len(input_shape) - 1}", FAILS_WHEN_BUILT)

    def reference(self, spec, r_args, x, weights):
        return ref.permute(x, r_args["dims"])


@register
class RepeatVector(Kind):
    name = "repeat_vector"

    def input_rank(self, spec) -> int:
        return 2

    def axis_names(self, spec):
        return ["batch", "features"]

    def example_input_shape(self, spec):
        return [3]

    def example_arguments(self, spec):
        return {"n": 3}

    def keras3_arguments(self, spec, kwargs):
        n = kwargs.get("n")
        if isinstance(n, int) and n < 1:
            kwargs["n"] = 1
            return {"n": n}
        return {}

    def check_built(self, spec, layer, input_shape, *, argument, shown):
        if layer.n < 0:
            raise RArgumentError("n", str(layer.n), "must be 0 or more", FAILS_WHEN_RUN)

    def reference(self, spec, r_args, x, weights):
        return ref.repeat_vector(x, r_args["n"])
