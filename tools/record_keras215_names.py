"""Record what every name R keras 2.15 accepts computes under Keras 2.15.

Run with the Keras 2 environment (TensorFlow 2.15.1, Keras 2.15)::

    .venv-keras2/bin/python tools/record_keras215_names.py

R keras 2.15 hands activation, initializer, regularizer and constraint names to
Keras 2.15's ``keras.<kind>.get()``. This tool enumerates every string those four
functions accept (the candidates come from the namespaces and registries each
``get()`` searches; a candidate is kept only when ``get()`` accepts it and the
object it gives computes), then records, as data for ``rbridge.engine.r_names``
and its test:

* activations: values on a fixed grid (shaped (1, 41, 1), as a one-filter layer
  sees it) and on a fixed 3-D tensor (softmax-like
  functions reduce along an axis);
* regularizers: the penalty of fixed 2-D, 3-D and 4-D kernels;
* constraints: fixed kernels after the constraint;
* initializers: the values of the deterministic ones on a 2-D and a conv-shaped
  kernel, and seed-independent statistics (mean, standard deviation, excess
  kurtosis, extremes) of large draws of the random ones;
* for each name, Keras 2.15's serialisation of the object (what a layer's
  ``get_config()`` shows).

An error Keras 2.15 raises for one input (an identity initializer of a 3-D shape,
an orthogonal regulariser of a 3-D kernel) is recorded as ``{"error": ...}``.
The output is ``rbridge/data/keras215_names.json``.

``--float64`` records (into the same file's ``"float64"`` entry, leaving the rest
as it is) what every initializer, regularizer and constraint that holds a number
computes in float64 under Keras 2.15, with numbers that are not float32 numbers
(-0.05, 0.1, 0.3): the values of the deterministic initializers; for a random
one, with a seed, its values and the "unit" draw of the same seed (the same
class with mean 0 and standard deviation 1, or on [0, 1)), which the values are
a float64 function of (the test checks Keras 2.15's values and rbridge's on
Keras 3 against that function, computed in NumPy from R's numbers); the
regularization loss of a float64 weight; a float64 kernel after each constraint.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

OUTPUT = Path(__file__).resolve().parents[1] / "rbridge" / "data" / "keras215_names.json"

# -- fixed inputs (also written into the data, so the test reads them from there) ---------
GRID = np.linspace(-6.0, 6.0, 41)
TENSOR = np.round(3.0 * np.sin(1.7 * np.arange(24.0)), 6).reshape(2, 3, 4)
KERNEL_SHAPES = {"2d": (4, 3), "3d": (3, 2, 4), "4d": (3, 3, 2, 2), "4d_even": (4, 4, 1, 2),
                 "4d_one": (1, 1, 2, 1)}
INITIALIZER_SHAPES = {"2d": (4, 3), "3d": (3, 2, 4)}
STATISTICS_SHAPES = {"2d": (200, 300), "3d": (3, 200, 100)}  # 60000 draws each


def kernel(shape: tuple[int, ...]) -> np.ndarray:
    """A fixed float32 kernel of ``shape``: distinct values of both signs."""
    n = int(np.prod(shape))
    return np.round(2.0 * np.sin(1.3 * np.arange(n) + 0.4), 4).astype("float32").reshape(shape)


def to_json(value):
    """Keras configs hold NumPy scalars and tuples; JSON wants plain values."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def attempt(function):
    """``function()``'s value as a list, or ``{"error": message}`` if Keras refuses."""
    try:
        value = function()
    except Exception as exc:  # noqa: BLE001 - every refusal is data here
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
    return np.asarray(value, dtype="float64").tolist()


def serialized(module, obj):
    """What a layer's ``get_config()`` shows for ``obj`` under Keras 2.15 (or the error)."""
    try:
        config = to_json(module.serialize(obj))
    except Exception as exc:  # noqa: BLE001 - a name that computes but cannot be saved
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
    if isinstance(config, dict) and isinstance(config.get("config"), dict):
        # A layer used as an activation: its name and build state vary from run to run.
        config.pop("build_config", None)
        config["config"].pop("name", None)
    return config


def statistics(values: np.ndarray) -> dict:
    """Seed-independent summary of a large random draw."""
    x = np.asarray(values, dtype="float64").ravel()
    mean, std = x.mean(), x.std()
    kurtosis = float(((x - mean) ** 4).mean() / std**4 - 3.0) if std > 0 else 0.0
    return {"n": int(x.size), "mean": float(mean), "std": float(std),
            "kurtosis": kurtosis, "min": float(x.min()), "max": float(x.max())}


# -- candidates ---------------------------------------------------------------------------
def candidates(kind: str) -> set[str]:
    """Every string the ``get()`` of ``kind`` might accept: the names it searches."""
    from keras.src.saving import object_registration

    names = set(object_registration._GLOBAL_CUSTOM_OBJECTS)
    if kind == "activation":
        import keras.src.activations as module
        import keras.src.layers.activation as layers

        names |= {k for k, v in vars(module).items() if callable(v)}
        names |= {k for k, v in vars(layers).items() if callable(v)}
    elif kind == "initializer":
        from keras.src import initializers

        initializers.populate_deserializable_objects()
        names |= set(initializers.LOCAL.ALL_OBJECTS)
        names |= {k for k in vars(initializers) if not k.startswith("__")}
    elif kind == "regularizer":
        import keras.src.regularizers as module

        names |= {k for k in vars(module) if not k.startswith("__")} | {"l1_l2"}
    else:
        import keras.src.constraints as module

        names |= {k for k in vars(module) if not k.startswith("__")}
    return names


# -- one recorder per kind ----------------------------------------------------------------
def record_activation(keras, tf, name):
    function = keras.activations.get(name)
    column = GRID.reshape(1, -1, 1)  # as a layer with one filter sees the grid
    grid = function(tf.constant(column))
    tensor = function(tf.constant(TENSOR))
    for given, out in ((column, grid), (TENSOR, tensor)):
        if not tf.is_tensor(out) or tuple(out.shape) != given.shape:
            raise TypeError(f"{name!r} does not compute an activation")
    return {"grid": np.asarray(grid, dtype="float64").ravel().tolist(),
            "tensor": np.asarray(tensor, dtype="float64").tolist(),
            "class_name": type(function).__name__,
            "config": serialized(keras.activations, function)}


def record_regularizer(keras, tf, name):
    regularizer = keras.regularizers.get(name)
    if not isinstance(regularizer, keras.regularizers.Regularizer):
        raise TypeError(f"{name!r} is passed through, not a regularizer")
    penalties = {key: attempt(lambda s=shape: regularizer(tf.constant(kernel(s))))
                 for key, shape in KERNEL_SHAPES.items()}
    if all(isinstance(p, dict) for p in penalties.values()):
        raise TypeError(f"{name!r} computes no penalty")
    return {"penalty": penalties, "class_name": type(regularizer).__name__,
            "config": serialized(keras.regularizers, regularizer)}


def record_constraint(keras, tf, name):
    constraint = keras.constraints.get(name)
    if not isinstance(constraint, keras.constraints.Constraint):
        raise TypeError(f"{name!r} is not a constraint")
    constrained = {}
    for key, shape in KERNEL_SHAPES.items():
        out = attempt(lambda s=shape: constraint(tf.constant(kernel(s))))
        if not isinstance(out, dict) and np.shape(out) != shape:
            raise TypeError(f"{name!r} does not constrain a kernel")
        constrained[key] = out
    if all(isinstance(v, dict) for v in constrained.values()):
        raise TypeError(f"{name!r} constrains no kernel")
    return {"constrained": constrained, "class_name": type(constraint).__name__,
            "config": serialized(keras.constraints, constraint)}


def record_initializer(keras, tf, name):
    first, second = keras.initializers.get(name), keras.initializers.get(name)
    if not isinstance(first, keras.initializers.Initializer):
        raise TypeError(f"{name!r} is not an initializer")
    values = {key: attempt(lambda s=shape: first(s, dtype="float32"))
              for key, shape in INITIALIZER_SHAPES.items()}
    if all(isinstance(v, dict) for v in values.values()):
        raise TypeError(f"{name!r} initializes nothing")
    again = {key: attempt(lambda s=shape: second(s, dtype="float32"))
             for key, shape in INITIALIZER_SHAPES.items()}
    entry = {"class_name": type(first).__name__,
             "config": serialized(keras.initializers, first)}
    # Deterministic: two separate objects give the same values (random ones do not).
    if values == again:
        entry["deterministic"] = True
        entry["values"] = values
    else:
        entry["deterministic"] = False
        entry["statistics"] = {
            key: (lambda v: v if isinstance(v, dict) and "error" in v else statistics(v))(
                attempt(lambda s=shape: keras.initializers.get(name)(s, dtype="float32")))
            for key, shape in STATISTICS_SHAPES.items()}
    return entry


# -- float64 exactness (--float64) ------------------------------------------------------
FLOAT64_SEED = 7
FLOAT64_SHAPES = {"2d": (3, 4), "4d": (3, 3, 2, 4)}
FLOAT64_WEIGHT = {"2d": np.linspace(-1.0, 1.0, 12).reshape(3, 4) / 3.0,
                  "4d": np.sin(1.3 * np.arange(36.0) + 0.4).reshape(3, 3, 1, 4) * 0.7}


def _cfg(class_name, **config):
    return {"class_name": class_name, "config": config}


# Deterministic initializers: their values are compared as they are.
FLOAT64_INITIALIZERS = [_cfg("Constant", value=-0.05), _cfg("Constant", value=0.1),
                        _cfg("Identity", gain=0.3)]
# Random initializers, seeded: (config, the unit config whose draw the values are a
# function of). The test knows each class's function (Keras 2.15's formula).
_UNIT_UNIFORM = _cfg("RandomUniform", minval=0.0, maxval=1.0, seed=FLOAT64_SEED)
_UNIT_NORMAL = _cfg("RandomNormal", mean=0.0, stddev=1.0, seed=FLOAT64_SEED)
_UNIT_TRUNCATED = _cfg("TruncatedNormal", mean=0.0, stddev=1.0, seed=FLOAT64_SEED)
FLOAT64_RANDOM = [
    (_cfg("RandomUniform", minval=-0.05, maxval=0.1, seed=FLOAT64_SEED), _UNIT_UNIFORM),
    (_cfg("RandomNormal", mean=0.1, stddev=0.3, seed=FLOAT64_SEED), _UNIT_NORMAL),
    (_cfg("TruncatedNormal", mean=0.1, stddev=0.3, seed=FLOAT64_SEED), _UNIT_TRUNCATED),
    (_cfg("VarianceScaling", scale=0.3, mode="fan_in", distribution="uniform", seed=FLOAT64_SEED), _UNIT_UNIFORM),
    (_cfg("VarianceScaling", scale=0.3, mode="fan_out", distribution="truncated_normal", seed=FLOAT64_SEED),
     _UNIT_TRUNCATED),
    (_cfg("VarianceScaling", scale=0.3, mode="fan_avg", distribution="untruncated_normal", seed=FLOAT64_SEED),
     _UNIT_NORMAL),
    (_cfg("GlorotUniform", seed=FLOAT64_SEED), _UNIT_UNIFORM),
    (_cfg("HeUniform", seed=FLOAT64_SEED), _UNIT_UNIFORM),
    (_cfg("LecunUniform", seed=FLOAT64_SEED), _UNIT_UNIFORM),
    (_cfg("GlorotNormal", seed=FLOAT64_SEED), _UNIT_TRUNCATED),
    (_cfg("HeNormal", seed=FLOAT64_SEED), _UNIT_TRUNCATED),
    (_cfg("LecunNormal", seed=FLOAT64_SEED), _UNIT_TRUNCATED),
    (_cfg("Orthogonal", gain=0.3, seed=FLOAT64_SEED), _cfg("Orthogonal", gain=1.0, seed=FLOAT64_SEED)),
]
FLOAT64_REGULARIZERS = [_cfg("L1", l1=0.1), _cfg("L2", l2=0.3), _cfg("L1L2", l1=0.1, l2=0.3),
                        _cfg("OrthogonalRegularizer", factor=0.3, mode="rows"),
                        _cfg("OrthogonalRegularizer", factor=0.3, mode="columns")]
FLOAT64_CONSTRAINTS = [_cfg("MaxNorm", max_value=0.3, axis=0), _cfg("MaxNorm", max_value=0.7, axis=[0, 1, 2]),
                       _cfg("MinMaxNorm", min_value=0.1, max_value=0.3, rate=0.7, axis=0),
                       _cfg("UnitNorm", axis=0), _cfg("NonNeg"), _cfg("RadialConstraint")]


def record_float64(keras, tf) -> dict:
    """Keras 2.15's float64 numbers for each object above (or the error it raises)."""
    def initial(config, shape):
        return attempt(lambda: keras.initializers.deserialize(config)(shape, dtype="float64"))

    def weight(key):
        return tf.constant(FLOAT64_WEIGHT[key], dtype=tf.float64)

    out = {"seed": FLOAT64_SEED, "shapes": {k: list(v) for k, v in FLOAT64_SHAPES.items()},
           "weights": {k: v.tolist() for k, v in FLOAT64_WEIGHT.items()},
           "initializers": [{"config": c, "values": {k: initial(c, s) for k, s in FLOAT64_SHAPES.items()}}
                            for c in FLOAT64_INITIALIZERS],
           "random_initializers": [{"config": c, "unit": u,
                                    "values": {k: initial(c, s) for k, s in FLOAT64_SHAPES.items()},
                                    "unit_values": {k: initial(u, s) for k, s in FLOAT64_SHAPES.items()}}
                                   for c, u in FLOAT64_RANDOM],
           "regularizers": [{"config": c, "loss": {k: attempt(lambda k=k: keras.regularizers.deserialize(c)(weight(k)))
                                                   for k in FLOAT64_WEIGHT}}
                            for c in FLOAT64_REGULARIZERS],
           "constraints": [{"config": c, "constrained": {
               k: attempt(lambda k=k: keras.constraints.deserialize(c)(weight(k))) for k in FLOAT64_WEIGHT}}
               for c in FLOAT64_CONSTRAINTS]}
    for entry in out["initializers"] + out["random_initializers"]:
        for key, values in entry["values"].items():
            if isinstance(values, dict):
                print(f"float64: {entry['config']} on {key}: {values['error']}")
    return out


RECORDERS = {"activation": record_activation, "initializer": record_initializer,
             "regularizer": record_regularizer, "constraint": record_constraint}


def main() -> int:
    import keras
    import tensorflow as tf

    if not keras.__version__.startswith("2.15"):
        print(f"Run with Keras 2.15 (.venv-keras2); this is Keras {keras.__version__}", file=sys.stderr)
        return 2
    if "--float64" in sys.argv[1:]:
        data = json.loads(OUTPUT.read_text())
        data["float64"] = record_float64(keras, tf)
        OUTPUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        print(f"wrote {OUTPUT} (float64)")
        return 0
    data = {
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "inputs": {
            "grid": GRID.tolist(),
            "tensor": TENSOR.tolist(),
            "kernels": {key: kernel(shape).tolist() for key, shape in KERNEL_SHAPES.items()},
            "initializer_shapes": {key: list(s) for key, s in INITIALIZER_SHAPES.items()},
            "statistics_shapes": {key: list(s) for key, s in STATISTICS_SHAPES.items()},
        },
    }
    for kind, recorder in RECORDERS.items():
        accepted, refused = {}, []
        for name in sorted(candidates(kind)):
            try:
                accepted[name] = recorder(keras, tf, name)
            except Exception:  # noqa: BLE001 - refused or unusable: not a name R keras can use
                refused.append(name)
        data[kind] = accepted
        print(f"{kind}: {len(accepted)} names accepted, {len(refused)} candidates refused: {refused}")
    data["float64"] = record_float64(keras, tf)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
