"""Live verification: run a case in R keras itself, in this process, and record its result.

Python → rpy2 → R → reticulate reuses this very Python, so R keras and rbridge share
one TensorFlow: the R keras object (a layer, a model, a tensor) is handed back to
Python as it is (:func:`stash`) and described with the same code that describes
rbridge's (:func:`rbridge.verify.describe`). R keras 2.15 runs on Keras 2 only, so
live mode needs Keras 2 here (TensorFlow 2.15) and the R package ``keras``; where
either is missing, :func:`live_status` says why and verification uses the recorded cases.

``r_keras`` names what to run: ``"keras"`` (the installed R package) or the path of an
R file defining the same functions (``tests/fake-r-keras/keras.R`` is one, for tests).
"""

from __future__ import annotations

import os
import time
from typing import Any

# Evaluates one case with R keras's functions from `keras_env` (a namespace or an
# environment); the object it returns goes to Python through stash(); errors and
# warnings come back as R values.
_R_RUN_CASE = r"""
function(args_src, input_src, kind, keras_env) {
  env <- new.env(parent = keras_env)
  fn <- function(name) get(name, envir = keras_env)
  seen <- character()
  extra <- list()
  result <- withCallingHandlers(tryCatch({
    args <- eval(parse(text = args_src), env)
    input <- if (is.null(input_src)) NULL else eval(parse(text = input_src), env)
    layer <- fn("layer_conv_1d_transpose")
    out <- switch(kind,
      missing = do.call(layer, args),
      null = do.call(layer, c(list(NULL), args)),
      sequential = {
        model <- fn("keras_model_sequential")()
        o <- do.call(layer, c(list(model), args))
        extra <- list(same_object = identical(reticulate::py_id(o), reticulate::py_id(model)),
                      n_layers = length(o$layers))
        o
      },
      tensor = do.call(layer, c(list(fn("layer_input")(shape = input)), args)),
      array = do.call(layer, c(list(input), args)))
    reticulate::import("rbridge.live", convert = FALSE)$stash(out)
    c(list(kind = "ok"), extra)
  }, error = function(e) list(kind = "error", message = conditionMessage(e), class = class(e))),
  warning = function(w) {
    seen <<- c(seen, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  c(result, list(warnings = seen))
}
"""

_stashed: list[Any] = [None]


def stash(obj: Any) -> None:
    """Called from R (through reticulate) with the object R keras returned."""
    _stashed[0] = obj


def live_status(r_keras: str = "keras") -> tuple[bool, str]:
    """Can live mode run here? (True, "") or (False, the reason, for people)."""
    try:
        from .engine import get_engine

        engine = get_engine()
    except Exception as exc:  # noqa: BLE001 - reported as the reason
        return False, f"Keras cannot be imported ({exc})"
    if engine.name != "keras2":
        return False, (f"R keras 2.15 runs on Keras 2 (TensorFlow 2.15) and this Python has Keras "
                       f"{engine.keras.__version__}; run live mode from an environment with "
                       "tensorflow 2.15 (scripts/setup-keras2.sh makes one)")
    try:
        from .verify import _r

        r = _r()
    except Exception as exc:  # noqa: BLE001
        return False, f"R cannot be reached through rpy2 ({exc})"
    if not bool(r("requireNamespace")("reticulate", quietly=True)[0]):
        return False, "the R package reticulate is not installed (apt-get install r-cran-reticulate)"
    if os.path.isfile(r_keras):
        return True, ""
    if not bool(r("requireNamespace")(r_keras, quietly=True)[0]):
        return False, (f"the R package {r_keras!r} is not installed in R (R keras 2.15 comes from CRAN, "
                       "which this machine cannot reach)")
    return True, ""


_keras_envs: dict[str, Any] = {}


def _keras_env(r_keras: str):
    """R keras's namespace, or an environment with an R file's definitions (made once)."""
    if r_keras not in _keras_envs:
        from .verify import _r

        _skip_r_shutdown()
        r = _r()
        if os.path.isfile(r_keras):
            env = r("function(path) { e <- new.env(parent = globalenv()); sys.source(path, envir = e); e }")(
                os.path.abspath(r_keras))
        else:
            env = r("asNamespace")(r_keras)
        _keras_envs[r_keras] = env
    return _keras_envs[r_keras]


def _skip_r_shutdown() -> None:
    """Once reticulate is loaded in the embedded R, rpy2's atexit R shutdown runs
    reticulate's finalizers without the GIL and aborts the process at exit. The process
    is ending anyway: leave R's clean-up out."""
    import atexit

    import rpy2.rinterface as ri

    atexit.unregister(ri.endr)


def record(case: dict, r_keras: str = "keras") -> dict:
    """The case with ``result`` replaced by what R keras does now, in the fixtures' schema."""
    import rpy2.robjects as ro

    from .convert import to_python
    from .verify import _r, describe, evaluate_r

    run = _r()(_R_RUN_CASE)
    started = time.perf_counter()
    outcome = to_python(run(case["args"], case.get("input") or ro.NULL, case["object"], _keras_env(r_keras)))
    warnings = outcome.get("warnings") or []
    warnings = [warnings] if isinstance(warnings, str) else list(warnings)
    if outcome["kind"] == "error":
        classes = outcome["class"]
        result = {"kind": "error", "error": {"message": outcome["message"],
                                             "class": [classes] if isinstance(classes, str) else classes}}
    else:
        out, _stashed[0] = _stashed[0], None
        result = describe(case, out, evaluate_r(case.get("input")))
        result.update({k: outcome[k] for k in ("same_object", "n_layers") if k in outcome})
    result["warnings"] = warnings
    result["seconds"] = time.perf_counter() - started
    return {**case, "result": result, "recorded_by": f"live: {r_keras}"}
