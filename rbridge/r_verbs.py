"""R keras 2.15's model verbs (``compile()``, ``fit()``, ``evaluate()``, ``predict()``) for the
R package, with R keras's argument rules (its ``R/model.R``), on models holding rbridge layers.

The R methods (``R/model.R``) hand their R values over like the layer does (read here
through rpy2, R types intact); these functions apply R keras's rules and call Keras:

* data: R double arrays become ``floatx`` (float32) arrays in C order, as R keras's
  ``keras_array()`` does; other types keep theirs. ``validation_data`` is an R list
  ``list(x, y)`` (or ``list(x, y, sample_weight)``).
* ``as.integer`` on ``epochs``, ``batch_size``, ``initial_epoch``, ``steps``;
  ``batch_size`` defaults to 32; ``verbose`` is ``"auto"`` or ``as.integer``.
* ``fit()`` gives the history's ``params`` and ``metrics`` (each a numeric vector; the R
  side makes a ``keras_training_history``); ``evaluate()`` gives the metrics by name.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .coercers import logical, nullable_positive_integer
from .errors import RArgumentError
from .rvalues import as_integer, r_repr


def _integer(value: Any, argument: str, minimum: int = 0) -> int:
    number = as_integer(value, argument)
    if not isinstance(number, int) or number < minimum:
        raise RArgumentError(argument, r_repr(value), f"must be an integer >= {minimum}")
    return number


def _verbose(value: Any) -> Any:
    return "auto" if value == "auto" else _integer(value, "verbose")


def _batch_size(value: Any) -> int:
    return 32 if value is None else nullable_positive_integer(value, "batch_size")


def keras_array(value: Any, argument: str, floatx: str) -> Any:
    """R keras's ``keras_array()``: double data as ``floatx``, C order; lists element-wise."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [keras_array(v, argument, floatx) for v in value]
    if isinstance(value, (int, float, bool)):
        value = np.asarray([value])
    if not isinstance(value, np.ndarray):
        raise RArgumentError(argument, r_repr(value), "must be an R array (or vector) of data")
    if value.dtype == np.float64:
        return np.ascontiguousarray(value, dtype=floatx)
    return np.ascontiguousarray(value)


def _floatx(model: Any) -> str:
    from .engine import get_engine

    return get_engine().keras.backend.floatx()


def compile(object: Any, optimizer: Any = None, loss: Any = None, metrics: Any = None,
            loss_weights: Any = None, weighted_metrics: Any = None, run_eagerly: Any = None,
            steps_per_execution: Any = None, **ignored: Any) -> Any:
    """``compile(object, optimizer, loss, metrics, ...)``; returns the model (R keras returns
    it invisibly)."""
    kwargs: dict[str, Any] = {"optimizer": "rmsprop" if optimizer is None else optimizer, "loss": loss}
    if metrics is not None:
        kwargs["metrics"] = metrics if isinstance(metrics, list) else [metrics]
    if weighted_metrics is not None:
        kwargs["weighted_metrics"] = weighted_metrics if isinstance(weighted_metrics, list) else [weighted_metrics]
    if loss_weights is not None:
        kwargs["loss_weights"] = loss_weights
    if run_eagerly is not None:
        kwargs["run_eagerly"] = logical(run_eagerly, "run_eagerly")
    if steps_per_execution is not None:
        kwargs["steps_per_execution"] = _integer(steps_per_execution, "steps_per_execution", 1)
    object.compile(**kwargs)
    return object


def fit(object: Any, x: Any = None, y: Any = None, batch_size: Any = None, epochs: Any = 10,
        verbose: Any = "auto", callbacks: Any = None, view_metrics: Any = "auto",
        validation_split: Any = 0.0, validation_data: Any = None, shuffle: Any = True,
        class_weight: Any = None, sample_weight: Any = None, initial_epoch: Any = 0,
        steps_per_epoch: Any = None, validation_steps: Any = None, **ignored: Any) -> dict:
    """``fit()``: trains, and returns the history as ``{"params": ..., "metrics": ...}``."""
    floatx = _floatx(object)
    split = float(validation_split)
    if not 0.0 <= split < 1.0:
        raise RArgumentError("validation_split", r_repr(validation_split), "must be in [0, 1)")
    kwargs: dict[str, Any] = dict(
        batch_size=_batch_size(batch_size) if steps_per_epoch is None else None,
        epochs=_integer(epochs, "epochs", 0), verbose=_verbose(verbose), validation_split=split,
        shuffle=logical(shuffle, "shuffle"), initial_epoch=_integer(initial_epoch, "initial_epoch", 0),
        sample_weight=keras_array(sample_weight, "sample_weight", floatx),
    )
    if class_weight is not None:
        kwargs["class_weight"] = {int(k): float(v) for k, v in dict(class_weight).items()}
    if validation_data is not None:
        if not isinstance(validation_data, list) or len(validation_data) not in (2, 3):
            raise RArgumentError("validation_data", r_repr(validation_data), "must be list(x, y) or list(x, y, sample_weight)")
        kwargs["validation_data"] = tuple(keras_array(v, "validation_data", floatx) for v in validation_data)
    if steps_per_epoch is not None:
        kwargs["steps_per_epoch"] = _integer(steps_per_epoch, "steps_per_epoch", 1)
    if validation_steps is not None:
        kwargs["validation_steps"] = _integer(validation_steps, "validation_steps", 1)
    if callbacks is not None:
        kwargs["callbacks"] = callbacks if isinstance(callbacks, list) else [callbacks]
    history = object.fit(keras_array(x, "x", floatx), keras_array(y, "y", floatx), **kwargs)
    params = {k: v for k, v in dict(history.params).items() if v is not None}
    metrics = {name: [float(np.mean(v)) for v in values] for name, values in history.history.items()}
    return {"params": params, "metrics": metrics}


def evaluate(object: Any, x: Any = None, y: Any = None, batch_size: Any = None, verbose: Any = "auto",
             sample_weight: Any = None, steps: Any = None, callbacks: Any = None, **ignored: Any) -> dict:
    """``evaluate()``: the loss and metrics, by name."""
    floatx = _floatx(object)
    kwargs: dict[str, Any] = dict(batch_size=_batch_size(batch_size) if steps is None else None,
                                  verbose=_verbose(verbose),
                                  sample_weight=keras_array(sample_weight, "sample_weight", floatx))
    if steps is not None:
        kwargs["steps"] = _integer(steps, "steps", 1)
    if callbacks is not None:
        kwargs["callbacks"] = callbacks if isinstance(callbacks, list) else [callbacks]
    result = object.evaluate(keras_array(x, "x", floatx), keras_array(y, "y", floatx), return_dict=True, **kwargs)
    return {name: float(value) for name, value in result.items()}


def predict(object: Any, x: Any, batch_size: Any = None, verbose: Any = "auto", steps: Any = None,
            callbacks: Any = None, **ignored: Any) -> Any:
    """``predict()``: the predictions (an R array on the R side)."""
    if not isinstance(x, np.ndarray):
        raise RArgumentError("x", r_repr(x), "must be an array")
    kwargs: dict[str, Any] = dict(batch_size=_batch_size(batch_size) if steps is None else None,
                                  verbose=_verbose(verbose))
    if steps is not None:
        kwargs["steps"] = _integer(steps, "steps", 1)
    if callbacks is not None:
        kwargs["callbacks"] = callbacks if isinstance(callbacks, list) else [callbacks]
    return object.predict(keras_array(x, "x", _floatx(object)), **kwargs)
