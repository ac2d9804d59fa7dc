"""rbridge: R keras 2.15's ``layer_conv_1d_transpose()`` in Python, with R's semantics.

``import rbridge`` imports neither TensorFlow nor rpy2: Keras is loaded on the
first layer call, rpy2 when R objects are passed or ``rbridge.converter`` is used.
"""

from __future__ import annotations

from typing import Any

from .errors import RArgumentError, RBridgeError, RCoercionWarning, RMissingArgumentError
from .layers import layer_conv_1d_transpose
from .saving import custom_objects, load_model
from .rvalues import NA, NA_character_, NA_integer_, NA_real_
from .signature import ARGUMENTS, MISSING

__version__ = "0.1.0"

__all__ = [
    "ARGUMENTS", "MISSING", "NA", "NA_character_", "NA_integer_", "NA_real_",
    "RArgumentError", "RBridgeError", "RCoercionWarning", "RMissingArgumentError",
    "converter", "custom_objects", "layer_conv_1d_transpose", "load_model",
]


def __getattr__(name: str) -> Any:
    # rbridge.converter and rbridge.convert need rpy2 (and so R): load them only when asked for.
    if name == "converter":
        from .convert import converter

        return converter
    if name == "convert":
        import importlib

        return importlib.import_module(".convert", __name__)
    raise AttributeError(f"module 'rbridge' has no attribute {name!r}")
