"""Replaying a case through rbridge, and describing what a call gave in the cases' schema.

:func:`replay` evaluates the case's R source with rpy2 (source the sandbox has already
evaluated within its limits), hands the R objects to the case's rbridge function (or, with
``values="python"``, their plain Python equivalents) and describes what came back with
:func:`describe`, the same code live mode describes R keras's result with.
"""

from __future__ import annotations

import json
import time
import warnings
from typing import Any, Callable

import numpy as np

from ..errors import RBridgeError
from .cases import case_function, spec_of
from .r_session import evaluate_r


def layer_function(case: dict) -> Callable[..., Any]:
    from ..layers import FUNCTIONS

    return FUNCTIONS[case_function(case)]


def _array(value: Any) -> dict:
    array = np.asarray(value)
    return {"shape": list(array.shape), "data": array.ravel(order="C").tolist()}


def _shape(shape: Any) -> list:
    return [None if d is None else int(d) for d in shape]


def _conv_layer(obj: Any, spec: Any = None) -> Any:
    """The family layer in what a call gave: the layer itself, the layer that made a
    symbolic tensor (or the first of a list of them: ConvLSTM2D's return_state), or the
    model's layer of Keras's class ``spec.keras_class`` (rbridge's layers subclass it, and R
    keras makes Keras's own)."""
    from ..engine import get_engine

    layers = get_engine().keras.layers
    keras_class = getattr(layers, spec.keras_class, None) or getattr(layers, spec.keras3_class) if spec else \
        layers.Conv1DTranspose  # (Keras 3 has no ThresholdedReLU: its ReLU, spec.keras3_class)
    if isinstance(obj, keras_class):
        return obj
    first = obj[0] if isinstance(obj, (list, tuple)) and obj else obj
    history = getattr(first, "_keras_history", None)
    if history is not None:  # a symbolic output tensor: the layer that made it
        return history[0]
    return next(layer for layer in obj.layers if isinstance(layer, keras_class))


def replay(case: dict, values: str = "r") -> dict:
    """Run one case through rbridge; return its result in the fixtures' schema.

    ``values="r"`` passes the R objects as rpy2 gives them; ``values="python"``
    passes their plain Python equivalents (lists, floats, None, NumPy arrays).
    """
    from ..convert import named_elements, to_python
    from ..engine import get_engine

    engine = get_engine()
    keras = engine.keras
    function = layer_function(case)

    r_args = evaluate_r(case["args"])
    kwargs = {k: v for k, v in named_elements(r_args).items() if k}
    # Unnamed elements of `args` are positional, after the object (merges: layer_add(a, b)).
    positional = _unnamed_elements(r_args)
    r_input = evaluate_r(case.get("input"))
    if values == "python":
        kwargs = {k: to_python(v) for k, v in kwargs.items()}
        positional = [to_python(v) for v in positional]
        r_input = to_python(r_input)

    kind = case["object"]
    result: dict[str, Any] = {}
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if kind == "missing":
                out = function(*positional, **kwargs)
            elif kind == "null":
                out = function(None, *positional, **kwargs)
            elif kind == "sequential":
                model = keras.Sequential()
                out = function(model, **kwargs)
                result.update(same_object=out is model, n_layers=len(out.layers))
            elif kind == "tensor":
                # layer_input(shape = <input>): NULL and NA are unknown dimensions.
                shape = tuple(None if _na(d) else int(d) for d in _as_list(to_python(r_input)))
                tensor = keras.Input(shape=shape)
                out = function(tensor, **kwargs)
            elif kind in ("tensors", "tensors_dots"):
                # merges: one layer_input() per shape, as one list or spread over `...`
                tensors = [keras.Input(shape=tuple(None if _na(d) else int(d) for d in _as_list(s)))
                           for s in _as_list(to_python(r_input))]
                out = function(tensors, *positional, **kwargs) if kind == "tensors" else \
                    function(*tensors, *positional, **kwargs)
            elif kind == "array":
                out = function(r_input, *positional, **kwargs)
            else:
                raise ValueError(f"unknown object kind {kind!r}")
            result.update(describe(case, out, r_input))
        except RBridgeError as exc:
            result = {"kind": "error", "error": {"message": str(exc), "class": type(exc).__name__,
                                                 "argument": getattr(exc, "argument", None)}}
        except Exception as exc:  # noqa: BLE001 - an unexpected failure is a finding, not a crash
            result = {"kind": "error", "error": {"message": f"{type(exc).__name__}: {exc}",
                                                 "class": type(exc).__name__, "argument": None,
                                                 "unexpected": True}}
    result["seconds"] = time.perf_counter() - started
    result["warnings"] = [str(w.message) for w in caught if issubclass(w.category, UserWarning)
                          and w.category.__module__.startswith("rbridge")]
    return result


def _unnamed_elements(r_list: Any) -> list:
    """The elements of an R list that have no name (NULL as None), unconverted."""
    from ..convert import _objects
    from ..rlock import locked

    with locked():
        names = _objects.attribute(r_list, "names")
        count = len(r_list) if hasattr(r_list, "__len__") else 0
        return [_objects.element(r_list, i) for i in range(count) if names is None or not str(names[i])]


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _na(value: Any) -> bool:
    from ..rvalues import is_na

    return value is None or is_na(value)


def _output(out: Any) -> dict:
    """A computed output as an array. ConvLSTM2D with ``return_state`` gives a list (the
    output, then the states h and c): stacked along a new first axis when their shapes agree,
    else their values one after the other (shape [total])."""
    if isinstance(out, (list, tuple)):
        arrays = [np.asarray(o) for o in out]
        if all(a.shape == arrays[0].shape for a in arrays):
            return _array(np.stack(arrays))
        return _array(np.concatenate([a.ravel(order="C") for a in arrays]))
    return _array(np.asarray(out))


def _first(out: Any) -> Any:
    return out[0] if isinstance(out, (list, tuple)) and out else out


def describe(case: dict, out: Any, r_input: Any) -> dict:
    """What a call gave for ``case`` (``out``: rbridge's or R keras's), in the fixtures'
    result schema."""
    from ..convert import to_python
    from ..engine import get_engine

    engine = get_engine()
    kind = case["object"]
    result: dict[str, Any] = {}
    if kind == "array":
        result["kind"] = "array"
        result["output"] = _output(out)
        return result
    layer = _conv_layer(out, spec_of(case))
    if kind == "sequential":
        result["kind"] = "model"
        try:
            result["model_output_shape"] = _shape(out.output_shape)
        except (AttributeError, ValueError):
            result["model_output_shape"] = None
    elif kind in ("tensor", "tensors", "tensors_dots"):
        result["kind"] = "tensor"
        result["output_shape"] = _shape(_first(out).shape)
    else:
        result["kind"] = "layer"
    if case.get("set_weights"):
        layer.set_weights([np.asarray(w) for w in to_python(evaluate_r(case["set_weights"]))])
    if case.get("input") and kind in ("missing", "null"):
        x = np.asarray(to_python(r_input))
        # "training": one call in training mode (BatchNormalization's moving statistics are
        # then in the weights described below).
        result["output"] = _output(layer(x, training=True) if case.get("training") else layer(x))
    elif case.get("input") and kind == "sequential":
        x = np.asarray(to_python(r_input))
        # The model called on the data: predict()'s numbers, without a tf.function per case.
        result["output"] = _output(out(x, training=False))
    # Keras 2.15 keeps some numbers as 0-d NumPy arrays (ReLU's negative_slope, threshold).
    result["config"] = json.loads(json.dumps(engine.r_keras_config(layer.get_config()),
                                             default=lambda v: v.tolist() if hasattr(v, "tolist") else list(v)))
    result["built"] = bool(layer.built)
    result["weights"] = [_array(w) for w in layer.get_weights()]
    return result


