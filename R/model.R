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

register_on_tensorflow_evaluate <- function(...) {
  registerS3method("evaluate", "keras.src.models.model.Model", evaluate.keras.src.models.model.Model,
                   envir = asNamespace("tensorflow"))
}

.onLoad <- function(libname, pkgname) {
  if (isNamespaceLoaded("tensorflow")) register_on_tensorflow_evaluate()
  setHook(packageEvent("tensorflow", "onLoad"), register_on_tensorflow_evaluate)
}

compile.keras.src.models.model.Model <- function(object, optimizer = NULL, loss = NULL, metrics = NULL,
                                                 loss_weights = NULL, weighted_metrics = NULL,
                                                 run_eagerly = NULL, steps_per_execution = NULL, ...,
                                                 target_tensors = NULL, sample_weight_mode = NULL) {
  rbridge_call("compile", list(object = object, optimizer = optimizer, loss = loss, metrics = metrics,
                               loss_weights = loss_weights, weighted_metrics = weighted_metrics,
                               run_eagerly = run_eagerly, steps_per_execution = steps_per_execution))
  invisible(object)
}

fit.keras.src.models.model.Model <- function(object, x = NULL, y = NULL, batch_size = NULL, epochs = 10,
                                             verbose = getOption("keras.fit_verbose", default = "auto"),
                                             callbacks = NULL,
                                             view_metrics = getOption("keras.view_metrics", default = "auto"),
                                             validation_split = 0, validation_data = NULL, shuffle = TRUE,
                                             class_weight = NULL, sample_weight = NULL, initial_epoch = 0,
                                             steps_per_epoch = NULL, validation_steps = NULL, ...) {
  value <- rbridge_call("fit", list(
    object = object, x = x, y = y, batch_size = batch_size, epochs = epochs, verbose = model_verbose(verbose),
    callbacks = callbacks, validation_split = validation_split, validation_data = validation_data,
    shuffle = shuffle, class_weight = class_weight, sample_weight = sample_weight,
    initial_epoch = initial_epoch, steps_per_epoch = steps_per_epoch, validation_steps = validation_steps))
  invisible(training_history(value$params, value$metrics))
}

evaluate.keras.src.models.model.Model <- function(object, x = NULL, y = NULL, batch_size = NULL,
                                                  verbose = "auto", sample_weight = NULL, steps = NULL,
                                                  callbacks = NULL, ...) {
  value <- rbridge_call("evaluate", list(object = object, x = x, y = y, batch_size = batch_size,
                                         verbose = model_verbose(verbose), sample_weight = sample_weight, steps = steps,
                                         callbacks = callbacks))
  vapply(value, as.numeric, numeric(1))
}

# The R array goes over through the hand-off and the predictions come back as an R array.
predict.keras.src.models.model.Model <- function(object, x, batch_size = NULL, verbose = "auto",
                                                 steps = NULL, callbacks = NULL, ...) {
  rbridge_call("predict", list(object = object, x = x, batch_size = batch_size,
                               verbose = model_verbose(verbose, batch = 0L), steps = steps, callbacks = callbacks))
}

# fit()'s history, as R keras's: $params and $metrics (a numeric vector per metric, one value
# per epoch). Its own class first, so that R keras's methods for its histories stay R keras's.
training_history <- function(params, metrics) {
  structure(list(params = params, metrics = lapply(metrics, function(m) as.numeric(unlist(m)))),
            class = c("rbridge_training_history", "keras_training_history"))
}

print.rbridge_training_history <- function(x, ...) {
  epochs <- length(x$metrics[[1]])
  per_epoch <- if (!is.null(x$params$batch_size)) paste("batch_size =", x$params$batch_size)
               else paste("steps per epoch =", x$params$steps %||% "NULL")
  cat("Trained for ", epochs, " epoch", if (epochs != 1) "s", " (", per_epoch, ")\n",
      "Final epoch (plot to see history):\n", sep = "")
  last <- vapply(x$metrics, function(m) m[[epochs]], numeric(1))
  cat(paste0(format(names(last), justify = "right"), ": ", format(last, digits = 4), collapse = "\n"), "\n")
  invisible(x)
}

as.data.frame.rbridge_training_history <- function(x, row.names = NULL, optional = FALSE, ...) {
  epochs <- length(x$metrics[[1]])
  data.frame(epoch = rep(seq_len(epochs), length(x$metrics)),
             value = unlist(x$metrics, use.names = FALSE),
             metric = rep(names(x$metrics), each = epochs),
             stringsAsFactors = FALSE)
}

plot.rbridge_training_history <- function(x, y, metrics = NULL, ...) {
  metrics <- metrics %||% names(x$metrics)
  values <- x$metrics[metrics]
  epochs <- seq_along(values[[1]])
  graphics::matplot(epochs, do.call(cbind, values), type = "b", pch = 19, lty = 1,
                    col = seq_along(values), xlab = "epoch", ylab = "value", ...)
  graphics::legend("topright", legend = metrics, col = seq_along(values), lty = 1, pch = 19, bty = "n")
  invisible(x)
}

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
