"""Dropout and noise (layer_dropout(), layer_spatial_dropout_{1,2,3}d(),
layer_gaussian_noise(), layer_gaussian_dropout(), layer_alpha_dropout()): the identity in
inference mode (predict, an eager call), random in training mode. No weights.

What Keras 3 changed, kept as R keras 2.15 has it:

- ``layer_dropout(seed = 42)`` reaches Keras as 42.0 (R keras passes it as it is): Keras
  2.15 takes it, Keras 3 refuses a float seed. Made with the integer, the config shows 42.
- Keras 2.15's GaussianNoise takes any ``stddev``, GaussianDropout and AlphaDropout any
  ``rate`` (they apply only for ``0 < rate < 1``; otherwise the identity); Keras 3 refuses
  values outside [0, 1] (and would compute NaN for a rate above 1). Made with a valid value,
  R keras's set back, and the call is the identity where Keras 2.15's is.
- Configs as Keras 2.15 writes them: AlphaDropout without ``noise_shape``, SpatialDropout
  with Dropout's keys and without ``data_format``.
- Dropout and SpatialDropout refuse a rate outside [0, 1] on both engines (rbridge first).
"""

from __future__ import annotations

from ..errors import RArgumentError
from ..reference.dropout import identity
from ..rvalues import r_repr
from . import register
from .base import Kind, on_keras3

_RATE_CHECKED = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D")
_ONLY_INSIDE = ("GaussianDropout", "AlphaDropout")  # Keras 2.15 applies them for 0 < rate < 1 only


@register
class DropoutNoise(Kind):
    name = "dropout"
    training_mode = True

    def min_input_rank(self, spec) -> int:
        # Keras 2.15's Dropout and noise layers take a scalar too (R keras 2.15's test-model.R
        # calls a model of one layer_dropout() on the number 1); the spatial ones have a rank.
        return 0

    def example_arguments(self, spec):
        return {"stddev": 0.1} if spec.keras_class == "GaussianNoise" else {"rate": 0.5}

    def check_arguments(self, spec, kwargs):
        rate = kwargs.get("rate")
        if spec.keras_class in _RATE_CHECKED and isinstance(rate, (int, float)) and not 0 <= rate <= 1:
            raise RArgumentError("rate", r_repr(rate), "must be between 0 and 1",
                                 f"Keras 2.15's {spec.keras_class} refuses it")

    def keras3_arguments(self, spec, kwargs):
        restore = {}
        if spec.keras_class.startswith("SpatialDropout") and kwargs.get("noise_shape", 0) is None:
            del kwargs["noise_shape"]  # Keras 2.15's config key (below), which Keras 3's class does not take
        if spec.keras_class.startswith("SpatialDropout") and "trainable" in kwargs:
            # Keras 3's SpatialDropout takes only rate, seed, name, dtype: set once made.
            restore["trainable"] = kwargs.pop("trainable")
        seed = kwargs.get("seed")
        if isinstance(seed, float):
            restore["seed"], kwargs["seed"] = seed, int(seed)
        name = "stddev" if spec.keras_class == "GaussianNoise" else "rate"
        value = kwargs.get(name)
        if spec.keras_class not in _RATE_CHECKED and isinstance(value, (int, float)) and not 0 <= value <= 1:
            # A value Keras 3 takes and that makes its random generator (it makes none for 0).
            restore[name], kwargs[name] = value, 0.5
        return restore

    def call(self, spec, layer, inputs, keras_call, *args, **kwargs):
        if spec.keras_class in _ONLY_INSIDE and not 0 < layer.rate < 1:
            return inputs
        if spec.keras_class == "GaussianNoise" and on_keras3() and layer.stddev < 0:
            # Keras 2.15 draws N(0, stddev) for any stddev: a negative one flips the draws' sign.
            flipped = layer.stddev
            layer.stddev = -flipped
            try:
                return keras_call(inputs, *args, **kwargs)
            finally:
                layer.stddev = flipped
        return keras_call(inputs, *args, **kwargs)

    def config(self, spec, layer, config):
        if not on_keras3():
            return config
        # Keras 2.15's keys: AlphaDropout leaves noise_shape out (Keras 3 shows it);
        # SpatialDropout shows Dropout's (noise_shape, trainable) and no data_format.
        if spec.keras_class == "AlphaDropout":
            return {k: v for k, v in config.items() if k != "noise_shape"}
        if spec.keras_class.startswith("SpatialDropout"):
            config = {k: v for k, v in config.items() if k != "data_format"}
            return {**config, "trainable": layer.trainable, "noise_shape": None}
        return config

    def keras_config(self, spec, config):
        if on_keras3() and spec.keras_class.startswith("SpatialDropout"):
            return {k: v for k, v in config.items() if k not in ("noise_shape", "trainable")}
        return config

    def reference(self, spec, r_args, x, weights):
        return identity(x)  # inference mode: every one of these layers
