# Ported from R keras 2.15.0's R/losses.R (MIT licence, RStudio): its functions, signatures and
# argument handling, with Keras 3's renames handled (see R/rk-support.R, is_keras3()).

NULL

loss_binary_crossentropy <-
  function(y_true, y_pred,
           from_logits = FALSE, label_smoothing = 0, axis = -1L,
           ..., reduction = "auto", name = "binary_crossentropy") {
    args <- capture_args(match.call(), list(axis = as_axis))
    py_callable <- if (missing(y_true) && missing(y_pred))
      keras$losses$BinaryCrossentropy
    else
      keras$losses$binary_crossentropy
    do.call(py_callable, keras3_loss_args(args))
  }
attr(loss_binary_crossentropy, "py_function_name") <- "binary_crossentropy"

loss_categorical_crossentropy <-
  function(y_true, y_pred,
           from_logits = FALSE, label_smoothing = 0L, axis = -1L,
           ..., reduction = "auto", name = "categorical_crossentropy") {
  args <- capture_args(match.call(), list(axis = as_axis))
  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$CategoricalCrossentropy
  else
    keras$losses$categorical_crossentropy
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_categorical_crossentropy, "py_function_name") <- "categorical_crossentropy"

loss_categorical_hinge <-
  function(y_true, y_pred,
           ..., reduction = "auto", name = "categorical_hinge") {
  args <- capture_args(match.call())

  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$CategoricalHinge
  else
    keras$losses$categorical_hinge
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_categorical_hinge, "py_function_name") <- "categorical_hinge"

# LossCategoricalHinge
# keras$losses$CategoricalHinge()

loss_cosine_similarity <- function(y_true, y_pred, axis = -1L,
                                   ..., reduction = "auto", name = "cosine_similarity") {
  args <- capture_args(match.call(), list(axis = as_axis))
  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$CosineSimilarity
  else
    keras$losses$cosine_similarity
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_cosine_similarity, "py_function_name") <- "cosine_similarity"

loss_hinge <- function(y_true, y_pred, ..., reduction = "auto", name = "hinge") {
  args <- capture_args(match.call())

  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$Hinge
  else
    keras$losses$hinge
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_hinge, "py_function_name") <- "hinge"

loss_huber <- function(y_true, y_pred, delta = 1, ..., reduction = "auto", name = "huber_loss") {
  args <- capture_args(match.call())
  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$Huber
  else
    keras$losses$huber
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_huber, "py_function_name") <- "huber"

loss_kullback_leibler_divergence <-
  function(y_true, y_pred,
           ..., reduction = "auto", name = "kl_divergence") {
    args <- capture_args(match.call())

    py_callable <- if (missing(y_true) && missing(y_pred))
      keras$losses$KLDivergence
    else
      keras_renamed(keras$losses, "kullback_leibler_divergence")
    do.call(py_callable, keras3_loss_args(args))
  }
attr(loss_kullback_leibler_divergence, "py_function_name") <- "kullback_leibler_divergence"

loss_kl_divergence <- loss_kullback_leibler_divergence

loss_logcosh <- function(y_true, y_pred, ..., reduction = "auto", name = "log_cosh") {
  args <- capture_args(match.call())

  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$LogCosh
  else
    keras_renamed(keras$losses, "logcosh")
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_logcosh, "py_function_name") <- "log_cosh"

loss_mean_absolute_error <-
  function(y_true, y_pred,
           ..., reduction = "auto", name = "mean_absolute_error") {
  args <- capture_args(match.call())

  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$MeanAbsoluteError
  else
    keras$losses$mean_absolute_error
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_mean_absolute_error, "py_function_name") <- "mean_absolute_error"

loss_mean_absolute_percentage_error <-
  function(y_true, y_pred, ..., reduction = "auto", name = "mean_absolute_percentage_error") {
  args <- capture_args(match.call())

  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$MeanAbsolutePercentageError
  else
    keras$losses$mean_absolute_percentage_error
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_mean_absolute_percentage_error, "py_function_name") <- "mean_absolute_percentage_error"

loss_mean_squared_error <- function(y_true, y_pred,
                                    ..., reduction = "auto", name = "mean_squared_error") {
  args <- capture_args(match.call())

  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$MeanSquaredError
  else
    keras$losses$mean_squared_error
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_mean_squared_error, "py_function_name") <- "mean_squared_error"

loss_mean_squared_logarithmic_error <-
  function(y_true, y_pred, ...,
           reduction = "auto", name = "mean_squared_logarithmic_error") {
  args <- capture_args(match.call())

  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$MeanSquaredLogarithmicError
  else
    keras$losses$mean_squared_logarithmic_error
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_mean_squared_logarithmic_error, "py_function_name") <- "mean_squared_logarithmic_error"

loss_poisson <- function(y_true, y_pred, ..., reduction = "auto", name = "poisson") {
  args <- capture_args(match.call())

  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$Poisson
  else
    keras$losses$poisson
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_poisson, "py_function_name") <- "poisson"

loss_sparse_categorical_crossentropy <-
  function(y_true, y_pred, from_logits = FALSE, axis = -1L,
           ..., reduction = "auto", name = "sparse_categorical_crossentropy") {
  args <- capture_args(match.call(), list(axis = as_axis))

  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$SparseCategoricalCrossentropy
  else
    keras$losses$sparse_categorical_crossentropy
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_sparse_categorical_crossentropy, "py_function_name") <- "sparse_categorical_crossentropy"

loss_squared_hinge <- function(y_true, y_pred, ..., reduction = "auto", name = "squared_hinge") {
  args <- capture_args(match.call())

  py_callable <- if (missing(y_true) && missing(y_pred))
    keras$losses$SquaredHinge
  else
    keras$losses$squared_hinge
  do.call(py_callable, keras3_loss_args(args))
}
attr(loss_squared_hinge, "py_function_name") <- "squared_hinge"

loss_cosine_proximity <- function(...) {
  warning("loss_cosine_proximity is deprecated and will be removed in a future version.",
          " Please use loss_cosine_similarity instead.")
  loss_cosine_similarity(...)
}
attr(loss_cosine_proximity, "py_function_name") <- "cosine_proximity"
