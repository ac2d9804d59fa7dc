"""The Python end of the R package: R values arrive through rpy2, untouched by reticulate.

The R wrapper puts the caller's R values in an environment of its namespace
(``rbridge:::.handoff$args``) and calls :func:`call` through reticulate. rpy2,
imported inside reticulate's Python, attaches to the running R and reads those
values by reference, so an integer stays an integer, ``4`` stays a length-1
double, ``NA`` keeps its type and arrays keep their ``dim``. Python objects the
caller holds (a Sequential model, a tensor) come through reticulate as they are.

Data results (an eager output, predictions) go back as R arrays: R allocates the
array (``.handoff$result``) and :func:`fill` writes into its memory. A NumPy array
never crosses reticulate (Debian's reticulate 1.28 cannot read NumPy 2 arrays).

Why R allocates, and why nothing here evaluates R code: rpy2 releases Python's GIL
while R runs, and reticulate 1.28's finalizers release Python objects without taking it
back, so a finalizer that runs inside rpy2 aborts the process ("PyThreadState_Get: ...
the GIL is released"; tests/testthat/scripts/gc-hazard.R shows it). R runs finalizers in
gc() and between evaluations, never in the collection an allocation starts. So a
hand-off only reads R values (the hand-off environment is looked up once, by
:func:`attach`; attributes are read directly, not through ``names()``), results are
allocated by R and filled here, and the functions that do evaluate R (``check_case``,
``verify``) are called by R right after a full gc(). Python objects given to R are
also kept referenced here (:func:`_release_unused` drops them once R has), so a late
finalizer cannot be the one that frees them.
"""

from __future__ import annotations

import functools

import importlib
import os
import re
import sys
import warnings
from typing import Any

from . import r_verbs
from .errors import RBridgeError
from .rlock import locked
from .specs import MISSING, SPECS


def _rpy2():
    import logging

    # Expected here, so kept out of users' way: "R was initialized outside of rpy2"
    # (R was started by the R session, not by rpy2), said as a warning and a log record.
    log = logging.getLogger("rpy2.rinterface_lib.embedded")
    level, log.level = log.level, logging.ERROR
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="R was initialized outside of rpy2")
            from .rsession import ensure_rpy2

            ensure_rpy2()  # a clear message if rpy2 is missing from this Python
            import rpy2.rinterface as ri

            ri.initr_simple()  # attaches rpy2 to the R that is already running
    finally:
        log.setLevel(level)
    return ri


_state: dict[str, Any] = {"handoff": None, "pending": None}


def attach() -> None:
    """Find the R package's hand-off environment, once (the R side calls this right after
    a full ``gc()``, so this one R evaluation cannot meet reticulate garbage)."""
    if _state["handoff"] is None:
        ri = _rpy2()
        namespace = ri.baseenv["asNamespace"](ri.StrSexpVector(["rbridge"]))
        _state["handoff"] = namespace.find(".handoff")
        # rbridge.convert imports rpy2.robjects, which evaluates R code: now, not in a call.
        importlib.import_module(".convert", __package__)
        import_tensorflow_quietly()


# A line TensorFlow's C++ logging writes: severity letter, date, time, thread, file:line.
_TF_LOG_LINE = re.compile(r"^([IWEF])\d{4} [\d:.]+\s+\d+ (\S+\] .*)$")
_ABSL_BANNER = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"


def _tidy_start_up_lines(text: str, min_level: int) -> str:
    """TensorFlow's start-up lines, each once, without those ``TF_CPP_MIN_LOG_LEVEL`` hides:
    TensorFlow 2.16+ prints them before absl's logging reads that setting, and once for each
    of its shared libraries that links the logging code (so twice)."""
    seen: set[str] = set()
    kept: list[str] = []
    dropping = False
    for line in text.splitlines(keepends=True):
        match = _TF_LOG_LINE.match(line.rstrip("\n"))
        if match or line.startswith(_ABSL_BANNER):
            severity = match.group(1) if match else "I"
            key = match.group(2) if match else line
            dropping = "IWEF".index(severity) < min_level or key in seen
            seen.add(key)
        elif not dropping and line in seen:  # a continuation line printed before
            continue
        if not dropping:
            seen.add(line)
            kept.append(line)
    return "".join(kept)


def import_tensorflow_quietly() -> None:
    """Import TensorFlow with its start-up lines said once, as ``TF_CPP_MIN_LOG_LEVEL`` asks
    (the R package sets 2 when the user set nothing). Its file descriptor 2 output is held
    while TensorFlow loads and written out after, tidied; a failed import is raised as usual,
    with everything TensorFlow said."""
    if "tensorflow" in sys.modules:
        return
    import tempfile

    try:
        min_level = int(os.environ.get("TF_CPP_MIN_LOG_LEVEL", "0") or 0)
    except ValueError:
        min_level = 0
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        failed = True
        try:
            import tensorflow  # noqa: F401
            failed = False
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            text = held.read().decode("utf-8", errors="replace")
            os.write(2, (text if failed else _tidy_start_up_lines(text, min_level)).encode())


def _handoff():
    if _state["handoff"] is None:
        raise RBridgeError("rbridge.from_r.attach() must run first (the R package does it on first use)")
    return _state["handoff"]


# The R condition class for each rbridge error (all also inherit "rbridge_error").
_R_CONDITION_CLASS = {
    "RArgumentError": "rbridge_argument_error",
    "RMissingArgumentError": "rbridge_missing_argument",
}


def _outcome(status: str, *, value: Any = None, message: str = "", argument: str | None = None,
             error_class: str = "", warnings: list[str] | None = None, dim: list[int] | None = None,
             dims: list[list[int]] | None = None) -> dict:
    """What :func:`call` tells the R side. ``status``: "value" (a Python object in
    ``value``), "r_array" (data: R allocates an array of ``dim`` and calls :func:`fill`),
    "r_arrays" (a list of arrays of ``dims``, filled the same way) or "error". Everything but ``value`` is a plain value reticulate converts."""
    if value is not None:
        _given_to_r.append(value)
    return {"status": status, "value": value, "message": message, "argument": argument,
            "error_class": error_class, "warnings": [strip_ansi(w) for w in warnings or []],
            "dim": list(dim or []), "dims": list(dims or [])}


# Python objects handed to R, kept alive here until R has dropped them (see the module doc).
_given_to_r: list[Any] = []
_sweep_at = [64]  # sweep when the list has grown to this size: amortised O(1) per call


def _release_unused() -> None:
    """Drop the objects only this list still refers to (called while the GIL is held)."""
    if len(_given_to_r) < _sweep_at[0]:
        return
    # getrefcount sees: the list's reference, the loop variable and its own argument.
    _given_to_r[:] = [obj for obj in _given_to_r if sys.getrefcount(obj) > 3]
    _sweep_at[0] = max(64, 2 * len(_given_to_r))


def _r_args() -> dict[str, Any]:
    from .convert import named_elements

    return named_elements(_handoff().find("args"))


_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def strip_ansi(text: str) -> str:
    """Text without terminal escape codes (Keras writes bold and colours into its error
    messages; relayed to R they would show as ``[1m`` noise)."""
    return _ANSI_ESCAPE.sub("", text)


def _run(function, kwargs: dict[str, Any]) -> dict:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = function(**kwargs)
        except RBridgeError as exc:
            return _outcome("error", message=strip_ansi(str(exc)), argument=getattr(exc, "argument", None),
                           error_class=_R_CONDITION_CLASS.get(type(exc).__name__, "rbridge_error"),
                           warnings=_messages(caught))
        except Exception as exc:  # noqa: BLE001 - reported to R as an R error, never a crash
            return _outcome("error", message=strip_ansi(f"{type(exc).__name__}: {exc}"),
                           error_class="rbridge_python_error",
                           warnings=_messages(caught))
    if isinstance(result, (list, tuple)) and result and not isinstance(result, r_verbs.RArrays) \
            and all(_is_data(value) for value in result):
        result = r_verbs.RArrays(result)  # several eager outputs (return_state = TRUE): R arrays each
    if isinstance(result, r_verbs.RArrays):  # a list of R arrays (get_weights())
        _state["pending"] = [_in_r_order(value) for value in result]
        return _outcome("r_arrays", warnings=_messages(caught), dims=[[int(d) for d in value.shape]
                                                                        for value in result])
    if _is_data(result):
        _state["pending"] = _in_r_order(result)
        return _outcome("r_array", warnings=_messages(caught), dim=[int(d) for d in result.shape])
    return _outcome("value", value=result, warnings=_messages(caught))


def _in_r_order(result: Any):
    """The result's values as float64 in R's column-major order, flat. A tensor is
    transposed by TensorFlow (fast, in parallel) so that the cast and the copy into R's
    array run over contiguous memory, instead of one strided pass."""
    import numpy as np

    from .engine import get_engine

    engine = get_engine()
    if engine.is_tensor(result) and len(result.shape) > 1:
        reversed_axes = tuple(range(len(result.shape)))[::-1]
        return np.asarray(engine.transpose(result, reversed_axes), dtype=np.float64).ravel()
    return np.asarray(result, dtype=np.float64).ravel(order="F")


def fill() -> None:
    """Write the pending result into the R array the R side allocated (``.handoff$result``):
    element [i, j, k] of the NumPy array lands at R's x[i+1, j+1, k+1]."""
    from .convert._memory import r_memory

    data, _state["pending"] = _state["pending"], None
    target = _handoff().find("result")
    if isinstance(data, list):  # "r_arrays": R allocated a list of arrays
        for i, values in enumerate(data):
            if values.size:
                r_memory(target[i])[:] = values
        return
    if data.size:
        r_memory(target)[:] = data.ravel()  # both in R's (column-major) order: one straight copy


def _messages(caught) -> list[str]:
    return [str(w.message) for w in caught if w.category.__module__.startswith("rbridge")
            or issubclass(w.category, UserWarning) and "rbridge" in str(w.filename)]


def _is_data(value: Any) -> bool:
    from .engine import get_engine

    return get_engine().is_data(value)


def layer_name(function: str) -> str:
    """The name the next layer of the R function ``function`` gets, taken before the R wrapper
    evaluates its ``object`` (as R keras 2.15 named layers: see tools/generate_r.py)."""
    from .engine import get_engine

    return get_engine().take_layer_name(SPECS[function])


def call(function: str, py_args: dict[str, Any] | None, missing: list[str] | None) -> dict:
    """Run an rbridge function with R's arguments: those in the hand-off environment
    (R values) and ``py_args`` (Python objects); ``missing`` names the arguments R had
    no value for (they stay missing, as in R)."""
    with locked():  # R is single-threaded: one hand-off at a time
        _release_unused()
        kwargs = _r_args()
        if function not in SPECS:  # a layer function converts (and checks) its own arguments
            from .convert import to_python

            kwargs = {name: to_python(value) for name, value in kwargs.items()}
        kwargs.update(py_args or {})
        for name in missing or []:
            kwargs[name] = MISSING
        fn = _FUNCTIONS.get(function) or _layer_function(function)
        if "more_inputs" in kwargs and function in SPECS:
            # A merge layer's unnamed `...` (R wrapper: `more_inputs`): positional, after `inputs`.
            more = _as_items(kwargs.pop("more_inputs"))
            first = SPECS[function].first_argument
            fn = functools.partial(fn, kwargs.pop(first, MISSING), *more)
        return _run(fn, kwargs)


def _as_items(value: Any) -> list:
    """The elements of an R list (rpy2) or a Python list, unconverted."""
    if isinstance(value, (list, tuple)):
        return list(value)
    from .convert import _objects

    return [_objects.element(value, i) for i in range(len(value))]


# ----------------------------------------------------------------------------- functions

def _layer_function(name: str):
    """The family's function ``name`` (rbridge.layers made one per spec)."""
    from .layers import FUNCTIONS

    return FUNCTIONS[name]


def _sequential(layers=None, name=None, **input_args):
    """``keras_model_sequential(layers, name, ...)``: as R keras 2.15, the arguments in ``...``
    make the model's input layer (its ``sequential_model_input_layer()``)."""
    from .engine import get_engine
    from .coercers import string_or_null

    keras = get_engine().keras
    layers = [] if layers is None else (list(layers) if isinstance(layers, (list, tuple)) else [layers])
    if input_args:
        layers = [_sequential_input_layer(keras, **input_args)] + layers
    return keras.Sequential(layers=layers or None, name=string_or_null(name, "name"))


_INPUT_LAYER_ARGUMENTS = ("input_shape", "batch_size", "dtype", "input_tensor", "sparse", "ragged",
                          "input_layer_name")


def _sequential_input_layer(keras, **args):
    from .coercers import logical, nullable_positive_integer, shape as as_shape, string_or_null
    from .errors import RArgumentError

    unknown = sorted(set(args) - set(_INPUT_LAYER_ARGUMENTS))
    if unknown:
        raise RArgumentError(unknown[0], "...", "is not an argument of keras_model_sequential()'s input layer "
                             f"(R keras 2.15 takes: {', '.join(_INPUT_LAYER_ARGUMENTS)})")
    shape = as_shape(args.get("input_shape"), "input_shape")
    kwargs = {"batch_size": nullable_positive_integer(args.get("batch_size"), "batch_size"),
              "dtype": string_or_null(args.get("dtype"), "dtype"),
              "name": string_or_null(args.get("input_layer_name"), "input_layer_name")}
    if args.get("sparse") is not None:
        kwargs["sparse"] = logical(args["sparse"], "sparse")
    if args.get("input_tensor") is not None:
        kwargs["input_tensor"] = args["input_tensor"]
    if args.get("ragged") is not None and logical(args["ragged"], "ragged"):
        raise RArgumentError("ragged", "TRUE", "ragged inputs are not supported by rbridge")
    if shape is None and "input_tensor" not in kwargs:
        raise RArgumentError("input_shape", "NULL", "give the input shape (without the batch axis)")
    if int(keras.__version__.split(".")[0]) >= 3:
        if kwargs["name"] is None:  # Keras 2.15's "input_<n>" (rbridge/keras215_names.py)
            from .keras215_names import input_name

            kwargs["name"] = input_name()
        return keras.layers.InputLayer(shape=shape, **kwargs)
    return keras.layers.InputLayer(input_shape=shape, **kwargs)


def _input(**given):
    """``layer_input()``, as R keras 2.15's: the arguments the R caller gave, ``shape`` and
    ``batch_shape`` through R's shape rules (``list()`` is a scalar input), the rest as they
    are, to Keras's ``Input()``."""
    from .coercers import logical, shape as as_shape, string_or_null
    from .engine import get_engine
    from .errors import RArgumentError

    keras = get_engine().keras
    kwargs = dict(given)
    for name in ("shape", "batch_shape"):
        if name in kwargs:
            kwargs[name] = () if kwargs[name] == [] else as_shape(kwargs[name], name)
    if "name" in kwargs:
        kwargs["name"] = string_or_null(kwargs["name"], "name")
    for name in ("sparse", "ragged"):
        if name in kwargs and not isinstance(kwargs[name], bool):
            kwargs[name] = logical(kwargs[name], name)
    if int(keras.__version__.split(".")[0]) >= 3:
        if "ragged" in kwargs and kwargs.pop("ragged"):
            raise RArgumentError("ragged", "TRUE", "Keras 3 has no ragged inputs")
        if kwargs.get("name") is None:  # Keras 2.15's "input_1", "input_2", ... (Keras 3: "input_layer")
            from .keras215_names import input_name

            kwargs["name"] = input_name()
    return keras.Input(**kwargs)


def _call_layer(object, x):
    """A layer called on an R array, as ``layer(x)`` in R keras."""
    import numpy as np


    return object(np.asarray(x))


def _check_case(case_file, result=None, input=None, model=None):
    """The problems (none: agreement) of an R-side result against a recorded R keras case."""
    import json
    from pathlib import Path

    from . import verify
    from .convert import to_python

    case = json.loads(Path(case_file).read_text())
    observed = verify.describe(case, to_python(result), to_python(input))
    if model is not None:  # "sequential": the model the R caller piped in
        observed.update(same_object=result is model, n_layers=len(result.layers))
    return verify.compare(case, observed)["problems"]


def _verify(cases=None, ids=None, values="r"):
    """``rbridge::verify_parity()``: the verification table as JSON records (R reads them
    with jsonlite; a pandas frame cannot cross reticulate 1.28 under NumPy 2)."""
    from . import verify
    from .verify import report

    ids = [ids] if isinstance(ids, str) else ids
    frame = verify.verify(verify.load_cases(cases, ids or None), values=values)
    return report.tidy(frame).to_json(orient="records")


_FUNCTIONS = {
    "verify": _verify,
    "set_weights": r_verbs.set_weights,
    "get_weights": r_verbs.get_weights,
    "keras_model": r_verbs.keras_model,
    "summary_lines": r_verbs.summary_lines,
    "call_layer": _call_layer,
    "check_case": _check_case,
    "keras_model_sequential": _sequential,
    "layer_input": _input,
    "compile": r_verbs.compile,
    "fit": r_verbs.fit,
    "evaluate": r_verbs.evaluate,
    "predict": r_verbs.predict,
}
_FUNCTIONS.update(r_verbs.R_FUNCTIONS)  # the batch verbs (predict_on_batch() ...)
