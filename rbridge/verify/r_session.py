"""The embedded R (rpy2) that verify evaluates a case's R source in, with R keras's helpers.

Only source the case sandbox (:mod:`.sandbox`) has already evaluated within its limits, or
a trusted case's (``--trust-cases``), reaches :func:`evaluate_r`: this process's R runs
under rpy2 without R's C stack check, so nothing here may be a stranger's first run.
"""

from __future__ import annotations

from typing import Any

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

_r_ready = False


def r():
    """rpy2's R, with the R keras helper functions defined once (live mode uses it too)."""
    import rpy2.robjects as ro

    _define_helpers()
    return ro.r


def _define_helpers() -> None:
    global _r_ready
    if not _r_ready:
        _evaluate(R_HELPERS)
        _r_ready = True


def _evaluate(source: str) -> Any:
    from ..rsession import ensure_rpy2

    ensure_rpy2()
    import rpy2.rinterface as ri

    return ri.baseenv["eval"](ri.parse(source), ri.globalenv)


def evaluate_r(source: str | None) -> Any:
    """R source evaluated in R's global environment (the helpers defined), as an rpy2
    object. Thread-safe: rinterface-level, under rbridge's R lock, and without rpy2's
    conversion rules (which live in a context variable new threads do not have)."""
    from ..rlock import locked

    if source is None:
        return None
    with locked():
        _define_helpers()
        return _evaluate(source)


def case_args(case: dict) -> dict:
    """The case's arguments (its R source evaluated) as plain Python values."""
    from ..convert import named_elements, to_python

    return {k: to_python(v) for k, v in named_elements(evaluate_r(case["args"])).items()}
