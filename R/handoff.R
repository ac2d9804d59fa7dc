# The hand-off of R values to Python's rbridge, and of results back.
#
# reticulate's conversion loses R types (a length-1 vector and a scalar look alike,
# integer and double blur, NA has no type). So R values are not converted by
# reticulate at all: they are left in `.handoff$args`, and Python's rbridge reads them
# with rpy2, attached to this same R process. Python objects (a model, a tensor) do
# go through reticulate, untouched. Data results (an eager output) come back as R
# arrays in `.handoff$result`.

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
  on_python <- vapply(args, is_python_object, logical(1))
  .handoff$args <- args[!on_python]
  on.exit(rm(list = ls(.handoff), envir = .handoff), add = TRUE)
  outcome <- bridge$call(fun, args[on_python], as.list(attr(args, "missing")))

  for (message in reticulate::py_to_r(outcome$warnings)) {
    warning(warningCondition(message, class = "rbridge_warning", call = call))
  }
  status <- reticulate::py_to_r(outcome$status)
  if (status == "error") {
    argument <- reticulate::py_to_r(outcome$argument)
    stop(errorCondition(
      reticulate::py_to_r(outcome$message),
      class = unique(c(reticulate::py_to_r(outcome$error_class), "rbridge_error")),
      argument = argument, call = call
    ))
  }
  if (status == "r_value") {
    return(.handoff$result)
  }
  outcome$value
}
