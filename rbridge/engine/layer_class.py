"""The one layer-class factory both engines use: Keras's class of a spec, taught its kind.

:func:`make_layer_class` takes a spec and the Keras base class (``keras.layers.Conv2D``, of
whichever Keras runs) and gives the class rbridge instantiates: ``call`` goes through the
kind (:meth:`rbridge.kinds.base.Kind.call`) with the signature of Keras's own ``call``
(Keras inspects it to pass ``training``/``mask``), and ``compute_output_shape`` and
``get_config`` through the kind where the kind changes them. What differs between Keras 2
and Keras 3 (a mixin, a ``build``, what a shape is) is each engine's, given here as
arguments; nothing here depends on the kind, so a new kind needs no engine edit.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

from ..kinds.base import Kind
from ..specs import LayerSpec


def plain_shape(shape: Any) -> Any:
    """A shape as a tuple of ints/None (a list of such for several inputs), from a tuple, a
    list or Keras 2's TensorShape."""
    if hasattr(shape, "as_list"):
        return tuple(shape.as_list()) if shape.rank is not None else None
    if isinstance(shape, (list, tuple)) and shape and all(
            hasattr(s, "as_list") or isinstance(s, (list, tuple)) or s is None for s in shape) and any(
            hasattr(s, "as_list") or isinstance(s, (list, tuple)) for s in shape):
        return [plain_shape(s) for s in shape]
    return tuple(shape)


def make_layer_class(spec: LayerSpec, base: type, *, mixins: tuple[type, ...] = (), namespace: dict | None = None,
                     module: str = __name__, doc: str = "",
                     to_shape: Callable[[Any], Any] = tuple,
                     after_call: Callable[[Any, Any, Any], Any] | None = None) -> type:
    """``spec``'s layer class over Keras's ``base``.

    ``mixins`` come before ``base`` (Keras 3's R keras arguments); ``namespace`` adds or
    replaces methods (Keras 2's ``build``); ``to_shape`` makes a kind's output shape the
    engine's type (Keras 2: ``tf.TensorShape``); ``after_call(layer, inputs, outputs)``
    finishes a call's outputs (Keras 2 sets graphs' static shapes)."""
    kind: Kind = spec.operation
    keras_call = base.call

    def call(self, inputs, *args, **kwargs):
        outputs = kind.call(spec, self, inputs, functools.partial(keras_call, self), *args, **kwargs)
        return outputs if after_call is None else after_call(self, inputs, outputs)

    # Keras passes `training` and `mask` only to a call whose signature names them: Keras's own.
    call.__signature__ = inspect.signature(keras_call)  # type: ignore[attr-defined]
    attributes = {"_r_spec": spec, "__module__": module, "__qualname__": spec.keras_class, "__doc__": doc,
                  "call": call, **(namespace or {})}
    cls = type(spec.keras_class, (*mixins, base), attributes)

    if type(kind).output_shape is not Kind.output_shape and "compute_output_shape" not in attributes:
        def compute_output_shape(self, input_shape):
            shape = kind.output_shape(spec, self, plain_shape(input_shape))
            if shape is None:
                return super(cls, self).compute_output_shape(input_shape)
            return to_shape(shape)

        cls.compute_output_shape = compute_output_shape
    if type(kind).config is not Kind.config and "get_config" not in attributes:
        def get_config(self):
            return kind.config(spec, self, super(cls, self).get_config())

        cls.get_config = get_config
    return cls
