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


# R keras 2.15's save_model_tf() wrote a SavedModel directory that TensorFlow serves and that
# load_model_tf() read back as the whole Keras model. Keras 3 writes SavedModels for inference
# only (model.export()) and reads back only its own .keras files, so on Keras 3 the directory
# holds both: the SavedModel, and the whole model (optimizer state included) in this file.
SAVED_MODEL_KERAS_FILE = "rbridge_model.keras"


def save_saved_model(model: Any, filepath: str) -> None:
    """Keras 3: write R keras 2.15's ``save_model_tf()`` directory at ``filepath``.

    A SavedModel (``saved_model.pb``, ``variables/``: what TensorFlow Serving and
    ``tf.saved_model.load()`` read) with the whole model in ``rbridge_model.keras`` beside it,
    which :func:`saved_model_keras_file` finds for ``load_model_tf()``. Written in a staging
    folder next to ``filepath`` and moved into place once both parts are written, so a failure
    (an unbuilt model, say) leaves nothing half-built and an existing model untouched.
    """
    import os
    import shutil
    import tempfile

    filepath = os.path.abspath(os.fspath(filepath))
    staging = tempfile.mkdtemp(prefix=".rbridge-save-", dir=os.path.dirname(filepath))
    try:
        written = os.path.join(staging, "model")
        model.export(written, verbose=False)
        model.save(os.path.join(written, SAVED_MODEL_KERAS_FILE))
        if os.path.isdir(filepath) and not os.path.islink(filepath):
            shutil.rmtree(filepath)
        elif os.path.lexists(filepath):
            os.remove(filepath)
        os.replace(written, filepath)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def saved_model_keras_file(filepath: str) -> str | None:
    """The whole model inside a directory :func:`save_saved_model` wrote, or None (a
    SavedModel from Keras 2 / R keras 2.15 itself, which Keras 3 cannot load as a model)."""
    import os

    keras_file = os.path.join(os.fspath(filepath), SAVED_MODEL_KERAS_FILE)
    return keras_file if os.path.isfile(keras_file) else None
