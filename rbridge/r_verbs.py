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

import types
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
        if value and all(isinstance(v, (int, float, bool)) and not isinstance(v, np.ndarray) for v in value):
            # a plain R vector (the hand-off gives a list of numbers): a 1-D array, as R keras
            value = np.asarray(value, dtype=np.float64 if any(isinstance(v, float) for v in value) else None)
        else:
            return [keras_array(v, argument, floatx) for v in value]
    if isinstance(value, (int, float, bool)):
        value = np.asarray([value])
    if isinstance(value, dict):  # a named list: inputs or outputs by name
        return {k: keras_array(v, argument, floatx) for k, v in value.items()}
    if not isinstance(value, np.ndarray):
        if isinstance(value, str) or not hasattr(value, "__iter__") and not hasattr(value, "shape"):
            raise RArgumentError(argument, r_repr(value), "must be an R array (or vector) of data")
        if hasattr(value, "__next__") and not isinstance(value, types.GeneratorType) and _keras3():
            return (item for item in value)  # an R generator (reticulate's iterator): Keras 3 takes generators
        return value  # a Python object of data (a tensor, a tf.data.Dataset, an iterator): as is
    if value.dtype == np.float64:
        return np.ascontiguousarray(value, dtype=floatx)
    return np.ascontiguousarray(value)


def targets(model: Any, y: Any, argument: str, floatx: str) -> Any:
    """``y`` as Keras takes it. Where the model's outputs are named (a functional model made
    from a named list of outputs), an unnamed list ``y`` is refused, as Keras 2.15 refused it
    (its "two structures don't have the same sequence type", from inside training). Keras 3
    pairs the list with the outputs in order instead, silently."""
    if isinstance(y, (list, tuple)) and len(y) > 1 and not _is_plain_vector(y):
        struct = getattr(model, "_outputs_struct", None)  # Keras 3
        if struct is None:
            struct = getattr(model, "_nested_outputs", None)  # Keras 2.15
        if isinstance(struct, dict):
            raise RArgumentError(
                argument, f"an unnamed list of {len(y)}",
                f"must be a named list: the model's outputs are named ({', '.join(map(str, struct))})",
                "name each target as its output, as R keras 2.15 (Keras 2.15) requires")
    return keras_array(y, argument, floatx)


def _is_plain_vector(value: Any) -> bool:
    return all(isinstance(v, (int, float, bool)) for v in value)


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
        kwargs["class_weight"] = _class_weight(class_weight)
    if validation_data is not None and not isinstance(validation_data, (list, np.ndarray)):
        kwargs["validation_data"] = keras_array(validation_data, "validation_data", floatx)  # a dataset or generator
    elif validation_data is not None:
        if not isinstance(validation_data, list) or len(validation_data) not in (2, 3):
            raise RArgumentError("validation_data", r_repr(validation_data), "must be list(x, y) or list(x, y, sample_weight)")
        x_val, y_val, *weights = validation_data
        kwargs["validation_data"] = (keras_array(x_val, "validation_data", floatx),
                                     targets(object, y_val, "validation_data", floatx),
                                     *(keras_array(w, "validation_data", floatx) for w in weights))
    if steps_per_epoch is not None:
        kwargs["steps_per_epoch"] = _integer(steps_per_epoch, "steps_per_epoch", 1)
    if validation_steps is not None:
        kwargs["validation_steps"] = _integer(validation_steps, "validation_steps", 1)
    if callbacks is not None:
        kwargs["callbacks"] = callbacks if isinstance(callbacks, list) else [callbacks]
    history = object.fit(keras_array(x, "x", floatx), targets(object, y, "y", floatx), **kwargs)
    params = {k: v for k, v in dict(history.params).items() if v is not None}
    metrics = {name: [float(np.mean(v)) for v in history.history[key]]
               for key, name in _history_names(object, history.history)}
    return {"params": params, "metrics": metrics}


def _metric_names(model: Any) -> list[str]:
    """The model's metric names in Keras 2.15's order: the loss (and the outputs' losses)
    first, then the compiled metrics in compile() order (Keras 3's own ordering of
    ``evaluate()``'s list, ``Trainer._flatten_metrics_in_order``; Keras 2's ``metrics_names``)."""
    names: list[str] = []
    for metric in getattr(model, "metrics", []):
        inner = getattr(metric, "metrics", None)
        if type(metric).__name__ == "CompileMetrics" and inner is not None:
            names += [m.name for m in inner]
        else:
            names.append(metric.name)
    return names


# Keras 3 logs the learning rate as "learning_rate", Keras 2.15 (so R keras 2.15) as "lr".
_KERAS215_LOG_NAMES = {"learning_rate": "lr"}


def _history_names(model: Any, logs: dict) -> list[tuple[str, str]]:
    """(key, R keras 2.15's name) of each history entry, in Keras 2.15's order: the metrics in
    compile order, then their validation values in the same order, then what callbacks
    added (Keras 3 sorts the keys alphabetically)."""
    order = _metric_names(model)
    keys = list(logs)
    ordered = [k for k in order if k in logs]
    ordered += [f"val_{k}" for k in order if f"val_{k}" in logs]
    rest = [k for k in keys if k not in ordered]
    train_rest = [k for k in rest if not k.startswith("val_") and k not in _KERAS215_LOG_NAMES]
    val_rest = [k for k in rest if k.startswith("val_")]
    callbacks = [k for k in rest if k in _KERAS215_LOG_NAMES]
    ordered = [k for k in order if k in logs] + train_rest
    ordered += [f"val_{k}" for k in order if f"val_{k}" in logs] + val_rest + callbacks
    return [(k, _KERAS215_LOG_NAMES.get(k, k)) for k in ordered]


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
    result = object.evaluate(keras_array(x, "x", floatx), targets(object, y, "y", floatx), return_dict=True, **kwargs)
    return {name: float(np.mean(result[key])) for key, name in _history_names(object, result)}


def predict(object: Any, x: Any, batch_size: Any = None, verbose: Any = "auto", steps: Any = None,
            callbacks: Any = None, **ignored: Any) -> Any:
    """``predict()``: the predictions (an R array on the R side)."""
    kwargs: dict[str, Any] = dict(batch_size=_batch_size(batch_size) if steps is None else None,
                                  verbose=_verbose(verbose))
    if steps is not None:
        kwargs["steps"] = _integer(steps, "steps", 1)
    if callbacks is not None:
        kwargs["callbacks"] = callbacks if isinstance(callbacks, list) else [callbacks]
    return object.predict(keras_array(x, "x", _floatx(object)), **kwargs)


def predict_on_batch(object: Any, x: Any) -> Any:
    """``predict_on_batch(object, x)``: the predictions for one batch (an R array)."""
    return np.asarray(object.predict_on_batch(keras_array(x, "x", _floatx(object))))


def _batch_result(result: Any) -> list[float]:
    if isinstance(result, dict):
        return [float(np.mean(v)) for v in result.values()]
    if isinstance(result, (list, tuple)):
        return [float(np.mean(v)) for v in result]
    return [float(np.mean(result))]


def _class_weight(class_weight: Any) -> Any:
    if class_weight is None:
        return None
    return {int(k): float(v) for k, v in dict(class_weight).items()}


def train_on_batch(object: Any, x: Any, y: Any, class_weight: Any = None, sample_weight: Any = None) -> list:
    """``train_on_batch()``: the loss, then the metrics in compile() order (Keras 2.15's list)."""
    floatx = _floatx(object)
    result = object.train_on_batch(keras_array(x, "x", floatx), targets(object, y, "y", floatx),
                                   sample_weight=keras_array(sample_weight, "sample_weight", floatx),
                                   class_weight=_class_weight(class_weight), return_dict=True)
    return [float(np.mean(result[key])) for key, _ in _history_names(object, result)]


def test_on_batch(object: Any, x: Any, y: Any, sample_weight: Any = None) -> list:
    """``test_on_batch()``: the loss, then the metrics in compile() order."""
    floatx = _floatx(object)
    result = object.test_on_batch(keras_array(x, "x", floatx), targets(object, y, "y", floatx),
                                  sample_weight=keras_array(sample_weight, "sample_weight", floatx),
                                  return_dict=True)
    return [float(np.mean(result[key])) for key, _ in _history_names(object, result)]


# The functions above, for rbridge.from_r's table.
R_FUNCTIONS = {"predict_on_batch": predict_on_batch, "train_on_batch": train_on_batch,
               "test_on_batch": test_on_batch}


# ----------------------------------------------------------------- R keras's model functions

def keras_model(inputs: Any, outputs: Any = None, **kwargs: Any) -> Any:
    """``keras_model(inputs, outputs, ...)``: Keras's functional ``Model``, as R keras 2.15's."""
    from .engine import get_engine

    keras = get_engine().keras
    if "name" in kwargs and kwargs["name"] is not None:
        from .coercers import string_or_null

        kwargs["name"] = string_or_null(kwargs["name"], "name")
    elif _keras3():  # Keras 2.15's "model", "model_1", ... (Keras 3: "functional")
        from .keras215_names import model_name

        kwargs["name"] = model_name()
    return _unique_output_names(keras.Model(inputs=inputs, outputs=outputs, **kwargs))


def _unique_output_names(model: Any) -> Any:
    """Keras 2.15 gave a functional model's outputs unique names (``name``, ``name_1``, ...);
    Keras 3 keeps duplicates (two outputs of one nested model: R keras's mnist_acgan.R), and its
    per-output losses then share one key: ``evaluate()`` loses one, ``train_on_batch()``
    reports one twice. Keras 2.15's names, by Keras 2.15's rule."""
    names = getattr(model, "output_names", None)
    if not isinstance(names, list) or len(set(names)) == len(names):
        return model
    taken: set[str] = set()
    counts: dict[str, int] = {}
    unique = []
    for name in names:
        proposal = name
        while proposal in taken:
            count = counts.get(name, 1)
            proposal = f"{name}_{count}"
            counts[name] = count + 1
        taken.add(proposal)
        unique.append(proposal)
    model.output_names = unique
    return model


class RArrays(list):
    """Data results that go back to R as a list of R arrays (``get_weights()``)."""


def get_weights(object: Any, trainable: Any = None) -> RArrays:
    """R keras's ``get_weights(object, trainable = NA)``: every weight (``NA``), the trainable
    ones (``TRUE``) or the others (``FALSE``), as R arrays."""
    if trainable is None:
        values = object.get_weights()
    elif trainable is True or trainable is False:
        variables = object.trainable_weights if trainable else object.non_trainable_weights
        values = [np.asarray(v.numpy()) for v in variables]
    else:
        raise RArgumentError("trainable", r_repr(trainable), "must be NA, TRUE, or FALSE")
    return RArrays(np.asarray(v) for v in values)


def set_weights(object: Any, weights: Any) -> Any:
    """R keras's ``set_weights(object, weights)``: ``weights`` is an R list of R arrays (as
    ``get_weights()`` gives), in the order of ``object$weights``."""
    if not isinstance(weights, (list, tuple)):
        raise RArgumentError("weights", r_repr(weights), "must be a list of R arrays, as get_weights() gives")
    expected = object.get_weights()
    if len(weights) != len(expected):
        raise RArgumentError("weights", f"a list of {len(weights)}",
                             f"must hold {len(expected)} arrays, one per weight of {object.name}")
    arrays = []
    for i, (given, current) in enumerate(zip(weights, expected)):
        value = np.asarray(given, dtype=current.dtype)
        if value.size == current.size and value.shape != current.shape and value.ndim <= 1:
            value = value.reshape(current.shape)  # an R vector for a 1-D weight
        if value.shape != current.shape:
            raise RArgumentError("weights", f"weights[[{i + 1}]] of dim c({', '.join(map(str, value.shape))})",
                                 f"must have dim c({', '.join(map(str, current.shape))})")
        arrays.append(value)
    object.set_weights(arrays)
    return object


def _output_shape(layer: Any, is_input: bool) -> str:
    """Keras 2's ``layer.output_shape`` as its summary printed it."""
    try:
        output = layer.output
    except (AttributeError, ValueError, RuntimeError):
        return "multiple"
    if isinstance(output, (list, tuple)):
        return str([tuple(o.shape) for o in output])
    shape = tuple(output.shape)
    return str([shape]) if is_input else str(shape)


def _memory_size(weights: Any) -> int:
    unique = {id(w): w for w in weights}.values()
    total = 0
    for w in unique:
        shape = tuple(w.shape)
        if None in shape:
            continue
        total += int(np.prod(shape, dtype=np.int64)) * np.dtype(getattr(w.dtype, "name", w.dtype)).itemsize
    return total


def _readable_memory_size(size: float) -> str:
    units = ["Byte", "KB", "MB", "GB", "TB", "PB"]
    for unit in units:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} {units[-1]}"


def _count(weights: Any) -> int:
    unique = {id(w): w for w in weights}.values()
    return int(sum(int(np.prod(tuple(w.shape), dtype=np.int64)) for w in unique))


def summary_lines(object: Any, line_length: Any = None, positions: Any = None, expand_nested: Any = False,
                  show_trainable: Any = False) -> list[str]:
    """Keras 2.15's ``model.summary()`` table (``keras.utils.layer_utils.print_summary``), which
    R keras 2.15's ``summary()``/``format()``/``print()`` show, for a Keras 3 model: the layer
    rows (Layer (type), Output Shape, Param #, and Connected to for a model that is not a
    plain stack), then the totals with their memory sizes."""
    model = object
    show_trainable = bool(show_trainable)
    nodes_by_depth = getattr(model, "_nodes_by_depth", None)
    sequential_like = True
    relevant_nodes: list[Any] = []
    if type(model).__name__ != "Sequential" and nodes_by_depth:
        for nodes in nodes_by_depth.values():
            relevant_nodes += nodes
            if len(nodes) > 1 or (len(nodes) == 1 and len(nodes[0].input_tensors) > 1):
                sequential_like = False
        if sequential_like:  # a layer used twice (shared) is not a plain stack either
            for layer in model.layers:
                if sum(node in relevant_nodes for node in layer._inbound_nodes) > 1:
                    sequential_like = False
    line_length = None if line_length is None else int(line_length)
    if sequential_like:
        line_length = line_length or 65
        positions = list(positions or [0.45, 0.85, 1.0])
        header = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = list(positions or [0.3, 0.6, 0.70, 1.0])
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    if show_trainable:
        line_length += 11
        positions.append(line_length)
        header.append("Trainable")

    lines: list[str] = []

    def row(fields: list[Any], nested_level: int = 0) -> None:
        left = [str(x) for x in fields]
        while any(left):
            line = ""
            for col in range(len(left)):
                start = positions[col - 1] if col > 0 else 0
                end = positions[col]
                space = 2 if col != len(positions) - 1 else 0
                cutoff = end - start - space
                if col != len(positions) - 1:
                    cutoff -= 1
                if col == 0:
                    cutoff -= nested_level
                fit = left[col][:cutoff]
                candidates = [fit.find(x) + len(x) for x in ("),", "},", "],", "',") if fit.find(x) >= 0]
                if candidates:
                    cutoff = min(candidates)
                    fit = fit[:cutoff]
                if col == 0:
                    line += "|" * nested_level + " "
                line += fit
                line += " " * space if space else ""
                left[col] = left[col][cutoff:]
                if nested_level and col == len(positions) - 1:
                    line += " " * (positions[col] - len(line) - nested_level)
                else:
                    line += " " * (positions[col] - len(line))
            line += "|" * nested_level
            lines.append(line)

    def layer_row(layer: Any, nested_level: int) -> None:
        is_input = type(layer).__name__ == "InputLayer"
        if not layer.built and not is_input:
            params: Any = "0 (unused)"
        else:
            params = layer.count_params() if not is_input else 0
        fields = [f"{layer.name} ({type(layer).__name__})", _output_shape(layer, is_input), params]
        if not sequential_like:
            connections = []
            for node in layer._inbound_nodes:
                if relevant_nodes and node not in relevant_nodes:
                    continue
                for tensor in node.input_tensors:
                    history = tensor._keras_history
                    connections.append(f"{history.operation.name}[{history.node_index}][{history.tensor_index}]")
            fields.append(connections)
        if show_trainable:
            fields.append("Y" if layer.trainable else "N")
        row(fields, nested_level)

    def print_layer(layer: Any, nested_level: int = 0, is_nested_last: bool = False) -> None:
        layer_row(layer, nested_level)
        if expand_nested and getattr(layer, "layers", None):
            lines.append("|" * (nested_level + 1) + "¯" * (line_length - 2 * nested_level - 2)
                         + "|" * (nested_level + 1))
            for i, inner in enumerate(layer.layers):
                print_layer(inner, nested_level + 1, i == len(layer.layers) - 1)
            lines.append("|" * nested_level + "¯" * (line_length - 2 * nested_level) + "|" * nested_level)
        if not is_nested_last:
            lines.append("|" * nested_level + " " * (line_length - 2 * nested_level) + "|" * nested_level)

    lines.append(f'Model: "{model.name}"')
    lines.append("_" * line_length)
    row(header)
    lines.append("=" * line_length)
    for layer in model.layers:
        print_layer(layer)
    lines.append("=" * line_length)
    trainable, non_trainable = model.trainable_weights, model.non_trainable_weights
    n_trainable, n_other = _count(trainable), _count(non_trainable)
    size_trainable, size_other = _memory_size(trainable), _memory_size(non_trainable)
    lines.append(f"Total params: {n_trainable + n_other} ({_readable_memory_size(size_trainable + size_other)})")
    lines.append(f"Trainable params: {n_trainable} ({_readable_memory_size(size_trainable)})")
    lines.append(f"Non-trainable params: {n_other} ({_readable_memory_size(size_other)})")
    lines.append("_" * line_length)
    return lines


# ------------------------------------------------- HDF5 models (R keras 2.15's load_model_hdf5())

def _h5_metric(entry: Any, custom_objects: dict) -> Any:
    """One metric of an HDF5 file's training config (Keras 2.15 or Keras 3 wrote it) as
    Keras 3's compile() takes it: a name, or a metric object."""
    if isinstance(entry, str):
        return custom_objects.get(entry, entry)
    if isinstance(entry, dict) and "class_name" in entry:
        config = entry.get("config", {})
        if entry["class_name"] in ("MeanMetricWrapper", "function"):
            name = config.get("name", config) if isinstance(config, dict) else config
            return custom_objects.get(name, name)
        from .engine import get_engine

        keras = get_engine().keras
        try:
            return keras.metrics.deserialize({"class_name": entry["class_name"].split(">")[-1], "config": config},
                                             custom_objects=custom_objects)
        except (ValueError, TypeError):
            return config.get("name")
    return entry


def _h5_flat(value: Any, convert) -> Any:
    if isinstance(value, list):
        flat = [_h5_flat(v, convert) for v in value]
        # Keras 2.15 nests a single output's metrics: [[m1, m2]]
        return flat[0] if len(flat) == 1 and isinstance(flat[0], list) else flat
    if isinstance(value, dict) and "class_name" not in value:
        return {k: _h5_flat(v, convert) for k, v in value.items()}
    return convert(value)


def load_model_hdf5(filepath: str, custom_objects: Any = None) -> Any:
    """R keras 2.15's ``load_model_hdf5(compile = TRUE)`` on Keras 3: Keras 3 reads the model
    but cannot compile it from an R keras 2.15 file (``loss = "mse"`` fails; other losses come
    back with the default learning rate and an optimizer that cannot train), so the model is
    read uncompiled and compiled here from the file's training config: its optimizer with its
    settings (learning rate included; the optimizer's saved state is not restored), loss,
    metrics and loss weights."""
    import json

    import h5py

    from .engine import get_engine

    keras = get_engine().keras
    custom_objects = {**_custom_objects_in_scope(keras), **dict(custom_objects or {})}
    model = keras.models.load_model(filepath, custom_objects=custom_objects, compile=False)
    with h5py.File(filepath, "r") as f:
        raw = f.attrs.get("training_config")
    if raw is None:
        return model
    config = json.loads(raw.decode() if isinstance(raw, bytes) else raw)
    optimizer = config.get("optimizer_config")
    if optimizer is not None:
        settings = {k: v for k, v in optimizer["config"].items() if k not in ("jit_compile", "is_legacy_optimizer")}
        optimizer = keras.optimizers.get({"class_name": optimizer["class_name"].split(">")[-1], "config": settings})
    loss = _h5_flat(config.get("loss"), lambda v: _h5_metric(v, custom_objects))
    kwargs: dict[str, Any] = {"optimizer": optimizer or "rmsprop", "loss": loss}
    for key in ("metrics", "weighted_metrics"):
        if config.get(key):
            kwargs[key] = _h5_flat(config[key], lambda v: _h5_metric(v, custom_objects))
    if config.get("loss_weights") is not None:
        kwargs["loss_weights"] = config["loss_weights"]
    model.compile(**kwargs)
    return model


def _custom_objects_in_scope(keras: Any) -> dict:
    """Keras's registered custom objects and those of an enclosing ``custom_object_scope()``
    (R keras's ``with_custom_object_scope()``)."""
    objects = dict(keras.saving.get_custom_objects())
    try:
        from keras.src.backend.common import global_state

        objects.update(global_state.get_global_attribute("custom_objects_scope_dict", {}) or {})
    except ImportError:  # Keras 2: its loader reads the scope itself
        pass
    return objects


def _keras3() -> bool:
    from .engine import get_engine

    return not get_engine().keras.__version__.startswith("2.")
