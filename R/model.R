# R keras 2.15's model verbs for Keras 3 models (R keras 2.15 only knows Keras 2's model
# classes): compile(), fit(), evaluate() and predict(), with R keras's signatures and
# defaults. As in R keras, they are methods on shared generics, so attaching rbridge and R
# keras in either order masks nothing that matters: each package only adds methods for its
# own classes. compile() and fit() are generics's, predict() is stats's, as in R keras.
# R keras takes evaluate() from R tensorflow, which rbridge does not need: see below.
# The R values go over through the hand-off (R types intact); R keras's rules are applied
# in rbridge/r_verbs.py.

# evaluate(): a generic of rbridge's own, whose default hands over to R tensorflow's
# evaluate() (where R keras registers its methods) when R tensorflow is installed, else to
# generics::evaluate(); rbridge's method is also registered on R tensorflow's generic when
# that is loaded (.onLoad). So whichever evaluate() a script sees, both packages' models work.
evaluate <- function(object, ...) UseMethod("evaluate")

evaluate.default <- function(object, ...) {
  # (not requireNamespace(): R tensorflow is no dependency of rbridge, only a neighbour's)
  generic <- if (nzchar(system.file(package = "tensorflow"))) {
    getExportedValue("tensorflow", "evaluate")
  } else {
    generics::evaluate
  }
  generic(object, ...)
}

# rbridge's methods on R tensorflow's generics (evaluate(); export_savedmodel(), whose method
# R keras 2.15 registers for its Keras 2 models only: R/rk-model-persistence.R).
register_on_tensorflow <- function(...) {
  registerS3method("evaluate", "keras.src.models.model.Model", evaluate.keras.src.models.model.Model,
                   envir = asNamespace("tensorflow"))
  registerS3method("evaluate", "keras.src.engine.training.Model", evaluate.keras.src.engine.training.Model,
                   envir = asNamespace("tensorflow"))
  registerS3method("export_savedmodel", "keras.src.models.model.Model", export_savedmodel_keras3_model,
                   envir = asNamespace("tensorflow"))
}

.onLoad <- function(libname, pkgname) {
  suggest_rbridge_python()  # reticulate's first choice: rbridge's Python (R/python.R)
  keras <<- make_keras_module()  # (R/rk-support.R)
  # With R keras loaded, its create_layer() answers (R/zz-r-keras-handover.R), and knows an old-style
  # custom layer by its own KerasLayer: so rbridge's is R keras's then (R/rk-layer-custom.R).
  if (isNamespaceLoaded("keras")) KerasLayer <<- getExportedValue("keras", "KerasLayer")
  reticulate::register_class_filter(keras215_class_filter)
  if (isNamespaceLoaded("tensorflow")) register_on_tensorflow()
  setHook(packageEvent("tensorflow", "onLoad"), register_on_tensorflow)
}

compile.keras.src.models.model.Model <- function(object, optimizer = NULL, loss = NULL, metrics = NULL,
                                                 loss_weights = NULL, weighted_metrics = NULL,
                                                 run_eagerly = NULL, steps_per_execution = NULL, ...,
                                                 target_tensors = NULL, sample_weight_mode = NULL) {
  # As R keras 2.15: an R function as the loss is named by its expression (or its
  # "py_function_name"), metrics given as one object or a character vector become a list,
  # and a named custom R metric is deprecated. R functions go to Python as callables.
  loss_name <- substitute(loss)
  if (is.function(loss) && !is_python_object(loss) && is.null(attr(loss, "py_function_name", TRUE)))
    attr(loss, "py_function_name") <- as_py_name(loss_name)
  if (!is.null(metrics)) {
    if (is_python_object(metrics) || is.function(metrics)) metrics <- list(metrics)
    if (is.character(metrics)) metrics <- as.list(metrics)
    metric_names <- names(metrics) %||% rep_len("", length(metrics))
    output_names <- tryCatch(as.character(unlist(reticulate::py_to_r(reticulate::py_get_attr(object, "output_names")))),
                             error = function(e) character())
    if (!all(metric_names %in% output_names)) {
      metrics <- lapply(seq_along(metrics), function(i) {
        metric <- metrics[[i]]
        if (is.function(metric) && !is_python_object(metric) && nzchar(metric_names[[i]])) {
          warning("Passing names for custom metrics is deprecated. Please use the ",
                  "custom_metric() function to define custom metrics.")
          attr(metric, "py_function_name") <- metric_names[[i]]
        }
        metric
      })
    }
  }
  if (!is.null(weighted_metrics) && !is.list(weighted_metrics)) weighted_metrics <- list(weighted_metrics)
  rbridge_call("compile", list(object = object, optimizer = as_python_value(optimizer), loss = as_python_value(loss),
                               metrics = as_python_value(metrics), loss_weights = loss_weights,
                               weighted_metrics = as_python_value(weighted_metrics),
                               run_eagerly = run_eagerly, steps_per_execution = steps_per_execution))
  invisible(object)
}

# A value holding R functions or Python objects (a loss, a list of metrics) as one Python
# object (R functions become Python callables named as R keras names them); plain R values
# (strings) stay R values for the hand-off.
as_python_value <- function(x) {
  has_py <- function(v) is_python_object(v) || (is.function(v) && !is_python_object(v)) ||
    (is.list(v) && any(vapply(v, has_py, logical(1))))
  if (is.null(x) || !has_py(x)) return(x)
  convert <- function(v) {
    if (is.function(v) && !is_python_object(v)) as_py_function(v)
    else if (is.list(v) && !is_python_object(v)) lapply(v, convert)
    else v
  }
  x <- convert(x)
  if (is.list(x) && !is_python_object(x)) {
    x <- if (is.null(names(x))) reticulate::r_to_py(unname(x)) else reticulate::py_dict(names(x), unname(x))
  }
  x
}

# R keras 2.15's data handling: a data frame is refused as R keras refuses it; a list of
# arrays (several inputs or outputs) stays a list.
fit.keras.src.models.model.Model <- function(object, x = NULL, y = NULL, batch_size = NULL, epochs = 10,
                                             verbose = getOption("keras.fit_verbose", default = "auto"),
                                             callbacks = NULL,
                                             view_metrics = getOption("keras.view_metrics", default = "auto"),
                                             validation_split = 0, validation_data = NULL, shuffle = TRUE,
                                             class_weight = NULL, sample_weight = NULL, initial_epoch = 0,
                                             steps_per_epoch = NULL, validation_steps = NULL, ...) {
  callbacks <- verb_callbacks(callbacks)
  x <- as_generator(x)  # an R generator function, as R keras takes it
  validation_data <- as_generator(validation_data)
  value <- rbridge_call("fit", list(
    object = object, x = x, y = y, batch_size = batch_size, epochs = epochs, verbose = model_verbose(verbose),
    callbacks = callbacks, validation_split = validation_split, validation_data = validation_data,
    shuffle = shuffle, class_weight = class_weight, sample_weight = sample_weight,
    initial_epoch = initial_epoch, steps_per_epoch = steps_per_epoch, validation_steps = validation_steps),
    evaluates_r = TRUE)
  invisible(training_history(value$params, value$metrics))
}

# R6 KerasCallbacks become Python callbacks (R keras's normalize_callbacks()); a list of
# Python callbacks goes over as a Python list.
verb_callbacks <- function(callbacks) {
  if (is.null(callbacks)) return(NULL)
  rbridge_module()  # (rbridge's Python first)
  callbacks <- normalize_callbacks(callbacks)
  if (length(callbacks)) reticulate::r_to_py(callbacks) else NULL
}

# As R keras 2.15: the loss first, then the metrics in compile() order, named as Keras 2.15
# named them (R keras names the result by `metrics_names`, which is c("loss", "compile_metrics")
# on Keras 3: rbridge/r_verbs.py gives the names Keras 2.15 gave).
evaluate.keras.src.models.model.Model <- function(object, x = NULL, y = NULL, batch_size = NULL,
                                                  verbose = "auto", sample_weight = NULL, steps = NULL,
                                                  callbacks = NULL, ...) {
  from_r_generator <- is_r_function(x)
  if (from_r_generator) x <- as_generator(x)  # as R keras takes it: each call gives list(x, y)
  value <- rbridge_call("evaluate", list(object = object, x = x, y = y, batch_size = batch_size,
                                         verbose = model_verbose(verbose), sample_weight = sample_weight, steps = steps,
                                         callbacks = verb_callbacks(callbacks)),
                        evaluates_r = from_r_generator || !is.null(callbacks))
  unlist(lapply(value, as.numeric))
}

# The R array goes over through the hand-off and the predictions come back as an R array.
predict.keras.src.models.model.Model <- function(object, x, batch_size = NULL, verbose = "auto",
                                                 steps = NULL, callbacks = NULL, ...) {
  from_r_generator <- is_r_function(x)
  if (from_r_generator) x <- as_generator(x)  # each call gives list(x)
  rbridge_call("predict", list(object = object, x = x, batch_size = batch_size,
                               verbose = model_verbose(verbose, batch = 0L), steps = steps,
                               callbacks = verb_callbacks(callbacks)),
               evaluates_r = from_r_generator || !is.null(callbacks))
}

# R keras 2.15's batch verbs (R/model.R): predict_on_batch(), train_on_batch(), test_on_batch().
# train/test give the loss, or c(loss, metrics...) unnamed, as Keras 2.15 returned them.
predict_on_batch <- function(object, x) {
  rbridge_call("predict_on_batch", list(object = object, x = x))
}

train_on_batch <- function(object, x, y, class_weight = NULL, sample_weight = NULL) {
  unlist(rbridge_call("train_on_batch", list(object = object, x = x, y = y, class_weight = class_weight,
                                             sample_weight = sample_weight)))
}

test_on_batch <- function(object, x, y, sample_weight = NULL) {
  unlist(rbridge_call("test_on_batch", list(object = object, x = x, y = y, sample_weight = sample_weight)))
}

# R keras 2.15's generator verbs: deprecated aliases of fit(), evaluate() and predict()
# (it warns, as here), for a generator function or a Python iterator/dataset.
fit_generator <- function(object, generator, steps_per_epoch, epochs = 1, verbose = getOption("keras.fit_verbose", default = 1),
                          callbacks = NULL, view_metrics = getOption("keras.view_metrics", default = "auto"),
                          validation_data = NULL, validation_steps = NULL, class_weight = NULL,
                          max_queue_size = 10, workers = 1, initial_epoch = 0) {
  warning("`fit_generator` is deprecated. Use `fit` instead, it now accept generators.")
  fit(object, x = as_generator(generator), steps_per_epoch = steps_per_epoch, epochs = epochs,
      verbose = verbose, callbacks = callbacks, view_metrics = view_metrics,
      validation_data = if (is.function(validation_data)) as_generator(validation_data) else validation_data,
      validation_steps = validation_steps, class_weight = class_weight, initial_epoch = initial_epoch)
}

evaluate_generator <- function(object, generator, steps, max_queue_size = 10, workers = 1, callbacks = NULL) {
  warning("`evaluate_generator` is deprecated. Use `evaluate` instead, it now accept generators.")
  evaluate(object, x = as_generator(generator), steps = steps, callbacks = callbacks)
}

predict_generator <- function(object, generator, steps, max_queue_size = 10, workers = 1, verbose = 0,
                              callbacks = NULL) {
  warning("`predict_generator` is deprecated. Use `predict` instead, it now accept generators.")
  predict(object, x = as_generator(generator), steps = steps, verbose = verbose, callbacks = callbacks)
}

# An R generator function (each call gives list(x, y)) as a Python iterator; any other value
# as it is. NULL ends the data, as in R keras (reticulate's `completed`).
as_generator <- function(x) {
  if (!is_r_function(x)) return(x)
  r_function_iterator(function() {
    batch <- x()
    if (is.null(batch)) return(NULL)
    reticulate::tuple(lapply(batch, function(v) reticulate::r_to_py(keras_array(v))))
  })
}

# A Python iterator over the R function `fn` (no arguments; NULL at the end) that Keras may
# consume on a background thread: R keras 2.15's py_iterator(prefetch = 1L), for every
# reticulate version (1.28 has no `prefetch`). Without it, fit()/evaluate()/predict() on an R
# generator can hang for good: rbridge/main_thread_iterator.py says why.
r_function_iterator <- function(fn) {
  rbridge_module()  # (rbridge's Python first)
  reticulate::import("rbridge.main_thread_iterator")$MainThreadIterator(fn, 1L)
}

# R keras's keras_array(): R doubles as float32 (floatx) NumPy arrays, in C order.
keras_array <- function(x, dtype = NULL) {
  if (is.null(x) || is_python_object(x)) return(x)
  if (is.list(x)) return(lapply(x, keras_array, dtype = dtype))
  if (is.double(x) && is.null(dtype)) dtype <- keras$backend$floatx()
  reticulate::np_array(x, dtype = dtype, order = "C")
}

# fit()'s history: R keras 2.15's "keras_training_history" (R/rk-history.R), metrics in R
# keras's order (rbridge/r_verbs.py orders Keras 3's alphabetical keys).
training_history <- function(params, metrics) {
  keras_training_history(params = params, metrics = lapply(metrics, function(m) as.numeric(unlist(m))))
}

is_r_function <- function(x) is.function(x) && !is_python_object(x)

`%||%` <- function(a, b) if (is.null(a)) b else a

# R keras's as_model_verbose_arg(): "auto" is 2 (a line per epoch, no progress bar) while
# knitr renders a document. And, so that a script run by Rscript or R CMD BATCH writes no
# progress-bar escapes into its log, "auto" outside an interactive session is `batch`: 2 for
# fit() and evaluate() (a line at the end), 0 for predict(). Interactively it stays "auto"
# (Keras's progress bar, 1), as in R keras.
model_verbose <- function(verbose, batch = 2L) {
  if (!identical(verbose, "auto")) return(verbose)
  if (isTRUE(getOption("knitr.in.progress"))) return(2L)
  if (!interactive()) return(batch)
  verbose
}

# ---------------------------------------------------------------------------------------
# R keras 2.15's everyday model functions, with its signatures: keras_model(),
# get_weights()/set_weights(), and summary()/format()/print() of a model showing Keras 2.15's
# layer table. Where R keras is loaded, keras_model(), get_weights() and set_weights() are R
# keras's own (as keras_model_sequential() is: see R/helpers.R); the summary methods are
# for Keras 3's model class, which R keras 2.15 never sees.

keras_model <- function(inputs, outputs = NULL, ...) {
  if (r_keras_loaded()) return(call_r_keras("keras_model", sys.call(), parent.frame()))
  rbridge_call("keras_model", c(list(inputs = inputs, outputs = outputs), list(...)))
}

get_weights <- function(object, trainable = NA) {
  if (r_keras_loaded()) return(call_r_keras("get_weights", sys.call(), parent.frame()))
  if (!(identical(trainable, NA) || isTRUE(trainable) || isFALSE(trainable))) {
    stop(errorCondition("`trainable` must be NA, TRUE, or FALSE", class = c("rbridge_argument_error", "rbridge_error"),
                        argument = "trainable", call = sys.call()))
  }
  args <- list(object = object)
  if (!is.na(trainable)) args$trainable <- trainable
  rbridge_call("get_weights", args)
}

set_weights <- function(object, weights) {
  if (r_keras_loaded()) return(call_r_keras("set_weights", sys.call(), parent.frame()))
  rbridge_call("set_weights", list(object = object, weights = weights))
  invisible(object)
}

summary.keras.src.models.model.Model <- function(object, ...) {
  writeLines(f <- format.keras.src.models.model.Model(object, ...))
  invisible(f)
}

format.keras.src.models.model.Model <- function(x, line_length = width - (11L * show_trainable), positions = NULL,
                                                expand_nested = FALSE,
                                                show_trainable = x$built && as.logical(length(x$non_trainable_weights)),
                                                ..., compact = TRUE, width = getOption("width")) {
  if (reticulate::py_is_null_xptr(x)) return("<pointer: 0x0>")
  out <- if (x$built) {
    lines <- rbridge_call("summary_lines", list(object = x, line_length = as.integer(line_length),
                                                positions = positions, expand_nested = expand_nested,
                                                show_trainable = show_trainable))
    trimws(paste(unlist(lines), collapse = "\n"))
  } else {
    "Model: <no summary available, model was not built>"
  }
  if (compact) {
    out <- gsub("(\\n\\s*\\n)", "\n", out, perl = TRUE)
    if (expand_nested) out <- gsub("\\n\\|\\s+\\|\\n", "\n", out)
  }
  out
}

print.keras.src.models.model.Model <- function(x, ...) {
  writeLines(format.keras.src.models.model.Model(x, ...))
  invisible(x)
}

# R keras 2.15's predict_proba() and predict_classes(): deprecated, and gone from TensorFlow
# since 2.6, so (as in R keras 2.15 on TF 2.15) a warning, then Keras's error.
predict_proba <- function(object, x, batch_size = NULL, verbose = 0, steps = NULL) {
  warning("`predict_proba()` is deprecated and was removed from tensorflow in version 2.6, ",
          "please use `predict()` instead")
  object$predict_proba(keras_array(x), batch_size = as_nullable_integer(batch_size),
                       verbose = as.integer(verbose), steps = as_nullable_integer(steps))
}

predict_classes <- function(object, x, batch_size = NULL, verbose = 0, steps = NULL) {
  warning(
'`predict_classes()` is deprecated and and was removed from tensorflow in version 2.6.
Please update your code:
  * If your model does multi-class classification:
    (e.g. if it uses a `softmax` last-layer activation).

      model %>% predict(x) %>% k_argmax()

  * if your model does binary classification
    (e.g. if it uses a `sigmoid` last-layer activation).

      model %>% predict(x) %>% `>`(0.5) %>% k_cast("int32")
')
  object$predict_classes(keras_array(x), batch_size = as_nullable_integer(batch_size),
                         verbose = as.integer(verbose), steps = as_nullable_integer(steps))
}

# On Keras 2.15 (TF 2.15) without R keras, the same verbs for Keras 2's model class; where R
# keras is loaded, its own methods (for the class it adds after Keras 2's, via its class filter)
# answer, through NextMethod().
compile.keras.src.engine.training.Model <- function(object, ...) {
  if (r_keras_loaded()) return(NextMethod())
  compile.keras.src.models.model.Model(object, ...)
}

fit.keras.src.engine.training.Model <- function(object, ...) {
  if (r_keras_loaded()) return(NextMethod())
  fit.keras.src.models.model.Model(object, ...)
}

evaluate.keras.src.engine.training.Model <- function(object, ...) {
  if (r_keras_loaded()) return(NextMethod())
  evaluate.keras.src.models.model.Model(object, ...)
}

predict.keras.src.engine.training.Model <- function(object, ...) {
  if (r_keras_loaded()) return(NextMethod())
  predict.keras.src.models.model.Model(object, ...)
}
