# Ported from R keras 2.15.0's R/constraints.R (MIT licence, RStudio): its functions, signatures and
# argument handling, with Keras 3's renames handled (see R/rk-support.R, is_keras3()).
constraint_maxnorm <- function(max_value = 2, axis = 0) {
  keras$constraints$MaxNorm(max_value = as.integer(max_value), axis = as.integer(axis))
}

constraint_nonneg <- function() {
  keras$constraints$NonNeg()
}

constraint_unitnorm <- function(axis = 0) {
  keras$constraints$UnitNorm(axis = as.integer(axis))
}

constraint_minmaxnorm <- function(min_value = 0.0, max_value = 1.0, rate = 1.0, axis = 0) {
  keras$constraints$MinMaxNorm(min_value = min_value, max_value = max_value, rate = rate, axis = as.integer(axis))
}


# R keras 2.15's (deprecated) base R6 class for custom constraints: a subclass implements
# `call(w)` (and may implement `get_config()`). Given as a layer's `*_constraint` argument,
# it becomes a Keras constraint calling those methods (as_constraint()).
KerasConstraint <- R6::R6Class("KerasConstraint",
  public = list(
    call = function(w) {
      stop("Keras custom constraints must implement the call function")
    },
    get_config = function() {
      reticulate::dict()
    })
)

# R keras 2.15's as_constraint() (its create_layer() applies it to every `*_constraint`
# argument; rbridge's rbridge_call(), R/handoff.R, does): an R function or a KerasConstraint
# becomes rbridge's port of kerastools' RConstraint (rbridge/r_constraint.py), a Keras
# constraint whose __call__ runs the R function; anything else is left as it is (a Keras
# constraint, a name, NULL). A Python callable reaches R as a function too: it is left alone.
as_constraint <- function(constraint) {
  create_constraint <- function(call, get_config = NULL) {
    if (is.null(get_config)) get_config <- function() reticulate::dict()
    tools <- list(constraint = reticulate::import("rbridge.r_constraint"))  # (rbridge's port of kerastools)
    tools$constraint$RConstraint(constraint_call_with_hint(call), get_config)
  }
  if (is_python_object(constraint)) {
    constraint
  } else if (is.function(constraint)) {
    create_constraint(constraint)
  } else if (inherits(constraint, "KerasConstraint")) {
    create_constraint(constraint$call, constraint$get_config)
  } else {
    constraint
  }
}

is_r_constraint <- function(x) {
  !is_python_object(x) && (is.function(x) || inherits(x, "KerasConstraint"))
}

# The R function as Keras calls it: R keras's users compute on tensors with R's operators
# (`w * k_cast(...)`), which R tensorflow (R keras's dependency) or reticulate >= 1.29 define
# for Python objects. With neither (Debian's reticulate 1.28), R's error is explained.
constraint_call_with_hint <- function(call) {
  force(call)
  function(w) {
    tryCatch(call(w), error = function(e) {
      if (!r_operators_on_python() && grepl("non-numeric argument to binary operator", conditionMessage(e), fixed = TRUE)) {
        stop(conditionMessage(e), " in a custom constraint: R's arithmetic operators on tensors (`w * ...`) ",
             "need reticulate >= 1.29 (installed: ", format(utils::packageVersion("reticulate")), ")",
             call. = FALSE)
      }
      stop(e)
    })
  }
}

r_operators_on_python <- function() {
  !is.null(utils::getS3method("*", "python.builtin.object", optional = TRUE)) ||
    !is.null(utils::getS3method("*", "tensorflow.tensor", optional = TRUE))
}
