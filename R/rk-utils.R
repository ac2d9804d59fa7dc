# Ported from R keras 2.15.0's R/utils.R, R/preprocessing.R and R/model.R (MIT licence,
# RStudio): to_categorical(), normalize(), pad_sequences(), array_reshape(), get_layer(),
# pop_layer(), clone_model(), %<-%, with Keras 3's changes handled.

to_categorical <- function(y, num_classes = NULL, dtype = "float32") {
  if (is_keras3()) {
    # Keras 3: to_categorical(x, num_classes) (no `y`, no `dtype`) gives float64; R keras
    # 2.15 gave `dtype` (float32): the values are the same, R gets a double matrix either way.
    result <- keras$utils$to_categorical(y, num_classes = as_nullable_integer(num_classes))
    return(reticulate::py_to_r(reticulate::r_to_py(result)$astype(dtype)))
  }
  args <- list(y = y, num_classes = as_nullable_integer(num_classes))
  if (keras_version() >= "2.2.3") args$dtype <- dtype
  do.call(keras$utils$to_categorical, args)
}

normalize <- function(x, axis = -1, order = 2) {
  keras$utils$normalize(x = x, axis = as_axis(axis), order = as.integer(order))
}

pad_sequences <- function(sequences, maxlen = NULL, dtype = "int32", padding = "pre",
                          truncating = "pre", value = 0.0) {
  # force length-1 sequences to list (so they aren't treated as scalars)
  if (is.list(sequences)) {
    sequences <- lapply(sequences, function(seq) if (length(seq) == 1) as.list(seq) else seq)
  }
  keras$preprocessing$sequence$pad_sequences(
    sequences = sequences, maxlen = as_nullable_integer(maxlen), dtype = dtype,
    padding = padding, truncating = truncating, value = value)
}

array_reshape <- function(x, dim, order = c("C", "F")) reticulate::array_reshape(x, dim, order)

get_layer <- function(object, name = NULL, index = NULL) {
  object$get_layer(name = name, index = as_layer_index(index))
}

pop_layer <- function(object) {
  object$pop()
  NULL  # (R keras 2.15: NULL; Keras 3's pop() returns the layer)
}

clone_model <- function(model, input_tensors = NULL, clone_function = NULL) {
  args <- capture_args(match.call())
  do.call(keras$models$clone_model, args)
}

# zeallot's multiple assignment, as R keras 2.15 re-exports it: c(a, b) %<-% list(1, 2), nested
# c(c(x_train, y_train), c(x_test, y_test)) %<-% dataset_mnist().
`%<-%` <- function(x, value) {
  destructure(substitute(x), value, parent.frame())
  invisible(value)
}

destructure <- function(target, value, env) {
  if (is.name(target)) return(assign(as.character(target), value, envir = env))
  if (!is.call(target) || !identical(target[[1L]], as.name("c"))) {
    stop("invalid `%<-%` left-hand side: a name or c(name, ...)", call. = FALSE)
  }
  targets <- as.list(target)[-1L]
  if (length(value) != length(targets)) {
    stop("invalid `%<-%` right-hand side, expecting ", length(targets), " values, got ", length(value),
         call. = FALSE)
  }
  for (i in seq_along(targets)) destructure(targets[[i]], value[[i]], env)
}

k_constant <- function(value, dtype = NULL, shape = NULL, name = NULL) {
  # (R keras 2.15: keras$backend$constant, which Keras 3 dropped; TensorFlow's is the same)
  reticulate::import("tensorflow")$constant(value, dtype = dtype %||% keras$backend$floatx(),
                                            shape = as_integer_tuple(shape), name = name)
}

k_variable <- function(value, dtype = NULL, name = NULL, constraint = NULL) {
  if (is_keras3()) return(keras$Variable(value, dtype = dtype %||% keras$backend$floatx(), name = name))
  keras$backend$variable(value, dtype = dtype, name = name, constraint = constraint)
}

k_mean <- function(x, axis = NULL, keepdims = FALSE) {
  reticulate::import("tensorflow")$reduce_mean(x, axis = as_axis(axis), keepdims = keepdims)
}

as_layer_index <- function(x) {
  if (is.null(x)) return(x)
  x <- as.integer(x)
  if (x == 0L) stop("`index` for get_layer() is 1-based (0 was passed as the index)")
  if (x > 0L) x - 1L else x
}

# R keras 2.15's with_custom_object_scope(): `expr` evaluated with `objects` (named list of
# custom objects, R functions named as R keras names them) in Keras's custom object scope.
with_custom_object_scope <- function(objects, expr) {
  objects <- lapply(objects_with_py_function_names(objects), as_py_function)
  with(keras$utils$custom_object_scope(objects), expr)
}

# R keras 2.15's zip_lists(): lists zipped element-wise (names matched when all have them).
zip_lists <- function(...) {
  dots <- list(...)
  if(length(dots) == 1)
    dots <- dots[[1L]]

  nms1 <- names(dots[[1L]])

  if (is.character(nms1))
    if (!anyDuplicated(nms1) && !anyNA(nms1) && !all(nzchar(nms1)))
      stop("All names must be unique. Call `unname()` if you want positional matching")

  for(i in seq_along(dots)[-1L]) {
    d_nms <- names(dots[[i]])
    if(identical(nms1, d_nms))
       next
    if(setequal(nms1, d_nms)) {
      dots[[i]] <- dots[[i]][nms1]
      next
    }
    stop("All names of arguments provided to `zip_lists()` must match.",
         " Call `unname()` on each argument if you want positional matching")
  }

  ans <- .mapply(list, dots, NULL)
  names(ans) <- nms1
  ans
}
