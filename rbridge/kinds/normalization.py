"""Normalization (layer_batch_normalization(), layer_layer_normalization()): weights of the
feature axes' shape, a training mode, and R keras 2.15's meaning of what Keras 3 changed.

BatchNormalization on Keras 3 (R keras 2.15 ran Keras 2.15):

* the moving variance: Keras 2.15's fused kernel (4-D input with the features on axis 1 or
  3, 5-D on 1 or 4, float16/bfloat16/float32, no ``renorm``/``virtual_batch_size``/
  ``adjustment``, not ``synchronized``, ``fused`` not FALSE) moves it towards the *unbiased*
  batch variance, Keras 3 always towards the biased one: after Keras 3's own update, the
  difference is added (:meth:`BatchNormalization.call`), so a trained model predicts as
  under R keras 2.15;
* ``fused`` (refused by Keras 3): kept on the layer and read by the rule above;
* ``virtual_batch_size``, ``adjustment``, a vector ``axis``: Keras 3 has no such
  computation, and rbridge refuses them there naming the argument (Keras 2 computes them).
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import RArgumentError
from ..reference import normalization as ref
from . import register
from .base import Kind, on_keras3


def _axes(axis: Any) -> list[int]:
    return list(axis) if isinstance(axis, (list, tuple)) else [axis]


class _Normalization(Kind):
    has_weights = True

    def min_input_rank(self, spec) -> int:
        return 2

    def example_arguments(self, spec):
        return {}

    def feature_axes(self, layer, ndim: int) -> list[int]:
        return sorted({a % ndim for a in _axes(layer.axis)})

    # Keras 3's config keys that Keras 2.15's (R keras's) lacks, and the value Keras 2.15 has
    # where it has the key only sometimes (BatchNormalization's renorm* with renorm = TRUE).
    keras3_only_keys: tuple = ()

    def config(self, spec, layer, config):
        if not on_keras3():
            return config
        config = {k: v for k, v in config.items() if k not in self.keras3_only_keys}
        ndim = getattr(layer, "_r_ndim", None)
        if layer.built and ndim:
            # Keras 2.15 shows the axes it normalizes, counted from 0, once built.
            config["axis"] = self.feature_axes(layer, ndim)
        return config

    def check_built(self, spec, layer, input_shape, *, argument, shown):
        ndim = len(input_shape)
        object.__setattr__(layer, "_r_ndim", ndim)  # for the config (a plain attribute)
        for a in _axes(layer.axis):
            if not -ndim <= a < ndim:
                raise RArgumentError("axis", str(a if isinstance(layer.axis, int) else list(layer.axis)),
                                     f"is not an axis of a {ndim}-d input (Keras counts from 0)", f"input {shown}")
        for a in self.feature_axes(layer, ndim):
            if input_shape[a] is None:
                raise RArgumentError(argument, shown, f"the normalized axis {a} must have a known size")


@register
class BatchNormalization(_Normalization):
    name = "batch_normalization"
    training_mode = True

    def check_arguments(self, spec, kwargs):
        axis = kwargs.get("axis", -1)
        if kwargs.get("fused") is True:
            # Keras 2.15 refuses these when the layer is made.
            if isinstance(axis, list) and len(axis) > 1 or _axes(axis)[0] not in (-4, -3, -1, 1, 3, 4):
                raise RArgumentError("fused", "TRUE", "needs one axis, 1 or 3 (4-d input) or 1 or 4 (5-d), as "
                                     "Keras counts", f"axis is {axis} (R's axis {'c(...)' if isinstance(axis, list) else _r_axis(axis)})")
            for name in ("virtual_batch_size", "adjustment", "renorm"):
                if kwargs.get(name) not in (None, False):
                    raise RArgumentError("fused", "TRUE", f"cannot be combined with `{name}`")
        if on_keras3():
            for name, use in (("virtual_batch_size", "leave it out (whole-batch statistics)"),
                              ("adjustment", "leave it out")):
                if kwargs.get(name) is not None:
                    raise RArgumentError(
                        name, repr(kwargs[name]), "is not computed on Keras 3 (its BatchNormalization has no "
                        f"{name.replace('_', ' ')}; R keras 2.15 passed it to Keras 2.15)",
                        f"{use}, or run rbridge on Keras 2 (TensorFlow 2.15)")
            if isinstance(axis, list) and len(axis) > 1:
                raise RArgumentError(
                    "axis", "c(" + ", ".join(_r_axis(a) for a in axis) + ")",
                    "must be one axis on Keras 3 (its BatchNormalization normalizes one feature axis; R keras "
                    "2.15 passed a vector on to Keras 2.15)", "give one axis, or run rbridge on Keras 2")

    def keras3_arguments(self, spec, kwargs):
        restore = {}
        if "fused" in kwargs:
            restore["fused"] = kwargs.pop("fused")
        if isinstance(kwargs.get("axis"), list):
            kwargs["axis"] = kwargs["axis"][0]
        kwargs.pop("virtual_batch_size", None)
        kwargs.pop("adjustment", None)
        return restore

    def config(self, spec, layer, config):
        config = super().config(spec, layer, config)
        if on_keras3():
            config.pop("synchronized", None)  # not in Keras 2.15's config
            if not layer.renorm:
                for key in ("renorm", "renorm_clipping", "renorm_momentum"):
                    config.pop(key, None)
            elif config.get("renorm_clipping") == {}:
                config["renorm_clipping"] = []  # Keras 2.15 keeps an empty R list as a list
        return config

    def keras_config(self, spec, config):
        if not on_keras3():
            return config
        config = {k: v for k, v in config.items() if k != "fused"}
        if isinstance(config.get("axis"), list) and len(config["axis"]) == 1:
            config["axis"] = config["axis"][0]
        return config

    def expected_weights(self, spec, layer, input_shape):
        ndim = len(input_shape)
        shape = tuple(input_shape[a] for a in self.feature_axes(layer, ndim))
        if any(d is None for d in shape):
            return None
        n = int(bool(layer.center)) + int(bool(layer.scale)) + 2
        return [shape] * n

    def fused(self, layer, ndim: int) -> bool:
        """Keras 2.15's choice of its fused kernel (so: the unbiased moving variance)."""
        return ref.keras215_fused(ndim, layer.axis, str(layer.compute_dtype), fused=getattr(layer, "fused", None),
                                  renorm=bool(getattr(layer, "renorm", False)),
                                  synchronized=bool(getattr(layer, "synchronized", False)))

    def call(self, spec, layer, inputs, keras_call, *args, **kwargs):
        outputs = keras_call(inputs, *args, **kwargs)
        training = kwargs.get("training", args[0] if args else None)
        if on_keras3() and training is True and layer.trainable and self.fused(layer, len(inputs.shape)):
            self._unbias_moving_variance(layer, inputs)
        return outputs

    @staticmethod
    def _unbias_moving_variance(layer, inputs) -> None:
        """Keras 3 has moved the variance towards the biased batch variance v; Keras 2.15's
        fused kernel moves it towards v * n / (n - 1): add (1 - momentum) * v / (n - 1)."""
        from keras import ops

        ndim = len(inputs.shape)
        features = sorted({a % ndim for a in _axes(layer.axis)})
        reduce = [a for a in range(ndim) if a not in features]
        x = ops.cast(inputs, layer.moving_variance.dtype)
        variance = ops.var(x, axis=reduce)
        shape = ops.shape(x)
        n = ops.cast(math.prod(shape[a] for a in reduce), variance.dtype)
        extra = ops.where(n > 1, variance / ops.maximum(n - 1, 1), ops.zeros_like(variance))
        layer.moving_variance.assign_add((1 - layer.momentum) * extra)

    def reference(self, spec, r_args, x, weights):
        center, scale = r_args.get("center", True), r_args.get("scale", True)
        weights = list(weights)
        gamma = weights.pop(0) if scale else None
        beta = weights.pop(0) if center else None
        mean, variance = weights
        return ref.batch_normalization(x, gamma, beta, mean, variance, axis=r_args.get("axis", -1),
                                       epsilon=r_args.get("epsilon", 1e-3))


@register
class LayerNormalization(_Normalization):
    name = "layer_normalization"
    keras3_only_keys = ("rms_scaling",)

    def expected_weights(self, spec, layer, input_shape):
        ndim = len(input_shape)
        shape = tuple(input_shape[a] for a in self.feature_axes(layer, ndim))
        if any(d is None for d in shape):
            return None
        return [shape] * (int(bool(layer.scale)) + int(bool(layer.center)))

    def reference(self, spec, r_args, x, weights):
        weights = list(weights)
        gamma = weights.pop(0) if r_args.get("scale", True) else None
        beta = weights.pop(0) if r_args.get("center", True) else None
        return ref.layer_normalization(x, gamma, beta, axis=r_args.get("axis", -1),
                                       epsilon=r_args.get("epsilon", 1e-3))


def _r_axis(axis: int) -> str:
    """Keras's axis as R keras's 1-based ``axis`` of layer_batch_normalization()."""
    return str(axis + 1 if axis >= 0 else axis)
