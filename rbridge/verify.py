"""Cross-language verification: replay R keras cases through rbridge and compare.

A case is the JSON format of ``tests/fixtures/r-keras-2.15/`` (see the README
there): R source for the arguments and the input, and the result R keras 2.15.0
recorded. :func:`replay` evaluates the R source with rpy2, hands the R objects to
:func:`rbridge.layer_conv_1d_transpose` (or, with ``values="python"``, their plain
Python equivalents) and describes what came back in the same schema;
:func:`compare` lists every disagreement; :func:`verify` does both for many
cases and returns a pandas DataFrame, one row per case.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from .errors import RBridgeError

FLOAT32_RTOL = 1e-5
FLOAT32_ATOL = 1e-6
FLOAT64_RTOL = 1e-9

# R keras helpers that some cases use, defined in R as the Keras configs they stand for
# (an R named list with class_name/config becomes the dict Keras deserialises).
R_HELPERS = """
.rbridge_cfg <- function(class_name, ...) list(class_name = class_name, config = list(...))
initializer_constant <- function(value = 0) .rbridge_cfg("Constant", value = value)
initializer_ones <- function() .rbridge_cfg("Ones")
initializer_zeros <- function() .rbridge_cfg("Zeros")
regularizer_l1 <- function(l = 0.01) .rbridge_cfg("L1", l1 = l)
regularizer_l2 <- function(l = 0.01) .rbridge_cfg("L2", l2 = l)
constraint_maxnorm <- function(max_value = 2, axis = 0) .rbridge_cfg("MaxNorm", max_value = max_value, axis = axis)
constraint_nonneg <- function() .rbridge_cfg("NonNeg")
"""

_RANDOM_INITIALIZERS = {
    "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal",
    "RandomUniform", "RandomNormal", "TruncatedNormal", "Orthogonal", "VarianceScaling",
}
_RANDOM_INITIALIZER_KEYS = {name.lower() for name in _RANDOM_INITIALIZERS}


def fixtures_dir() -> Path:
    """The bundled R keras 2.15 cases: $RBRIDGE_FIXTURES, else the repository's copy."""
    env = os.environ.get("RBRIDGE_FIXTURES")
    path = Path(env) if env else Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "r-keras-2.15"
    if not path.is_dir():
        raise RBridgeError(f"no R keras cases at {path}; set RBRIDGE_FIXTURES to a folder of case JSON files")
    return path


def load_cases(source: str | Path | None = None, ids: Iterable[str] | None = None,
               need_result: bool = True, functions: Iterable[str] | None = None) -> list[dict]:
    """Cases from a folder of JSON files, one JSON file, or the bundled fixtures.

    Every file is checked against the case format (:mod:`rbridge.cases`); a file that
    fails comes back as a placeholder holding its errors (``_errors``), which
    :func:`verify` reports as a case error while running the others. Each case knows
    where its truth came from (``_provenance``): recorded by R keras (the bundled
    fixtures) or user-written."""
    from . import cases as case_format

    path = Path(source) if source else fixtures_dir()
    cases = case_format.load(path, recorded=_bundled(path), need_result=need_result)
    if ids:
        wanted = set(ids)
        unknown = wanted - {c["id"] for c in cases}
        if unknown:
            raise RBridgeError(f"unknown case id(s): {', '.join(sorted(unknown))}")
        cases = [c for c in cases if c["id"] in wanted]
    if functions:
        cases = select_functions(cases, functions)
    return cases


def select_functions(cases: list[dict], functions: Iterable[str]) -> list[dict]:
    """The cases of the named R functions (``layer_conv_2d``, ...; a case without
    ``function`` calls layer_conv_1d_transpose). An unknown name is an error."""
    from .specs import SPECS

    wanted = set(functions)
    unknown = wanted - set(SPECS)
    if unknown:
        raise RBridgeError(f"unknown function(s): {', '.join(sorted(unknown))}; the family is "
                           + ", ".join(SPECS))
    return [c for c in cases if c.get("_errors") or case_function(c) in wanted]


def _bundled(path: Path) -> bool:
    """Is ``path`` the bundled fixtures folder, or a file in it?"""
    try:
        bundled = fixtures_dir().resolve()
    except RBridgeError:
        return False
    path = path.resolve()
    return path == bundled or path.parent == bundled


# --------------------------------------------------------------------------- R side

_r_ready = False


def _r():
    """rpy2's R, with the R keras helper functions defined once."""
    import rpy2.robjects as ro

    _define_helpers()
    return ro.r


def _define_helpers() -> None:
    global _r_ready
    if not _r_ready:
        _evaluate(R_HELPERS)
        _r_ready = True


def _evaluate(source: str) -> Any:
    from .rsession import ensure_rpy2

    ensure_rpy2()
    import rpy2.rinterface as ri

    return ri.baseenv["eval"](ri.parse(source), ri.globalenv)


def evaluate_r(source: str | None) -> Any:
    """R source evaluated in R's global environment (the helpers defined), as an rpy2
    object. Thread-safe: rinterface-level, under rbridge's R lock, and without rpy2's
    conversion rules (which live in a context variable new threads do not have)."""
    from .rlock import locked

    if source is None:
        return None
    with locked():
        _define_helpers()
        return _evaluate(source)


# --------------------------------------------------------------------------- replay

def _array(value: Any) -> dict:
    array = np.asarray(value)
    return {"shape": list(array.shape), "data": array.ravel(order="C").tolist()}


def _shape(shape: Any) -> list:
    return [None if d is None else int(d) for d in shape]


DEFAULT_FUNCTION = "layer_conv_1d_transpose"


def case_function(case: dict) -> str:
    """The R function a case calls: its ``function`` field; absent, the seed's
    layer_conv_1d_transpose (the first 80 recordings have no such field)."""
    return case.get("function") or DEFAULT_FUNCTION


def _spec(case: dict) -> Any:
    from .specs import SPECS

    return SPECS[case_function(case)]


def _layer_function(case: dict) -> Callable[..., Any]:
    from .layers import FUNCTIONS

    return FUNCTIONS[case_function(case)]


def _conv_layer(obj: Any, spec: Any = None) -> Any:
    """The family layer in what a call gave: the layer itself, the layer that made a
    symbolic tensor (or the first of a list of them: ConvLSTM2D's return_state), or the
    model's layer of Keras's class ``spec.keras_class`` (rbridge's layers subclass it, and R
    keras makes Keras's own)."""
    from .engine import get_engine

    keras_class = getattr(get_engine().keras.layers, spec.keras_class if spec else "Conv1DTranspose")
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
    from .convert import named_elements, to_python
    from .engine import get_engine

    engine = get_engine()
    keras = engine.keras
    layer_function = _layer_function(case)

    kwargs = named_elements(evaluate_r(case["args"]))
    r_input = evaluate_r(case.get("input"))
    if values == "python":
        kwargs = {k: to_python(v) for k, v in kwargs.items()}
        r_input = to_python(r_input)

    kind = case["object"]
    result: dict[str, Any] = {}
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if kind == "missing":
                out = layer_function(**kwargs)
            elif kind == "null":
                out = layer_function(None, **kwargs)
            elif kind == "sequential":
                model = keras.Sequential()
                out = layer_function(model, **kwargs)
                result.update(same_object=out is model, n_layers=len(out.layers))
            elif kind == "tensor":
                # layer_input(shape = <input>): NULL and NA are unknown dimensions.
                shape = tuple(None if _na(d) else int(d) for d in _as_list(to_python(r_input)))
                tensor = keras.Input(shape=shape)
                out = layer_function(tensor, **kwargs)
            elif kind == "array":
                out = layer_function(r_input, **kwargs)
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


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _na(value: Any) -> bool:
    from .rvalues import is_na

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
    from .convert import to_python
    from .engine import get_engine

    engine = get_engine()
    kind = case["object"]
    result: dict[str, Any] = {}
    if kind == "array":
        result["kind"] = "array"
        result["output"] = _output(out)
        return result
    layer = _conv_layer(out, _spec(case))
    if kind == "sequential":
        result["kind"] = "model"
        try:
            result["model_output_shape"] = _shape(out.output_shape)
        except (AttributeError, ValueError):
            result["model_output_shape"] = None
    elif kind == "tensor":
        result["kind"] = "tensor"
        result["output_shape"] = _shape(_first(out).shape)
    else:
        result["kind"] = "layer"
    if case.get("set_weights"):
        layer.set_weights([np.asarray(w) for w in to_python(evaluate_r(case["set_weights"]))])
    if case.get("input") and kind in ("missing", "null"):
        x = np.asarray(to_python(r_input))
        result["output"] = _output(layer(x))
    elif case.get("input") and kind == "sequential":
        x = np.asarray(to_python(r_input))
        # The model called on the data: predict()'s numbers, without a tf.function per case.
        result["output"] = _output(out(x, training=False))
    result["config"] = json.loads(json.dumps(engine.r_keras_config(layer.get_config()), default=list))
    result["built"] = bool(layer.built)
    result["weights"] = [_array(w) for w in layer.get_weights()]
    return result


# --------------------------------------------------------------------------- compare

def _close(expected: Any, actual: Any, rtol: float) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        if not isinstance(expected, (int, float)) or not isinstance(actual, (int, float)):
            return False
        if math.isnan(expected) or math.isnan(actual):  # an R NA handed on as NaN (R keras's `...`)
            return math.isnan(expected) and math.isnan(actual)
        return math.isclose(expected, actual, rel_tol=rtol, abs_tol=1e-12)
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(_close(expected[k], actual[k], rtol) for k in expected)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(_close(e, a, rtol) for e, a in zip(expected, actual))
    return expected == actual


def config_differences(expected: dict, actual: dict) -> list[str]:
    """Config fields that differ. Floats compare at float32 precision: Keras 2 stores
    regularizer factors as float32 (0.01 is recorded as 0.00999999977648258)."""
    diffs = []
    for key in sorted(set(expected) | set(actual)):
        if key == "name" and _auto_name(expected.get(key)) and _auto_name(actual.get(key)):
            continue  # Keras's name counters depend on what else the session made
        if key not in actual:
            diffs.append(f"{key}: missing (R keras: {expected[key]!r})")
        elif key not in expected:
            diffs.append(f"{key}: unexpected {actual[key]!r}")
        elif not _close(expected[key], actual[key], 1e-6):
            diffs.append(f"{key}: R keras {expected[key]!r}, rbridge {actual[key]!r}")
    return diffs


def keras_auto_name(keras_class: str) -> str:
    """The name Keras gives a layer of ``keras_class`` that was not named (Keras 2's and
    Keras 3's ``to_snake_case``): conv2d, conv2d_transpose, separable_conv1d,
    depthwise_conv2d, conv_lstm2d, up_sampling2d, zero_padding2d, cropping2d, ..."""
    intermediate = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", keras_class)
    return re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()


def _auto_names() -> re.Pattern:
    from .specs import SPECS

    bases = sorted({keras_auto_name(spec.keras_class) for spec in SPECS.values()}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(bases) + r")(?:_\d+)?")


def _auto_name(name: Any) -> bool:
    """Is ``name`` one Keras made (``conv2d``, ``conv2d_3``)? Its counter depends on what
    else the session made, so two auto names are not compared."""
    global _AUTO_NAMES
    if _AUTO_NAMES is None:
        _AUTO_NAMES = _auto_names()
    return isinstance(name, str) and _AUTO_NAMES.fullmatch(name) is not None


_AUTO_NAMES: re.Pattern | None = None


def weights_fixed(case: dict, expected: dict) -> bool:
    """Are the weights determined by the case: given (``weights``, ``set_weights``), or made
    by non-random initializers? An array result records no config: the layer's initializers
    are then read off a twin made from the case's arguments."""
    if case.get("set_weights") or "weights =" in case["args"]:
        return True
    return initializers_deterministic(expected.get("config") or _twin_config(case))


def initializers_deterministic(config: dict) -> bool:
    """Do the layer's initializers (every ``*_initializer`` of its config: kernel_,
    depthwise_, pointwise_, recurrent_, and bias_ if it has a bias) make the same weights on
    every run? A layer without weights (resampling, padding, cropping) has none to vary."""
    keys = [key for key in config if key.endswith("_initializer")
            and (key != "bias_initializer" or config.get("use_bias", True))]
    return bool(config) and all(_deterministic(config.get(key)) for key in keys)


def _deterministic(initializer: Any) -> bool:
    """Keras names an initializer by class ("GlorotUniform") or by its string ("glorot_uniform")."""
    name = initializer.get("class_name") if isinstance(initializer, dict) else initializer
    return name is not None and str(name).replace("_", "").lower() not in _RANDOM_INITIALIZER_KEYS


def _case_args(case: dict) -> dict:
    """The case's arguments (its R source evaluated) as plain Python values."""
    from .convert import named_elements, to_python

    return {k: to_python(v) for k, v in named_elements(evaluate_r(case["args"])).items()}


def _twin_config(case: dict) -> dict:
    """``get_config()`` of the layer the case's arguments make ({} if they make none)."""
    from .engine import get_engine

    args = {k: v for k, v in _case_args(case).items() if k != "weights"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return get_engine().r_keras_config(_layer_function(case)(**args).get_config())
    except Exception:  # noqa: BLE001 - arguments that make no layer fix no weights
        return {}


def _max_errors(expected: dict, actual: dict) -> tuple[float, float]:
    e = np.asarray(expected["data"], dtype=np.float64)
    a = np.asarray(actual["data"], dtype=np.float64)
    if e.size == 0:
        return 0.0, 0.0
    abs_err = np.abs(e - a)
    return float(abs_err.max()), float((abs_err / np.maximum(np.abs(e), FLOAT32_ATOL)).max())


# How a case ended, in the table's `status` column.
AGREES = "agrees"
COMPUTED_WHERE_R_KERAS_FAILED = "R keras failed in TensorFlow; rbridge computed, matches the reference"
MISMATCH = "mismatch"
DILATION_APPLIED = "R keras 2.15 ignores dilation_rate here; rbridge applies it, matches the reference"

# R keras's failures inside TensorFlow's CPU kernels: engine refusals, not argument errors.
# TensorFlow 2.15's CPU kernels refuse channels_first (NCHW/NCDHW) for Conv2D (which
# Conv1D, SeparableConv1D and ConvLSTM2D run on too), Conv3D, their backprops (the
# transposes) and depthwise convolutions, and dilation in a transposed convolution, unless
# oneDNN computes the setting (oneDNN is on by default on x86 and has no float64). rbridge
# computes these settings; verify checks its numbers against the NumPy reference.
_TENSORFLOW_KERNEL_REFUSALS = (
    "only supports NHWC",  # Conv2DBackpropInput (Conv1DTranspose, Conv2DTranspose)
    "only supports the NHWC tensor format",  # Conv2D; "CPU implementation of Conv3D currently ..."
    "only supports NDHWC",  # Conv3DBackpropInputOpV2 (Conv3DTranspose)
    "only supported for NHWC format",  # DepthwiseConv2dNative (depthwise and separable)
    "do not yet support dilation rates",  # a dilated transposed convolution's backprop kernels
    # oneDNN's own kernels failing where TensorFlow's plain ones compute (depth_multiplier = 0:
    # an empty channel axis); the node names them _MklNative...
    "__MklNative",
    # TensorFlow's plain Conv2D kernel on a convolution over no channels (a separable layer's
    # pointwise step after depth_multiplier = 0), which is the bias alone.
    "filter depth must be stricly positive",
)


def failed_inside_tensorflow(error: dict) -> bool:
    """Is a recorded R keras error TensorFlow's CPU kernel refusing the setting?"""
    return any(text in error.get("message", "") for text in _TENSORFLOW_KERNEL_REFUSALS)


def compare(case: dict, observed: dict) -> dict:
    """Every way ``observed`` (from :func:`replay`) disagrees with the case's recorded result."""
    expected = case["result"]
    problems: list[str] = []
    row: dict[str, Any] = {"id": case["id"], "function": case_function(case), "object": case["object"],
                           "kind": expected["kind"]}
    status = AGREES

    if expected["kind"] == "error" and failed_inside_tensorflow(expected["error"]) \
            and observed["kind"] != "error":
        # Where R keras fails inside TensorFlow's kernel, the math is the truth.
        status = COMPUTED_WHERE_R_KERAS_FAILED
        problems += _reference_problems(case, observed, row)
    elif dilation_ignored_by_r_keras(case) and observed["kind"] == expected["kind"] != "error":
        # R keras 2.15's Conv3DTranspose drops dilation_rate without a word; rbridge applies it
        # (and warns): the output is checked against the reference of the dilated layer, the
        # rest against R keras, less the dilation R keras left out of its config.
        status = DILATION_APPLIED
        if observed.get("output") is not None:
            problems += _reference_problems(case, observed, row)
        problems += [p for p in _compare_success(case, _without_output(expected), _without_output(observed), row)
                     if not p.startswith("config dilation_rate")]
    elif expected["kind"] == "error":
        error = observed.get("error") or {}
        row["error_agrees"] = observed["kind"] == "error" and not error.get("unexpected")
        if observed["kind"] != "error":
            problems.append(f"R keras fails ({expected['error']['message'].splitlines()[0]}); rbridge succeeded")
        elif error.get("unexpected"):
            problems.append(f"rbridge failed without its own error: {error['message']}")
        elif not error.get("argument") or f"`{error['argument']}`" not in error["message"] and \
                f'"{error["argument"]}"' not in error["message"]:
            problems.append(f"rbridge's error does not name the argument: {error['message']}")
    elif observed["kind"] != expected["kind"]:
        problems.append(f"R keras gives {_a(expected['kind'])}, rbridge {_a(observed['kind'])}: "
                        f"{(observed.get('error') or {}).get('message', '')}")
    else:
        problems += _compare_success(case, expected, observed, row)

    missing_warnings = [w for w in expected.get("warnings", [])
                        if not any(o.startswith(w) for o in observed.get("warnings", []))]
    if missing_warnings:
        problems.append(f"R warns {missing_warnings}; rbridge did not")
    row["shape"] = _observed_shape(observed)
    row["seconds"] = observed.get("seconds")
    row["problems"] = problems
    row["ok"] = not problems
    row["status"] = status if not problems else MISMATCH
    return row


def dilation_ignored_by_r_keras(case: dict) -> bool:
    """A layer_conv_3d_transpose() case with a dilation R keras 2.15 ignored (rbridge applies it)."""
    if case_function(case) != "layer_conv_3d_transpose":
        return False
    try:
        dilation = _case_args(case).get("dilation_rate", 1)
    except Exception:  # noqa: BLE001 - arguments R cannot evaluate dilate nothing
        return False
    values = dilation if isinstance(dilation, (list, tuple)) else [dilation]
    return any(isinstance(v, (int, float)) and v > 1 for v in values)


def _without_output(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("output", "output_shape", "model_output_shape")}


def _reference_problems(case: dict, observed: dict, row: dict) -> list[str]:
    """rbridge's output for ``case`` against the NumPy reference (:mod:`rbridge.reference`),
    with the weights the case fixes: given (``weights``, ``set_weights``) or made by a
    non-random initializer. With random weights only the output shape can be checked."""
    from .convert import to_python

    out = observed.get("output")
    if out is None or not case.get("input"):
        return ["R keras failed inside TensorFlow, and rbridge gave no output to check"]
    x = np.asarray(to_python(evaluate_r(case["input"])), dtype=np.float64)
    args = _case_args(case)
    # A twin of the layer, for its settings and, where no weights are given, its initial ones.
    twin = _layer_function(case)(**{k: v for k, v in args.items() if k != "weights"})
    twin.build(x.shape)
    given = to_python(evaluate_r(case["set_weights"])) if case.get("set_weights") else args.get("weights")
    weights = [np.asarray(w, dtype=np.float64) for w in (given or twin.get_weights())]
    config = _plain_config(twin)
    fixed = given is not None or initializers_deterministic(config)
    expected = _output(reference_output(_spec(case), config, x, weights, twin))
    if expected["shape"] != out["shape"]:
        return [f"output shape: reference {expected['shape']}, rbridge {out['shape']}"]
    if not fixed:
        return []
    row["output_max_abs_err"], row["output_max_rel_err"] = _max_errors(expected, out)
    # The reference computes in float64 from the unrounded input: allow the layer dtype's
    # rounding, relative to the output's scale.
    rtol = FLOAT64_RTOL if twin.compute_dtype == "float64" else FLOAT32_RTOL
    reference = np.asarray(expected["data"])
    atol = rtol * max(1.0, float(np.abs(reference).max(initial=0.0)))
    if not np.allclose(np.asarray(out["data"]), reference, rtol=rtol, atol=atol):
        return [f"outputs differ from the reference (max abs error {row['output_max_abs_err']:.3g})"]
    return []


def _plain_config(layer: Any) -> dict:
    """The layer's config in R keras 2.15's form, as plain JSON values."""
    from .engine import get_engine

    return json.loads(json.dumps(get_engine().r_keras_config(layer.get_config()), default=list))


def _ints(value: Any, rank: int) -> tuple[int, ...]:
    values = tuple(value) if isinstance(value, (list, tuple)) else (value,) * rank
    return tuple(int(v) for v in values)


def _pairs(value: Any, rank: int) -> list[tuple[int, int]]:
    """ZeroPadding/Cropping's amounts as one (before, after) pair per axis."""
    if rank == 1:
        return [tuple(_ints(value, 2))]  # type: ignore[list-item]
    return [tuple(_ints(pair, 2)) for pair in value]  # type: ignore[misc]


def reference_output(spec: Any, config: dict, x: np.ndarray, weights: list, layer: Any = None) -> Any:
    """What the NumPy reference (:mod:`rbridge.reference`) computes for a layer of ``spec``
    with ``config`` (R keras 2.15's form) and ``weights`` on ``x``: the truth where R keras
    failed inside TensorFlow's kernel. ``layer``'s own activation is used for a name the
    reference does not know."""
    from . import reference as ref

    rank = spec.rank
    channels_first = config.get("data_format") == "channels_first"
    kind = spec.kind

    def activation(key: str = "activation") -> Any:
        name = config.get(key)
        if name is None or (isinstance(name, str) and name in ref.ACTIVATION_NAMES):
            return name
        fn = getattr(layer, key, None)
        return (lambda v: np.asarray(fn(v))) if fn is not None else name

    def bias(index: int) -> Any:
        return weights[index] if config.get("use_bias", True) and len(weights) > index else None

    if kind in ("conv", "conv_transpose", "depthwise", "separable", "conv_lstm"):
        settings = dict(strides=_ints(config["strides"], rank), padding=config["padding"],
                        dilation=_ints(config.get("dilation_rate", 1), rank), channels_first=channels_first)
    if kind == "conv":
        return ref.conv(x, weights[0], bias(1), groups=int(config.get("groups") or 1), activation=activation(),
                        **settings)
    if kind == "conv_transpose":
        extra = config.get("output_padding")
        return ref.conv_transpose(x, weights[0], bias(1), activation=activation(),
                                  output_padding=None if extra is None else _ints(extra, rank), **settings)
    if kind == "depthwise":
        return ref.depthwise_conv(x, weights[0], bias(1), depth_multiplier=int(config["depth_multiplier"]),
                                  activation=activation(), **settings)
    if kind == "separable":
        return ref.separable_conv(x, weights[0], weights[1], bias(2), depth_multiplier=int(config["depth_multiplier"]),
                                  activation=activation(), **settings)
    if kind == "conv_lstm":
        return ref.conv_lstm_2d(x, weights[0], weights[1], bias(2), activation=activation(),
                                recurrent_activation=activation("recurrent_activation"),
                                return_sequences=bool(config.get("return_sequences")),
                                return_state=bool(config.get("return_state")),
                                go_backwards=bool(config.get("go_backwards")), **settings)
    if kind == "upsampling":
        return ref.upsampling(x, _ints(config["size"], rank), channels_first=channels_first,
                              interpolation=config.get("interpolation", "nearest"))
    if kind == "zero_padding":
        return ref.zero_padding(x, _pairs(config["padding"], rank), channels_first=channels_first)
    if kind == "cropping":
        return ref.cropping(x, _pairs(config["cropping"], rank), channels_first=channels_first)
    raise ValueError(f"no reference for {spec.r_name} (kind {kind!r})")


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _observed_shape(observed: dict) -> str | None:
    """The shape rbridge produced, as text (output array, tensor or model output)."""
    shape = (observed.get("output") or {}).get("shape") or observed.get("output_shape") \
        or observed.get("model_output_shape")
    return None if shape is None else "(" + ", ".join("NA" if d is None else str(d) for d in shape) + ")"


def _compare_success(case: dict, expected: dict, observed: dict, row: dict) -> list[str]:
    problems = []
    # float64 cases compute in float64 end to end, in R keras and here.
    rtol = FLOAT64_RTOL if "float64" in case["args"] else FLOAT32_RTOL
    if "config" in expected:
        diffs = config_differences(expected["config"], observed.get("config", {}))
        row["config_agrees"] = not diffs
        problems += [f"config {d}" for d in diffs]
    for key in ("built", "same_object", "n_layers", "output_shape", "model_output_shape"):
        if key in expected and expected[key] != observed.get(key):
            problems.append(f"{key}: R keras {expected[key]!r}, rbridge {observed.get(key)!r}")
    if "weights" in expected:
        e_shapes = [w["shape"] for w in expected["weights"]]
        a_shapes = [w["shape"] for w in observed.get("weights", [])]
        if e_shapes != a_shapes:
            problems.append(f"weight shapes: R keras {e_shapes}, rbridge {a_shapes}")
        elif weights_fixed(case, expected):
            errs = [_max_errors(e, a) for e, a in zip(expected["weights"], observed["weights"])]
            row["weights_max_abs_err"] = max((e[0] for e in errs), default=0.0)
            if any(not np.allclose(np.asarray(a["data"]), np.asarray(e["data"]), rtol=rtol, atol=FLOAT32_ATOL)
                   for e, a in zip(expected["weights"], observed["weights"])):
                problems.append(f"weights differ (max abs error {row['weights_max_abs_err']:.3g})")
    if "output" in expected:
        out = observed.get("output")
        if out is None or out["shape"] != expected["output"]["shape"]:
            problems.append(f"output shape: R keras {expected['output']['shape']}, "
                            f"rbridge {out and out['shape']}")
        elif weights_fixed(case, expected):
            row["output_max_abs_err"], row["output_max_rel_err"] = _max_errors(expected["output"], out)
            if not np.allclose(np.asarray(out["data"]), np.asarray(expected["output"]["data"]),
                               rtol=rtol, atol=FLOAT32_ATOL):
                problems.append(f"outputs differ (max abs error {row['output_max_abs_err']:.3g})")
    return problems


def verify(cases: Iterable[dict] | None = None, values: str = "r", progress=None,
           truth: Callable[[dict], dict] | None = None, mode: str = "recorded",
           trust_cases: bool = False, functions: Iterable[str] | None = None):
    """Replay and compare many cases; a pandas DataFrame with one row per case.

    ``truth`` gives the case whose ``result`` is the truth for each case: by default the
    case itself (the result recorded in it). Live mode (:func:`rbridge.live.verify_live`)
    passes R keras run now, and ``mode`` labels the rows. (This module does not import
    :mod:`rbridge.live`: the dependency runs one way, live on verify.)

    Every case is checked first (:func:`_case_problems`): against the case format, and,
    unless ``trust_cases``, its R source against the case evaluator's allow-list
    (:mod:`rbridge.case_eval`), so that a case file cannot run arbitrary R code. A case
    that fails is a row with status :data:`CASE_ERROR` (not ok) and the others still run.
    Each row says where its truth came from (``truth``: recorded by R keras, user-written,
    live).
    """
    import pandas as pd

    cases = list(cases) if cases is not None else load_cases()
    if functions:  # only these R functions' cases (``function``; absent: layer_conv_1d_transpose)
        cases = select_functions(cases, functions)
    rows = []
    for i, case in enumerate(cases, start=1):
        row = _verify_case(case, values, truth, mode, trust_cases)
        rows.append(row)
        if progress:
            progress(i, len(cases), row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- one case, its provenance

CASE_ERROR = "case error: not run"


def _verify_case(case: dict, values: str, truth: Callable[[dict], dict] | None, mode: str,
                 trust_cases: bool) -> dict:
    """One row of the table: the case checked, replayed and compared, or why it could not be."""
    from .cases import PROVENANCE_LIVE, PROVENANCE_USER, r_call

    label = PROVENANCE_LIVE if mode == "live" else case.get("_provenance", PROVENANCE_USER)
    where = case.get("_file") or f'case "{case.get("id", "?")}"'
    problems = _case_problems(case, where, trust_cases, need_result=truth is None)
    if not problems:
        try:
            expected = truth(case) if truth is not None else case
            row = compare(expected, replay(case, values=values))
            if truth is not None:
                row["r_keras_seconds"] = expected["result"].get("seconds")
            if label not in (PROVENANCE_LIVE,) and not label.startswith("recorded by R keras"):
                row["problems"] = [_name_truth(p) for p in row["problems"]]
        except Exception as exc:  # noqa: BLE001 - one case's failure is reported, the rest still run
            problems = [f"{where}: verify could not run it: {type(exc).__name__}: {exc}"]
    if problems:
        row = {"id": case.get("id"), "object": case.get("object"),
               "kind": (case.get("result") or {}).get("kind") if isinstance(case.get("result"), dict) else None,
               "status": CASE_ERROR, "ok": False, "problems": problems}
    row["mode"] = mode
    row["values"] = "Python values" if values == "python" else "R objects"
    row["truth"] = label
    row["about"] = case.get("about")
    row["r_call"] = r_call(case) if not problems else None
    row["recorded_with"] = _recorded_with(case) if label.startswith("recorded by") else None
    row["file"] = case.get("_file")
    return row


def _case_problems(case: dict, where: str, trust_cases: bool, need_result: bool = True) -> list[str]:
    """Why ``case`` cannot be run ([] when it can): format errors, R source the case
    evaluator refuses (unless ``trust_cases``), R source R cannot evaluate. Nothing in the
    case is evaluated before the allow-list has passed all of its R source."""
    from .case_eval import R_FIELDS, check
    from .cases import CaseError, validate
    from .errors import RBridgeError

    if case.get("_errors"):
        return list(case["_errors"])
    errors = [str(CaseError(where, field, message)) for field, message in validate(case, need_result)]
    if errors:
        return errors
    if trust_cases:
        return []
    try:
        check(case)
    except RBridgeError as exc:
        return [f"{where}: {exc}"]
    for field in R_FIELDS:  # allowed source: evaluating it has no effects, so try each alone
        if case.get(field) is not None:
            try:
                evaluate_r(case[field])
            except Exception as exc:  # noqa: BLE001 - R's error, reported with the field
                message = " ".join(str(exc).split())
                return [str(CaseError(where, field, f"R cannot evaluate it: {message}"))]
    return []


def _recorded_with(case: dict) -> str:
    """The versions that recorded a case, as text ("R keras 2.15.0, TensorFlow 2.15, R 4.2.2")."""
    parts = [("R keras", case.get("r_keras_version")), ("TensorFlow", case.get("tf_version")),
             ("", case.get("r_version")), ("reticulate", case.get("reticulate_version"))]
    return ", ".join(f"{name} {value}".strip() for name, value in parts if value)


# How compare() names the truth, and how a user-written truth is named instead.
_TRUTH_WORDS = (("R keras gives", "the case expects"), ("R keras fails (", "the case expects an error ("),
                ("(R keras: ", "(expected: "), (": R keras ", ": expected "), ("R warns", "the case expects warnings"),
                ("R keras", "the expected result"))


def _name_truth(problem: str) -> str:
    """A problem of a case whose truth R keras did not make, without calling it R keras."""
    for said, meant in _TRUTH_WORDS:
        problem = problem.replace(said, meant)
    return problem
