"""The Python side of R keras 2.15's first custom-layer API, ``KerasLayer`` (R/rk-layer-custom.R).

Ported from R keras 2.15.0's ``inst/python/kerastools/layer.py`` (MIT licence, RStudio): a Keras
layer whose ``build``, ``call`` and ``compute_output_shape`` are an R6 object's R methods. R
keras 2.15 deprecated this API for R6 classes that inherit from ``keras$layers$Layer``
(``new_layer_class()``), and kept it working; so does rbridge, on Keras 3 and Keras 2.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from .engine import get_engine


def _shape_as_list(shape: Any) -> Any:
    """An input shape as the R method reads it: a list (R keras passed a TensorShape's
    ``as_list()``, and a tuple as a list)."""
    if isinstance(shape, tuple):
        return list(shape)
    if not isinstance(shape, list):
        return shape.as_list()
    return shape


def _dimension(value: Any) -> Any:
    """An output dimension from R: R computes sizes as doubles (``input_shape[[2]] * 2``), which
    Keras 3 refuses in a shape; a whole number becomes an int (None and the rest unchanged)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _shape_from_r(shape: Any) -> Any:
    return [_dimension(d) for d in shape]


def _make_r_layer_class() -> type:
    keras = get_engine().keras

    class RLayer(keras.layers.Layer):
        """A layer computed by an R6 ``KerasLayer``'s methods."""

        def __init__(self, r_build: Callable, r_call: Callable, r_compute_output_shape: Callable,
                     **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.r_build = r_build
            self.r_call = r_call
            self.r_compute_output_shape = r_compute_output_shape

        def build(self, input_shape: Any) -> None:
            self.r_build(_shape_as_list(input_shape))
            super().build(input_shape)

        def call(self, inputs: Any, mask: Any = None) -> Any:
            return self.r_call(inputs, mask)

        def compute_output_shape(self, input_shape: Any) -> Any:
            output_shape = self.r_compute_output_shape(_shape_as_list(input_shape))
            # a list of shapes stays one; a single shape becomes a tuple, so that R methods
            # need not return one
            if all(isinstance(x, (tuple, list)) for x in output_shape):
                return [tuple(_shape_from_r(x)) for x in output_shape]
            return tuple(_shape_from_r(output_shape))

    return RLayer


@functools.cache
def r_layer_class() -> type:
    """``RLayer``, a subclass of the installed Keras's ``Layer`` (one engine per process)."""
    return _make_r_layer_class()
