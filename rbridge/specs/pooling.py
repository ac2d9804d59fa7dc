"""Pooling: layer_max_pooling_{1,2,3}d(), layer_average_pooling_{1,2,3}d() (Keras's
``MaxPooling*D``, ``AveragePooling*D``) and layer_global_{max,average}_pooling_{1,2,3}d()
(``GlobalMaxPooling*D``, ``GlobalAveragePooling*D``).

R keras 2.15 makes the windowed ones with ``create_layer()``: ``pool_size`` is
``as.integer()`` (one number is every axis), ``strides`` ``as_nullable_integer()`` (NULL:
the pool size), ``padding`` passed as it is. Their ``data_format`` differs by function:
layer_max_pooling_1d() reads it with ``match.arg()`` (NULL is "channels_last", a prefix
is enough), layer_average_pooling_1d() drops a NULL (Keras's default), the 2-D/3-D ones
pass NULL on (Keras's image data format). The global ones use ``capture_args()``: only the
arguments typed reach Keras, ``...`` passes the standard ones (``batch_size`` converted,
the rest as R gives them).
"""

from __future__ import annotations

from .. import coercers
from . import common as c
from .base import LayerSpec, RArgument

_LAYOUTS = ("channels_last", "channels_first")


def _pool_default(rank: int) -> str:
    return "2L" if rank == 1 else "c(" + ", ".join(["2L"] * rank) + ")"


def _data_format(r_name: str, rank: int) -> RArgument:
    if rank > 1:
        return c.data_format()
    if r_name.startswith("layer_max"):
        return RArgument("data_format", '"channels_last"', "channels_last", coercers.match_arg(_LAYOUTS),
                         annotation="str")
    # `if (keras_version() >= "2.2.3") args$data_format <- data_format`: NULL removes it.
    return RArgument("data_format", '"channels_last"', "channels_last", coercers.data_format, drop_if_null=True,
                     annotation="str | None")


def pooling(op: str, rank: int) -> LayerSpec:
    r_name = f"layer_{op}_pooling_{rank}d"
    keras_class = f"{'Max' if op == 'max' else 'Average'}Pooling{rank}D"
    return LayerSpec(r_name, keras_class, "pooling", rank, (
        c.obj(),
        # as.integer(): a length-1 list is one number, as a vector is.
        c.integers("pool_size", rank, _pool_default(rank), list_is_tuple=False),
        c.integers("strides", rank, "NULL", list_is_tuple=False, nullable=True),
        # Passed on as it is; Keras 2.15 lower-cases it.
        c.padding_mode(causal=False),
        _data_format(r_name, rank),
        *c.short_tail(),
    ))


def global_pooling(op: str, rank: int) -> LayerSpec:
    r_name = f"layer_global_{op}_pooling_{rank}d"
    keras_class = f"Global{'Max' if op == 'max' else 'Average'}Pooling{rank}D"
    layout = '"channels_last"' if rank == 1 else "NULL"
    return LayerSpec(r_name, keras_class, "global_pooling", rank, (
        c.obj(),
        c.data_format(layout),
        # Passed on as typed; Keras tests its truth.
        RArgument("keepdims", "FALSE", False, coercers.truthy, annotation="bool"),
    ), only_supplied=True, dots_arguments=(c.batch_size(),))  # capture_args() converts batch_size only


SPECS = [pooling(op, rank) for op in ("max", "average") for rank in (1, 2, 3)] + \
    [global_pooling(op, rank) for op in ("max", "average") for rank in (1, 2, 3)]
