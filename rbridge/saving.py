"""Loading saved models that hold rbridge layers.

On Keras 3 an rbridge layer is saved as ``rbridge>Conv2D`` (its class name; it keeps R keras's
``batch_input_shape`` and computes on every TensorFlow kernel, which Keras's own class
does not), so loading needs rbridge: :func:`load_model`, or Keras's own ``load_model``
with ``custom_objects=rbridge.custom_objects()``. Without it Keras stops with "Could not
locate class 'Conv2D'" and a config that names ``rbridge``.

On Keras 2 the layer is saved under Keras's own name, so plain Keras (and R keras's
``load_model_hdf5()``/``load_model_tf()``) load it as Keras's ``Conv1DTranspose``;
loading through rbridge gives rbridge's layer back, which also computes channels_first
and dilation on CPUs whose TensorFlow kernel refuses them. The same holds for every class of
the family.
"""

from __future__ import annotations

from typing import Any


def custom_objects() -> dict[str, type]:
    """The ``custom_objects`` that make Keras load rbridge's layers as rbridge's."""
    from .engine import get_engine
    from .specs import SPECS

    engine = get_engine()
    objects = {}
    for spec in SPECS.values():
        layer_class = engine.layer_class_for(spec)
        objects[spec.keras_class] = objects[f"rbridge>{spec.keras_class}"] = layer_class
    return objects


def load_model(filepath: Any, **kwargs: Any) -> Any:
    """``keras.models.load_model`` with rbridge's layers known (any format Keras reads)."""
    from .engine import get_engine

    objects = {**custom_objects(), **kwargs.pop("custom_objects", {})}
    return get_engine().keras.models.load_model(filepath, custom_objects=objects, **kwargs)
