"""Layers that act value by value, without weights: Activation (layer_activation()),
ActivityRegularization (layer_activity_regularization(): the identity, adding a loss) and
Masking (layer_masking(): zeroes and masks the steps equal to ``mask_value``). Any input
rank.

Keras 2.15 takes a negative ``l1``/``l2`` (a negative loss); Keras 3 refuses it: made with
0 on Keras 3, then R keras's numbers set on the layer and its regularizer.
"""

from __future__ import annotations

from ..reference import core as ref
from ..reference.activations import activation
from . import register
from .base import Kind


@register
class Activation(Kind):
    name = "activation"

    def min_input_rank(self, spec) -> int:
        return 1

    def example_arguments(self, spec):
        return {"activation": "relu"}

    def reference(self, spec, r_args, x, weights):
        return activation(r_args.get("activation"))(x)


@register
class ActivityRegularization(Kind):
    name = "activity_regularization"

    def min_input_rank(self, spec) -> int:
        return 1

    def keras3_arguments(self, spec, kwargs):
        # Keras 3 refuses a negative l1/l2, which Keras 2.15 takes (a negative loss): made with
        # 0, then R keras's numbers set on the layer and on its regularizer, which reads them
        # when it computes the loss.
        negative = {n: kwargs[n] for n in ("l1", "l2") if isinstance(kwargs.get(n), (int, float)) and kwargs[n] < 0}
        if not negative:
            return {}
        from ..engine import get_engine

        l1, l2 = kwargs.get("l1", 0.0), kwargs.get("l2", 0.0)
        kwargs.update({n: 0.0 for n in negative})
        regularizer = get_engine().keras.regularizers.L1L2(l1=0.0, l2=0.0)
        regularizer.l1, regularizer.l2 = l1, l2
        return {**negative, "activity_regularizer": regularizer}

    def reference(self, spec, r_args, x, weights):
        return ref.activity_regularization(x)


@register
class Masking(Kind):
    name = "masking"

    def reference(self, spec, r_args, x, weights):
        return ref.masking(x, r_args.get("mask_value", 0.0))[0]
