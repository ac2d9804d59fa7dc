"""layer_embedding() (Keras's ``Embedding``).

R keras 2.15 uses ``capture_args()``: only the arguments typed reach Keras,
``input_dim``/``output_dim`` as ``as.integer()``, ``input_length``/``batch_size`` as
``as_nullable_integer()``, and ``...`` passes the standard arguments on (``input_shape``
unconverted). Indices are 0-based, as Keras has them: R keras does not shift them.
"""

from __future__ import annotations

from .. import coercers
from . import common as c
from .base import LayerSpec, RArgument

SPECS = [
    LayerSpec("layer_embedding", "Embedding", "embedding", 0, (
        c.obj(),
        RArgument("input_dim", None, c.MISSING, coercers.positive_integer, annotation="int"),
        RArgument("output_dim", None, c.MISSING, coercers.positive_integer, annotation="int"),
        c.initializer("embeddings", '"uniform"'),
        c.regularizer("embeddings"), c.regularizer("activity"), c.constraint("embeddings"),
        RArgument("mask_zero", "FALSE", False, coercers.truthy, annotation="bool"),
        RArgument("input_length", "NULL", None, coercers.nullable_integer, annotation="int | None"),
        RArgument("sparse", "FALSE", False, coercers.truthy, annotation="bool"),
    ), only_supplied=True, dots_arguments=(c.batch_size(),)),  # capture_args() converts batch_size only
]
