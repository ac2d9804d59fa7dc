# The hand-off of R values to Python's rbridge, and of results back.
#
# reticulate's conversion loses R types (a length-1 vector and a scalar look alike,
# integer and double blur, NA has no type). So R values are not converted by
# reticulate at all: they are left in `.handoff$args`, and Python's rbridge reads them
# with rpy2, attached to this same R process. Python objects (a model, a tensor) do
# go through reticulate, untouched. Data results (an eager output) come back as R
# arrays: R allocates `.handoff$result` and Python fills it.
#
# rpy2 runs R with Python's GIL released, and reticulate 1.28 finalizes Python objects
# in R's garbage collector without taking the GIL: a collection inside rpy2 that meets
# reticulate garbage aborts the process. Hence the safe point below: a minor collection
# here, where the GIL is held, leaves R enough free memory that the little rpy2
# allocates during the hand-off cannot start another; large results are allocated here.
# A minor collection leaves older garbage for later; options(rbridge.full_gc = TRUE)
# makes the safe point a full collection (certain, and about 0.1 s per call).

.handoff <- new.env(parent = emptyenv())

# The formals of the calling wrapper as a named list of their values; required
# formals the caller did not give are left out and named in attr(, "missing").
rbridge_collect_args <- function(env, required = character()) {
  names <- names(formals(sys.function(sys.parent())))
  args <- list()
  missing <- character()
  for (name in names) {
    if (name %in% required && eval(call("missing", as.name(name)), env)) {
      missing <- c(missing, name)
    } else {
      args[name] <- list(get(name, envir = env))
    }
  }
  attr(args, "missing") <- missing
  args
}

is_python_object <- function(x) inherits(x, "python.builtin.object")

rbridge_call <- function(fun, args, call = sys.call(-1)) {
  bridge <- rbridge_module()
  gc(full = isTRUE(getOption("rbridge.full_gc")))  # the safe point (see above)
  on_python <- vapply(args, is_python_object, logical(1))
  .handoff$args <- args[!on_python]
  on.exit(rm(list = ls(.handoff), envir = .handoff), add = TRUE)
  # A named list (reticulate converts the answer while it holds the GIL).
  outcome <- bridge$call(fun, args[on_python], as.list(attr(args, "missing")))

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
    bridge$fill()
    return(.handoff$result)
  }
  outcome$value
}
