"""The merge layers: layer_add(), layer_subtract(), layer_multiply(), layer_average(),
layer_maximum(), layer_minimum(), layer_concatenate(), layer_dot() (Keras's ``Add`` ...
``Dot``).

Their first argument is ``inputs``: a list of tensors (or arrays), or one of them with
the others as unnamed arguments in ``...`` (``layer_add(a, b)``); named arguments in
``...`` go to Keras (``name``, ``dtype``). Missing ``inputs`` gives the layer. What R
keras 2.15 sends depends on the form (R/layers-merge.R), and the kind (rbridge/kinds/
merge.py) keeps it: ``layer_concatenate(a, b, axis = 1)`` drops ``axis`` (only the list
form sends it), ``layer_concatenate(list(a, b), 1)`` takes an unnamed scalar as ``axis``,
``layer_dot(list(a, b), axes = c(1, 1))`` fails (R's ``c()`` splits the pair into
``axes1``/``axes2``).
"""

from __future__ import annotations

from .. import coercers
from .base import MISSING, LayerSpec, RArgument


def inputs() -> RArgument:
    return RArgument("inputs", None, MISSING, None, annotation="Any")


def _spec(r_name: str, keras_class: str, *rows: RArgument) -> LayerSpec:
    return LayerSpec(r_name, keras_class, "merge", 0, (inputs(), *rows), dots_at=1)


SPECS = [
    _spec("layer_add", "Add"),
    _spec("layer_subtract", "Subtract"),
    _spec("layer_multiply", "Multiply"),
    _spec("layer_average", "Average"),
    _spec("layer_maximum", "Maximum"),
    _spec("layer_minimum", "Minimum"),
    _spec("layer_concatenate", "Concatenate",
          RArgument("axis", "-1", -1, coercers.python_axis, annotation="int")),
    _spec("layer_dot", "Dot",
          RArgument("axes", None, MISSING, coercers.dot_axes, annotation="int | Sequence[int]"),
          RArgument("normalize", "FALSE", False, coercers.truthy, annotation="bool")),
]
