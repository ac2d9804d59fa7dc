"""Engine adapters: what differs between the Keras that runs the layer and R keras 2.15.

:func:`get_engine` imports Keras on first use (so ``import rbridge`` stays cheap)
and picks the adapter for the installed Keras. Keras 3 (TensorFlow >= 2.16) is
the default engine; Keras 2 (TensorFlow 2.15, what R keras 2.15 runs on) takes R
keras's arguments natively (``keras2.py``), so rbridge and R keras can share one
TensorFlow in one process. Both share :mod:`.base` and :mod:`.preflight`.
"""

from __future__ import annotations

import functools
from typing import Any, Protocol

from ..errors import RBridgeError


class Engine(Protocol):
    """What the rest of rbridge asks of an engine (implemented in base.BaseEngine and its
    Keras 3 / Keras 2 subclasses)."""

    name: str
    keras: Any

    def layer_class_for(self, spec: Any) -> type: ...
    def take_layer_name(self, spec: Any) -> str: ...
    def validate(self, spec: Any, kwargs: dict[str, Any]) -> None: ...
    def make_layer(self, spec: Any, kwargs: dict[str, Any]) -> Any: ...
    def object_kind(self, obj: Any) -> str: ...
    def add_to_sequential(self, model: Any, layer: Any) -> Any: ...
    def call_symbolic(self, layer: Any, tensor: Any) -> Any: ...
    def call_eager(self, layer: Any, array: Any) -> Any: ...
    def is_data(self, value: Any) -> bool: ...
    def is_tensor(self, obj: Any) -> bool: ...
    def convert(self, array: Any, dtype: str) -> Any: ...
    def to_tensor(self, array: Any, dtype: str) -> Any: ...
    def transpose(self, tensor: Any, axes: tuple[int, ...]) -> Any: ...
    def r_keras_config(self, config: dict) -> dict: ...


@functools.lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The adapter for the installed Keras (imported here, once)."""
    try:
        import keras
    except ImportError as exc:  # TensorFlow/Keras is a runtime dependency; say how to get it
        raise RBridgeError(
            "rbridge needs TensorFlow's Keras to build layers, and it could not be imported "
            f"({exc}). Install it with: pip install tensorflow-cpu (or tensorflow for a GPU)."
        ) from exc
    major = int(keras.__version__.split(".")[0])
    if major >= 3:
        from .keras3 import Keras3Engine

        return Keras3Engine(keras)
    from .keras2 import Keras2Engine

    return Keras2Engine(keras)
