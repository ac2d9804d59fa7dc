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
               need_result: bool = True) -> list[dict]:
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
    return cases


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


def _conv_layer(obj: Any) -> Any:
    from .engine import get_engine

    # Keras's own class: rbridge's layers subclass it, and R keras makes Keras's own.
    conv_transpose = get_engine().keras.layers.Conv1DTranspose
    if isinstance(obj, conv_transpose):
        return obj
    history = getattr(obj, "_keras_history", None)
    if history is not None:  # a symbolic output tensor: the layer that made it
        return history[0]
    return next(layer for layer in obj.layers if isinstance(layer, conv_transpose))


def replay(case: dict, values: str = "r") -> dict:
    """Run one case through rbridge; return its result in the fixtures' schema.

    ``values="r"`` passes the R objects as rpy2 gives them; ``values="python"``
    passes their plain Python equivalents (lists, floats, None, NumPy arrays).
    """
    from . import layer_conv_1d_transpose
    from .convert import named_elements, to_python
    from .engine import get_engine

    engine = get_engine()
    keras = engine.keras

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
                out = layer_conv_1d_transpose(**kwargs)
            elif kind == "null":
                out = layer_conv_1d_transpose(None, **kwargs)
            elif kind == "sequential":
                model = keras.Sequential()
                out = layer_conv_1d_transpose(model, **kwargs)
                result.update(same_object=out is model, n_layers=len(out.layers))
            elif kind == "tensor":
                # layer_input(shape = <input>): NULL and NA are unknown dimensions.
                shape = tuple(None if _na(d) else int(d) for d in _as_list(to_python(r_input)))
                tensor = keras.Input(shape=shape)
                out = layer_conv_1d_transpose(tensor, **kwargs)
            elif kind == "array":
                out = layer_conv_1d_transpose(r_input, **kwargs)
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


def describe(case: dict, out: Any, r_input: Any) -> dict:
    """What rbridge gave for ``case`` (``out``), in the fixtures' result schema."""
    from .convert import to_python
    from .engine import get_engine

    engine = get_engine()
    kind = case["object"]
    result: dict[str, Any] = {}
    if kind == "array":
        result["kind"] = "array"
        result["output"] = _array(np.asarray(out))
        return result
    layer = _conv_layer(out)
    if kind == "sequential":
        result["kind"] = "model"
        try:
            result["model_output_shape"] = _shape(out.output_shape)
        except (AttributeError, ValueError):
            result["model_output_shape"] = None
    elif kind == "tensor":
        result["kind"] = "tensor"
        result["output_shape"] = _shape(out.shape)
    else:
        result["kind"] = "layer"
    if case.get("set_weights"):
        layer.set_weights([np.asarray(w) for w in to_python(evaluate_r(case["set_weights"]))])
    if case.get("input") and kind in ("missing", "null"):
        x = np.asarray(to_python(r_input))
        result["output"] = _array(np.asarray(layer(x)))
    elif case.get("input") and kind == "sequential":
        x = np.asarray(to_python(r_input))
        # The model called on the data: predict()'s numbers, without a tf.function per case.
        result["output"] = _array(np.asarray(out(x, training=False)))
    result["config"] = json.loads(json.dumps(engine.r_keras_config(layer.get_config()), default=list))
    result["built"] = bool(layer.built)
    result["weights"] = [_array(w) for w in layer.get_weights()]
    return result


# --------------------------------------------------------------------------- compare

def _close(expected: Any, actual: Any, rtol: float) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        if not isinstance(expected, (int, float)) or not isinstance(actual, (int, float)):
            return False
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


def _auto_name(name: Any) -> bool:
    return isinstance(name, str) and name.split("_")[0] == "conv1d" and name.startswith("conv1d_transpose")


def weights_fixed(case: dict, expected: dict) -> bool:
    """Are the weights determined by the case: given (``weights``, ``set_weights``), or made
    by non-random initializers? An array result records no config: the layer's initializers
    are then read off a twin made from the case's arguments."""
    if case.get("set_weights") or "weights =" in case["args"]:
        return True
    return initializers_deterministic(expected.get("config") or _twin_config(case))


def initializers_deterministic(config: dict) -> bool:
    """Do the layer's initializers (the kernel's, and the bias's if it has one) make the
    same weights on every run?"""
    keys = ("kernel_initializer", "bias_initializer") if config.get("use_bias", True) else ("kernel_initializer",)
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
    from . import layer_conv_1d_transpose
    from .engine import get_engine

    args = {k: v for k, v in _case_args(case).items() if k != "weights"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return get_engine().r_keras_config(layer_conv_1d_transpose(**args).get_config())
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

# R keras's failures inside TensorFlow's CPU kernel for a transposed convolution, which
# refuses channels_first and dilation without oneDNN (and oneDNN has no float64): engine
# refusals, not argument errors. rbridge computes these settings (engine/conv_transpose.py).
_TENSORFLOW_KERNEL_REFUSALS = ("only supports NHWC", "only supports the NHWC tensor format",
                               "do not yet support dilation rates")


def failed_inside_tensorflow(error: dict) -> bool:
    """Is a recorded R keras error TensorFlow's CPU kernel refusing the setting?"""
    return any(text in error.get("message", "") for text in _TENSORFLOW_KERNEL_REFUSALS)


def compare(case: dict, observed: dict) -> dict:
    """Every way ``observed`` (from :func:`replay`) disagrees with the case's recorded result."""
    expected = case["result"]
    problems: list[str] = []
    row: dict[str, Any] = {"id": case["id"], "object": case["object"], "kind": expected["kind"]}
    status = AGREES

    if expected["kind"] == "error" and failed_inside_tensorflow(expected["error"]) \
            and observed["kind"] != "error":
        # Where R keras fails inside TensorFlow's kernel, the math is the truth.
        status = COMPUTED_WHERE_R_KERAS_FAILED
        problems += _reference_problems(case, observed, row)
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


def _reference_problems(case: dict, observed: dict, row: dict) -> list[str]:
    """rbridge's output for ``case`` against the NumPy reference (:mod:`rbridge.reference`),
    with the weights the case fixes: given (``weights``, ``set_weights``) or made by a
    non-random initializer. With random weights only the output shape can be checked."""
    from . import layer_conv_1d_transpose
    from .convert import to_python
    from .reference import conv1d_transpose

    out = observed.get("output")
    if out is None or not case.get("input"):
        return ["R keras failed inside TensorFlow, and rbridge gave no output to check"]
    x = np.asarray(to_python(evaluate_r(case["input"])), dtype=np.float64)
    args = _case_args(case)
    # A twin of the layer, for its settings and, where no weights are given, its initial ones.
    twin = layer_conv_1d_transpose(**{k: v for k, v in args.items() if k != "weights"})
    twin.build(x.shape)
    given = to_python(evaluate_r(case["set_weights"])) if case.get("set_weights") else args.get("weights")
    weights = [np.asarray(w, dtype=np.float64) for w in (given or twin.get_weights())]
    fixed = given is not None or initializers_deterministic(twin.get_config())

    def activation(values: np.ndarray) -> np.ndarray:
        return values if twin.activation is None else np.asarray(twin.activation(values))

    expected = conv1d_transpose(
        x, weights[0], weights[1] if twin.use_bias else None, strides=twin.strides[0],
        padding=twin.padding, dilation=twin.dilation_rate[0],
        output_padding=None if twin.output_padding is None else twin.output_padding[0],
        channels_first=twin.data_format == "channels_first", activation=activation,
    )
    if list(expected.shape) != out["shape"]:
        return [f"output shape: reference {list(expected.shape)}, rbridge {out['shape']}"]
    if not fixed:
        return []
    reference = {"shape": list(expected.shape), "data": expected.ravel().tolist()}
    row["output_max_abs_err"], row["output_max_rel_err"] = _max_errors(reference, out)
    # The reference computes in float64 from the unrounded input: allow the layer dtype's
    # rounding, relative to the output's scale.
    rtol = FLOAT64_RTOL if twin.compute_dtype == "float64" else FLOAT32_RTOL
    atol = rtol * max(1.0, float(np.abs(expected).max(initial=0.0)))
    if not np.allclose(np.asarray(out["data"]), expected.ravel(), rtol=rtol, atol=atol):
        return [f"outputs differ from the reference (max abs error {row['output_max_abs_err']:.3g})"]
    return []


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
           trust_cases: bool = False):
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
