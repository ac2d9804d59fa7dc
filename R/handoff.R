# The hand-off of R values to Python's rbridge, and of results back.
#
# reticulate's conversion loses R types (a length-1 vector and a scalar look alike,
# integer and double blur, NA has no type). So R values are not converted by
# reticulate at all: they are left in `.handoff$args`, and Python's rbridge reads them
# with rpy2, attached to this same R process. Python objects (a model, a tensor) do
# go through reticulate, untouched. Data results (an eager output) come back as R
# arrays: R allocates `.handoff$result` and Python fills it.
#
# rpy2 runs R with Python's GIL released, and reticulate 1.28's finalizers release
# Python objects without taking it back: if they run inside rpy2, R aborts. R runs
# finalizers in gc() and between evaluations, not in the collection an allocation
# starts; so the hand-off evaluates no R code through rpy2 (Python only reads the values
# and fills the result R allocated here), and the few functions that must evaluate R
# code from Python (`evaluates_r = TRUE`) start with a full gc(), here, where the GIL
# is held, so that no reticulate garbage is left for their finalizers.

.handoff <- new.env(parent = emptyenv())

# The arguments a wrapper's caller gave (`given`: names(match.call())[-1] in the wrapper), as
# a named list of their values from the wrapper's environment; required ones not given are
# named in attr(, "missing"). Arguments left at their default are not handed over: Python's
# side applies the same defaults, from the same table the wrapper is generated from, so
# reading them from R would only cost time.
rbridge_given_args <- function(env, given, required = character()) {
  args <- mget(as.character(given), envir = env)  # given is NULL when nothing was given
  attr(args, "missing") <- setdiff(required, given)
  args
}

is_python_object <- function(x) inherits(x, "python.builtin.object")
is_list_of_python_objects <- function(x) {
  is.list(x) && !is_python_object(x) && length(x) > 0L && all(vapply(x, is_python_object, logical(1)))
}

# The name Keras gives the next layer the R function `fun` makes, taken before the function
# evaluates its `object` (R/layers-generated.R: R keras 2.15's naming order). No Python for
# rbridge is reported against the user's call, as in rbridge_call().
rbridge_layer_name <- function(fun, call = sys.call(-1)) {
  bridge <- tryCatch(rbridge_module(), error = identity)
  if (inherits(bridge, "error")) {
    bridge$call <- call
    stop(bridge)
  }
  bridge$layer_name(fun)
}

rbridge_call <- function(fun, args, call = sys.call(-1), evaluates_r = FALSE) {
  # `args` is a promise that reads the caller's arguments, themselves promises: an error in
  # one (an undefined variable, a stop() in an argument), or no Python for rbridge, is
  # reported against the user's call, as R keras reports it, not from deep inside the
  # hand-off ("Error in mget(...)", "Calls: rbridge_call -> which -> vapply ->
  # rbridge_given_args -> mget"). stop() here, not in a handler, keeps `Calls:` short.
  failure <- tryCatch({
    force(args)
    bridge <- rbridge_module()
    NULL
  }, error = identity)
  if (!is.null(failure)) {
    failure$call <- call
    stop(failure)
  }
  if (evaluates_r) gc()
  # A list of Python objects (keras_model(list(input_a, input_b), ...)) goes as a Python list.
  for (i in which(vapply(args, is_list_of_python_objects, logical(1)))) args[[i]] <- reticulate::r_to_py(args[[i]])
  # R keras's activation_*() given as a function (activation = activation_relu) goes as the Keras
  # activation it calls (R/rk-activations.R): no R code runs inside TensorFlow.
  for (i in which(vapply(args, is_r_activation, logical(1)))) args[[i]] <- r_activation_as_python(args[[i]])
  # As R keras 2.15's create_layer(): a layer's `*_constraint` given as an R function or an R6
  # KerasConstraint goes as a Keras constraint that calls it (R/rk-constraints.R's
  # as_constraint()); Keras runs it when it applies the constraint (in training). Other
  # arguments given an R function keep their error (rbridge/coercers.py's keras_object()).
  for (i in which(grepl("_constraint$", names(args) %||% character()) &
                  vapply(args, is_r_constraint, logical(1)))) {
    args[[i]] <- as_constraint(args[[i]])
  }
  on_python <- vapply(args, is_python_object, logical(1))
  .handoff$args <- args[!on_python]
  on.exit(rm(list = ls(.handoff), envir = .handoff), add = TRUE)
  # A named list (reticulate converts the answer while it holds the GIL).
  outcome <- bridge$call_function(fun, args[on_python], as.list(attr(args, "missing")))

  for (message in unlist(outcome$warnings)) {
    warning(warningCondition(message, class = "rbridge_warning", call = call))
  }
  if (outcome$status == "error") {
    stop(errorCondition(
      outcome$message,
      class = unique(c(outcome$error_class, "rbridge_error")),
      argument = outcome$argument, call = call
    ))
  }
  if (outcome$status == "r_array") {
    .handoff$result <- array(0, dim = unlist(outcome$dim))
    bridge$fill_function()
    return(.handoff$result)
  }
  if (outcome$status == "r_arrays") {  # a list of arrays (get_weights()): R allocates each
    .handoff$result <- lapply(outcome$dims, function(d) {
      d <- as.integer(unlist(d))
      if (length(d)) array(0, dim = d) else 0
    })
    bridge$fill_function()
    return(.handoff$result)
  }
  outcome$value
}
