"""rbridge: R keras 2.15's convolutional layer family in Python, with R's signatures and semantics.

``rbridge.layer_conv_2d(...)``, ``rbridge.layer_conv_1d_transpose(...)`` and their siblings
(``rbridge.SPECS`` lists the twenty), named as in R, with R's arguments, order and defaults.

``import rbridge`` imports neither TensorFlow nor rpy2: Keras is loaded on the
first layer call, rpy2 when R objects are passed or ``rbridge.converter`` is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (RArgumentError, RBridgeError, RBridgeWarning, RCoercionWarning, RMissingArgumentError,
                     RUnknownArgumentError)
from .layers import FUNCTIONS
from .saving import custom_objects, load_model
from .rvalues import NA, NA_character_, NA_integer_, NA_real_
from .specs import MISSING, SPECS

__version__ = "0.1.0"

globals().update(FUNCTIONS)  # layer_conv_1d(), layer_conv_2d(), ...: one per spec
if TYPE_CHECKING:  # static tools read the functions' typed signatures from layers.pyi (generated)
    from .layers import *  # noqa: F401,F403

__all__ = [
    "MISSING", "NA", "NA_character_", "NA_integer_", "NA_real_", "SPECS",
    "RArgumentError", "RBridgeError", "RBridgeWarning", "RCoercionWarning", "RMissingArgumentError",
    "RUnknownArgumentError", "converter", "custom_objects", "load_model", *FUNCTIONS,
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
