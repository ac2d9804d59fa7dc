"""layer_flatten() (Keras's ``Flatten``), the worked example of a spec of a kind of its own."""

from __future__ import annotations

from .. import coercers
from . import common as c
from .base import LayerSpec, RArgument

SPECS = [
    LayerSpec("layer_flatten", "Flatten", "flatten", 0, (
        c.obj(),
        # R keras 2.15 writes `args$data_format <- data_format`: NULL removes it from the call.
        RArgument("data_format", "NULL", None, coercers.data_format, drop_if_null=True, annotation="str | None"),
        c.input_shape(), c.dtype(), c.name(), c.trainable(), c.weights(),
    )),
]
