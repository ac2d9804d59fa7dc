# What R keras 2.15's ported functions (R/rk-*.R) take from the rest of R keras: the Python
# `keras` module (R keras exports it too), its argument helpers (capture_args(), as_axis(), ...,
# ported from its R/utils.R, R/layers-core.R, R/backend.R and R/model.R, MIT licence), version
# queries, and where Keras 3 renamed or dropped what R keras 2.15 calls, the Keras 3 name or a
# clear rbridge error (keras_renamed(), keras3_loss_args(), keras3_optimizer_args()).

# The engine's Keras: Keras 3's `keras`, or Keras 2.15 (what tf.keras is under TF 2.15).
# Loaded on first use, after rbridge has chosen its Python (.onLoad in R/model.R sets it).
keras <- NULL

make_keras_module <- function() {
  reticulate::import("keras", delay_load = list(before_load = function() rbridge_module()))
}

# TRUE on Keras 3 (the engine rbridge runs on: .venv), FALSE on Keras 2.15.
is_keras3 <- function() {
  if (is.null(.state$keras3)) .state$keras3 <- keras_version() >= "3.0"
  .state$keras3
}

keras_version <- function() {
  version <- keras$`__version__`
  version <- regmatches(version, regexec("^([0-9]+\\.[0-9]+\\.?[0-9]*)", version))[[1]][[2]]
  package_version(version)
}

tf_version <- function() {
  rbridge_module()
  version <- reticulate::import("tensorflow")$`__version__`
  package_version(regmatches(version, regexec("^([0-9]+\\.[0-9]+)", version))[[1]][[2]])
}

is_keras_available <- function(version = NULL) {
  available <- tryCatch({ rbridge_module(); reticulate::py_module_available("keras") },
                        error = function(e) FALSE)
  if (available && !is.null(version)) available <- keras_version() >= version
  available
}

# R keras 2.15's backend(): Keras 2.15's backend module, whose tensor functions scripts call as
# `K <- backend(); K$mean(x)`. Keras 3's keras.backend has almost none of them: there,
# rbridge's Python module of Keras 2.15's backend functions (rbridge/keras215_backend.py).
backend <- function(convert = TRUE) {
  rbridge_module()
  module <- if (is_keras3()) "rbridge.keras215_backend" else "keras.backend"
  reticulate::import(module, convert = convert)
}

k_clear_session <- function() invisible(keras$backend$clear_session())

# R keras 2.15's implementation helpers (R/package.R): only the "tensorflow" implementation is
# left (the standalone "keras" one was dropped before 2.15), so these answer as R keras did
# with KERAS_IMPLEMENTATION unset. R keras's own tests call them unqualified.
is_tensorflow_implementation <- function(implementation = get_keras_implementation()) {
  identical(implementation, "tensorflow")
}
is_keras_implementation <- function(implementation = get_keras_implementation()) {
  identical(implementation, "keras")
}
get_keras_implementation <- function(default = "tensorflow") "tensorflow"
is_backend <- function(name) identical(keras$backend$backend(), name)

require_tf_version <- function(ver, msg = "this function.") {
  if (tf_version() < ver) stop("Tensorflow version >=", ver, " required to use ", msg)
}

# R keras 2.15's error for what Keras 3 cannot do, saying what to use instead.
keras3_unsupported <- function(what, instead, call = sys.call(-1)) {
  stop(errorCondition(paste0(what, " is not available on Keras 3 (which rbridge runs on). ", instead),
                      class = c("rbridge_unsupported", "rbridge_error"), call = call))
}

# Keras 2.15's names that Keras 3 renamed (same computation), and those it dropped.
keras3_renames <- c(kullback_leibler_divergence = "kl_divergence", logcosh = "log_cosh")
keras3_removed <- c(MeanRelativeError = "metric_mean_absolute_percentage_error() or a custom_metric()",
                    MeanTensor = "metric_mean() or a custom_metric()",
                    ThresholdedReLU = "layer_activation_relu(threshold = theta)")

keras_renamed <- function(module, name) {
  if (is_keras3()) {
    if (name %in% names(keras3_removed)) {
      keras3_unsupported(paste0("Keras's ", name), paste("Use", keras3_removed[[name]], "instead."))
    }
    if (name %in% names(keras3_renames)) name <- keras3_renames[[name]]
  }
  eval(call("$", module, name))  # (as `module$name`: a callable R can call)
}

# A loss's `reduction`: Keras 2.15's "auto" is Keras 3's "sum_over_batch_size" (which refuses "auto").
keras3_loss_args <- function(args) {
  if (is_keras3() && identical(args$reduction, "auto")) args$reduction <- "sum_over_batch_size"
  args
}

# ---- ported from R keras 2.15 (R/utils.R, R/layers-core.R, R/backend.R, R/model.R) ----

capture_args <- function(cl, modifiers = NULL, ignore = NULL,
                         envir = parent.frame(), fn = sys.function(-1)) {
  fn_arg_nms <- names(formals(fn))
  known_args <- intersect(names(cl), fn_arg_nms)
  known_args <- setdiff(known_args, ignore)
  names(known_args) <- known_args
  cl2 <- c(quote(list), lapply(known_args, as.symbol))
  if ("..." %in% fn_arg_nms && !"..." %in% ignore) {
    assert_all_dots_named(envir, cl)
    cl2 <- c(cl2, quote(...))
  }
  args <- eval(as.call(cl2), envir)
  for (nm in intersect(names(args), ignore)) args[[nm]] <- NULL
  nms_to_modify <- intersect(names(args), names(modifiers))
  for (nm in nms_to_modify) args[nm] <- list(modifiers[[nm]](args[[nm]]))
  args
}

assert_all_dots_named <- function(envir = parent.frame(), cl) {
  x <- eval(quote(list(...)), envir)
  if (!length(x)) return()
  x <- names(x)
  if (is.character(x) && !anyNA(x) && all(x != "")) return()
  stop("All arguments provided to `...` must be named.\n",
       "Call with unnamed arguments in dots:\n  ",
       paste(deparse(cl, 500L), collapse = "\n"))
}

as_axis <- function(axis) {
  if (is.null(axis)) return(NULL)
  if (length(axis) > 1) return(lapply(axis, as_axis))
  axis <- as.integer(axis)
  if (axis == 0L) stop("`axis` argument is 1 based, received 0")
  if (axis > 0L) axis - 1L else axis
}

as_nullable_integer <- function(x) if (is.null(x)) x else as.integer(x)

# A number as an integer, anything else (a schedule, NULL) as it is (R keras's layers-core.R).
as_integer <- function(x) {
  if (is.numeric(x))
    as.integer(x)
  else
    x
}

as_integer_tuple <- function(x, force_tuple = FALSE) {
  if (is.null(x)) x
  else if (is.list(x) || force_tuple) reticulate::tuple(as.list(as.integer(x)))
  else as.integer(x)
}

normalize_path <- function(path) {
  if (is.null(path)) NULL else normalizePath(path.expand(path), mustWork = FALSE)
}

have_module <- function(module) tryCatch({ reticulate::import(module); TRUE }, error = function(e) FALSE)
have_h5py <- function() have_module("h5py")
have_pillow <- function() have_module("PIL")
have_pyyaml <- function() have_module("yaml")
have_requests <- function() have_module("requests")

confirm_overwrite <- function(filepath, overwrite) {
  if (overwrite) return(TRUE)
  if (!file.exists(filepath)) return(TRUE)
  if (interactive()) {
    prompt <- readline(sprintf("[WARNING] %s already exists - overwrite? [y/n] ", filepath))
    tolower(prompt) == "y"
  } else {
    stop("File '", filepath, "' already exists (pass overwrite = TRUE to force save).", call. = FALSE)
  }
}

objects_with_py_function_names <- function(objects) {
  if (is.null(objects)) return(NULL)
  if (!is.list(objects)) objects <- list(objects)
  object_names <- names(objects) %||% rep("", length(objects))
  for (i in seq_along(objects)) {
    o <- objects[[i]]
    if (object_names[[i]] == "") {
      if (inherits(o, "keras_layer_wrapper")) o <- attr(o, "Layer")  # (R/rk-new-py-types.R)
      if (inherits(o, "python.builtin.object")) object_names[[i]] <- o$`__name__`
      else if (inherits(o, "R6ClassGenerator")) object_names[[i]] <- o$classname
      else if (is.character(attr(o, "py_function_name", TRUE))) object_names[[i]] <- attr(o, "py_function_name", TRUE)
      else stop("object name could not be infered; please supply a named list", call. = FALSE)
    }
  }
  objects <- lapply(seq_along(objects), function(i) {
    object <- objects[[i]]
    if (is.function(object) && !inherits(object, "python.builtin.object") &&
        is.null(attr(object, "py_function_name", TRUE)))
      attr(object, "py_function_name") <- object_names[[i]]
    object
  })
  names(objects) <- object_names
  objects
}

is_layer <- function(object) {
  inherits(object, c("keras.engine.topology.Layer", "keras.src.engine.base_layer.Layer",
                     "keras.src.layers.layer.Layer"))
}

drop_nulls <- function(x, i = NULL) {
  if (is.null(i)) return(x[!vapply(x, is.null, FALSE, USE.NAMES = FALSE)])
  drop <- logical(length(x))
  names(drop) <- names(x)
  drop[i] <- vapply(x[i], is.null, FALSE, USE.NAMES = FALSE)
  x[!drop]
}

as_py_name <- function(x) {
  if (is.language(x)) x <- deparse(x, width.cutoff = 500L)[1]
  x <- make.names(as.character(x))
  gsub(".", "_", x, fixed = TRUE)
}

# An R function (a loss, a metric) as the Python callable Keras calls, named by its
# "py_function_name" attribute as R keras names it.
as_py_function <- function(fn) {
  if (!is.function(fn) || inherits(fn, "python.builtin.object")) return(fn)
  name <- attr(fn, "py_function_name", TRUE)
  py <- reticulate::r_to_py(fn)  # (any R signature, `...` included, as R keras's functions have)
  if (is.character(name)) try(reticulate::py_set_attr(py, "__name__", name), silent = TRUE)
  py
}

# An optimizer's arguments as R keras 2.15 sent them (only those typed), for Keras 3:
# Keras 2.15 ignored `lr` with a warning (Keras 3 refuses it) and refused `decay` (Keras 3
# warns and ignores it); `jit_compile` Keras 3 decides itself; Keras 2.15's default name is
# the class name (Keras 3's is lower case).
keras3_optimizer_args <- function(args, class) {
  if ("decay" %in% names(args)) {
    stop(errorCondition(paste0(
      "decay is deprecated in the new Keras optimizer, please check the docstring for valid arguments, ",
      "or use the legacy optimizer, e.g., tf.keras.optimizers.legacy.", class, "."),
      class = c("rbridge_argument_error", "rbridge_error"), argument = "decay", call = sys.call(-1)))
  }
  if (!is_keras3()) return(args)
  if ("lr" %in% names(args)) {
    warning(warningCondition(paste0(
      "`lr` is deprecated in Keras optimizer, please use `learning_rate` or use the legacy optimizer, ",
      "e.g.,tf.keras.optimizers.legacy.", class, ". (ignored, as R keras 2.15 ignored it)"),
      class = "rbridge_warning", call = sys.call(-1)))
    args$lr <- NULL
  }
  args$jit_compile <- NULL
  if (is.null(args$name)) args$name <- class
  args
}

# Keras 2.15's activation function `name` on Keras 3 (rbridge/engine/r_names.py: Keras 3's
# own function where it computes Keras 2.15's numbers, else Keras 2.15's function).
keras215_activation <- function(name) {
  if (!is_keras3()) return(eval(call("$", keras$activations, name)))
  value <- reticulate::import("rbridge.engine.r_names")$keras3_value("activation", name, "activation")
  if (is.character(value)) eval(call("$", keras$activations, value)) else value
}

# activation_relu()'s `alpha` is Keras 3's `negative_slope`.
keras3_relu_args <- function(args) {
  if (is_keras3()) {
    names(args)[names(args) == "alpha"] <- "negative_slope"
    args <- drop_nulls(args, "max_value")
  }
  args
}

# R keras 2.15's class names for Keras 3's objects, each added right after the Keras 3 class it
# stands for (so that rbridge's methods for Keras 3's classes still come first): R keras code
# that tests inherits(x, "keras.engine.training.Model") or expect_s3_class(m, "keras.metrics.Metric")
# sees what it saw on Keras 2.15. Keras 3's class paths never occur under Keras 2.15.
keras215_class_aliases <- c(
  "keras.src.models.model.Model" = "keras.engine.training.Model",
  "keras.src.models.sequential.Sequential" = "keras.engine.sequential.Sequential",
  "keras.src.models.functional.Functional" = "keras.engine.functional.Functional",
  "keras.src.layers.layer.Layer" = "keras.engine.base_layer.Layer",
  "keras.src.metrics.metric.Metric" = "keras.metrics.Metric",
  "keras.src.losses.loss.Loss" = "keras.losses.Loss",
  "keras.src.optimizers.base_optimizer.BaseOptimizer" = "keras.optimizers.Optimizer",
  "keras.src.callbacks.callback.Callback" = "keras.callbacks.Callback",
  "keras.src.backend.common.keras_tensor.KerasTensor" = "keras.engine.keras_tensor.KerasTensor"
)

keras215_class_filter <- function(classes) {
  at <- match(names(keras215_class_aliases), classes)
  if (all(is.na(at))) return(classes)
  for (i in rev(which(!is.na(at)))) {
    classes <- append(classes, keras215_class_aliases[[i]], after = at[[i]])
  }
  unique(classes)
}

# R keras 2.15's internal is_keras_tensor() (R/utils.R: tf$is_tensor()), which R keras code
# and tests call unqualified: on Keras 3 a symbolic tensor is a KerasTensor, which
# tf$is_tensor() does not count.
is_keras_tensor <- function(x) {
  if (isTRUE(reticulate::import("tensorflow")$is_tensor(x))) return(TRUE)
  is_keras3() && isTRUE(keras$backend$is_keras_tensor(x))
}

# What R keras 2.15's k_*() functions (R/rk-backend-functions.R) call: keras$backend in R keras,
# backend() here (on Keras 3, rbridge's module of Keras 2.15's backend functions); and R's
# `tensorflow` package's tf, which rbridge does not depend on.
keras215_backend <- function() backend()
tf_module <- function() reticulate::import("tensorflow")

# R keras's backend_normalize_shape(): Python shapes (or lists holding Python objects) as they
# are, R shapes read as R keras reads them (normalize_shape(), R/rk-layer-lambda.R).
backend_normalize_shape <- function(shape) {
  if (inherits(shape, "python.builtin.object")) return(shape)
  normalize_shape(shape)
}
