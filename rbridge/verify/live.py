"""Live verification: run a case in R keras itself, in this process, and record its result.

Python → rpy2 → R → reticulate reuses this very Python, so R keras and rbridge share
one TensorFlow: the R keras object (a layer, a model, a tensor) is handed back to
Python as it is (:func:`stash`) and described with the same code that describes
rbridge's (:func:`rbridge.verify.replay.describe`). R keras 2.15 runs on Keras 2 only, so
live mode needs Keras 2 here (TensorFlow 2.15) and the R package ``keras``; where
either is missing, :func:`live_status` says why and verification uses the recorded cases.

``r_keras`` names what to run: ``"keras"`` (the installed R package) or the path of an
R file defining the same functions (``tests/fake-r-keras/keras.R`` is one, for tests).
"""

from __future__ import annotations

import os
import time
from typing import Any

# Made once through rpy2: R keras's functions (a namespace, or an R file sourced into an
# environment), a function that runs one case with them, and a full gc(), both handed to
# Python as callables through reticulate (set_runner). Calling R through reticulate keeps
# Python's GIL held while R runs, where rpy2 would release it: R keras's calls create
# reticulate objects, and reticulate 1.28 finalizes those in R's garbage collector
# without the GIL (see rbridge/from_r.py), which is only safe with the GIL held.
_R_MAKE_RUNNER = r"""
function(r_keras) {
  # rpy2 hooks a warning to reticulate's loading, about reticulate < 1.25 (no GIL handling).
  if (utils::packageVersion("reticulate") >= "1.25") {
    setHook(packageEvent("reticulate", "onLoad"), NULL, "replace")
  }
  keras_env <- if (file.exists(r_keras)) {
    e <- new.env(parent = globalenv())
    sys.source(r_keras, envir = e)
    e
  } else {
    asNamespace(r_keras)
  }
  run <- function(args_src, input_src, kind, function_name) {
    env <- new.env(parent = keras_env)
    fn <- function(name) get(name, envir = keras_env)
    seen <- character()
    result <- withCallingHandlers(tryCatch({
      args <- eval(parse(text = args_src), env)
      input <- if (is.null(input_src)) NULL else eval(parse(text = input_src), env)
      layer <- fn(function_name)
      model <- NULL
      out <- switch(kind,
        missing = do.call(layer, args),
        null = do.call(layer, c(list(NULL), args)),
        sequential = {
          model <- fn("keras_model_sequential")()
          do.call(layer, c(list(model), args))
        },
        tensor = do.call(layer, c(list(fn("layer_input")(shape = input)), args)),
        # merge layers: `input` is a list of shapes, one layer_input() each, given as one
        # list (layer_add(list(a, b))) or spread over `...` (layer_add(a, b)).
        tensors = do.call(layer, c(list(lapply(input, function(s) fn("layer_input")(shape = s))), args)),
        tensors_dots = do.call(layer, c(lapply(input, function(s) fn("layer_input")(shape = s)), args)),
        array = do.call(layer, c(list(input), args)))
      reticulate::import("rbridge.verify.live", convert = FALSE)$stash(out, model)
      list(kind = "ok")
    }, error = function(e) list(kind = "error", message = conditionMessage(e), class = as.list(class(e)),
                                call = paste(deparse(conditionCall(e)), collapse = " "))),
    warning = function(w) {
      seen <<- c(seen, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
    c(result, list(warnings = as.list(seen)))
  }
  collect <- function() invisible(gc())
  reticulate::import("rbridge.verify.live", convert = FALSE)$set_runner(
    r_keras, reticulate::r_to_py(run, convert = TRUE), reticulate::r_to_py(collect, convert = TRUE))
  invisible(NULL)
}
"""

_stashed: dict[str, Any] = {"out": None, "model": None}
_runners: dict[str, tuple[Any, Any]] = {}


def stash(out: Any, model: Any = None) -> None:
    """Called from R with what R keras returned (and the model it was given)."""
    _stashed["out"], _stashed["model"] = out, model


def set_runner(r_keras: str, run: Any, collect: Any) -> None:
    """Called from R (once per ``r_keras``) with the case runner and gc(), as callables."""
    _runners[r_keras] = (run, collect)


def live_status(r_keras: str = "keras") -> tuple[bool, str]:
    """Can live mode run here? (True, "") or (False, the reason, for people)."""
    try:
        from ..engine import get_engine

        engine = get_engine()
    except Exception as exc:  # noqa: BLE001 - reported as the reason
        return False, f"Keras cannot be imported ({exc})"
    if engine.name != "keras2":
        return False, (f"R keras 2.15 runs on Keras 2 (TensorFlow 2.15) and this Python has Keras "
                       f"{engine.keras.__version__}; run live mode from an environment with "
                       "tensorflow 2.15 (scripts/setup-keras2.sh makes one)")
    try:
        from .r_session import r as rpy2_r

        r = rpy2_r()
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


def _runner(r_keras: str) -> tuple[Any, Any]:
    if r_keras not in _runners:
        from .r_session import r as rpy2_r

        _skip_r_shutdown()
        path = os.path.abspath(r_keras) if os.path.isfile(r_keras) else r_keras
        rpy2_r()(_R_MAKE_RUNNER)(path)
        _runners[r_keras] = _runners.pop(path)
    return _runners[r_keras]


def _skip_r_shutdown() -> None:
    """Once reticulate is loaded in the embedded R, rpy2's atexit R shutdown runs
    reticulate's finalizers without the GIL and aborts the process at exit. The process
    is ending anyway: leave R's clean-up out.

    rpy2 registers its shutdown each time ``initr_simple()`` runs, and importing
    ``rpy2.robjects`` runs it: imported first here, so that a later first import cannot
    register the shutdown again (it did, in a worker that made R keras's runner before
    touching robjects, and the process then hung at exit waiting for the GIL)."""
    import atexit

    import rpy2.rinterface as ri
    import rpy2.robjects  # noqa: F401 - its import registers rpy2's shutdown: before unregistering
    from rpy2.rinterface_lib import embedded

    atexit.unregister(ri.endr)
    atexit.unregister(embedded.endr)


def record(case: dict, r_keras: str = "keras") -> dict:
    """The case with ``result`` replaced by what R keras does now, in the fixtures' schema."""
    from .cases import case_function
    from .r_session import evaluate_r
    from .replay import describe

    run, collect = _runner(r_keras)
    started = time.perf_counter()
    outcome = run(case["args"], case.get("input"), case["object"], case_function(case))
    seconds = time.perf_counter() - started
    out, model = _stashed["out"], _stashed["model"]
    _stashed["out"] = _stashed["model"] = None
    collect()  # R keras's garbage, finalized while the GIL is held, before rpy2 runs R again
    if outcome["kind"] == "error":
        result = {"kind": "error", "error": {"message": outcome["message"], "class": list(outcome["class"])}}
    else:
        try:
            result = describe(case, out, evaluate_r(case.get("input")))
        except Exception as exc:  # noqa: BLE001 - R keras's layer failed when computing (predict)
            result = {"kind": "error", "error": {"message": f"{type(exc).__name__}: {exc}",
                                                 "class": [type(exc).__name__]}}
        if case["object"] == "sequential" and result["kind"] != "error":
            result.update(same_object=out is model, n_layers=len(out.layers))
    result["warnings"] = list(outcome["warnings"])
    result["seconds"] = seconds
    return {**case, "result": result, "recorded_by": f"live: {r_keras}"}


def verify_live(cases=None, values: str = "r", progress=None, r_keras: str = "keras"):
    """:func:`rbridge.verify.verify` against R keras run now, in this process: each case is
    first run in R keras (:func:`record`), and rbridge is compared with that."""
    from .runner import verify

    return verify(cases, values=values, progress=progress, truth=lambda case: record(case, r_keras), mode="live")
