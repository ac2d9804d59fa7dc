"""Does a case determine its layer's weights? Only then can numbers be compared.

Weights are determined when given (``weights =``, ``set_weights``) or made by non-random
initializers of the weights the layer has: the R function's ``*_initializer`` arguments (a
separable layer's ``depthwise_``/``pointwise_``; Keras 2.15's SeparableConv config also
carries a vestigial random ``kernel_initializer`` that no weight uses).
"""

from __future__ import annotations

from typing import Any

from .cases import spec_of
from .r_session import case_args

_RANDOM_INITIALIZERS = {
    "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal",
    "RandomUniform", "RandomNormal", "TruncatedNormal", "Orthogonal", "VarianceScaling",
}
_RANDOM_INITIALIZER_KEYS = {name.lower() for name in _RANDOM_INITIALIZERS}


def weights_fixed(case: dict, expected: dict) -> bool:
    """Are the weights determined by the case: given (``weights``, ``set_weights``), or made
    by non-random initializers of the weights the layer has? An array result records no
    config: the layer's initializers are then read off a twin made from the case's arguments."""
    if case.get("set_weights"):
        return True
    initializers = initializer_arguments(case)
    if not initializers:  # no weights (resampling, padding, cropping): nothing to vary
        return True
    if "weights" in case["args"] and case_args(case).get("weights") is not None:
        return True
    return initializers_deterministic(expected.get("config") or _r_initializers(case), initializers)


def initializer_arguments(case: dict) -> tuple[str, ...]:
    """The ``*_initializer`` arguments of the case's R function: one per weight the layer
    has (R keras's layer_separable_conv_2d() has depthwise_ and pointwise_, never kernel_,
    whatever Keras 2.15's config still carries)."""
    return tuple(a.name for a in spec_of(case).arguments if a.name.endswith("_initializer"))


def initializers_deterministic(config: dict, keys: tuple[str, ...] | None = None) -> bool:
    """Do the layer's initializers make the same weights on every run? ``keys``: the
    ``*_initializer`` entries for the weights the layer has (:func:`initializer_arguments`);
    None reads every one of the config (Keras 2.15's SeparableConv config carries a
    vestigial kernel_initializer: pass ``keys`` for such a layer). bias_ counts only with a bias."""
    keys = [key for key in (config if keys is None else keys) if key.endswith("_initializer")
            and (key != "bias_initializer" or config.get("use_bias", True))]
    return bool(config) and all(_deterministic(config.get(key)) for key in keys)


def _deterministic(initializer: Any) -> bool:
    """Keras names an initializer by class ("GlorotUniform") or by its string ("glorot_uniform")."""
    name = initializer.get("class_name") if isinstance(initializer, dict) else initializer
    return name is not None and str(name).replace("_", "").lower() not in _RANDOM_INITIALIZER_KEYS


def _r_initializers(case: dict) -> dict:
    """The initializers (and ``use_bias``) the case's R call gives its layer: R's defaults
    from the spec's formals, then the case's arguments (R keras's helper configs, names)."""
    spec = spec_of(case)
    config = {a.name: a.py_default for a in spec.arguments
              if a.name.endswith("_initializer") or a.name == "use_bias"}
    config.update({k: v for k, v in case_args(case).items() if k in config})
    return config
