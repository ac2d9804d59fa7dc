# Ported from R keras 2.15.0's R/layers-core.R (MIT licence, RStudio): layer_lambda() and the
# normalize_shape() it reads shapes with. An R function as a layer: it cannot be a spec (a
# layer is data there, and this one's computation is R code), so it is R keras's own code,
# made with create_layer() (R/rk-new-py-types.R: it also turns a batch size into the Sequential
# model's input on Keras 3). Keras 3's Lambda calls the R function on
# symbolic tensors to find the output shape when `output_shape` is not given, as Keras 2.15's.
layer_lambda <- function(object, f, output_shape = NULL, mask = NULL, arguments = NULL,
                         input_shape = NULL, batch_input_shape = NULL, batch_size = NULL, dtype = NULL,
                         name = NULL, trainable = NULL, weights = NULL) {
  if (!is.function(f)) {
    stop(errorCondition(paste0("`f` must be a function (of the layer's input tensor); received ",
                               paste(class(f), collapse = "/")),
                        class = c("rbridge_argument_error", "rbridge_error"), argument = "f", call = sys.call()))
  }
  if (!is.null(weights) && is_keras3()) {
    keras3_unsupported("A Lambda layer's `weights`", "A Lambda layer has no weights to set; leave `weights` NULL.")
  }
  args <- list(
    `function` = f,
    mask = mask,
    arguments = arguments,
    input_shape = normalize_shape(input_shape),
    batch_input_shape = normalize_shape(batch_input_shape),
    batch_size = as_nullable_integer(batch_size),
    dtype = dtype,
    name = name,
    trainable = trainable,
    weights = weights
  )
  if (!is.null(output_shape)) args$output_shape <- normalize_shape(output_shape)
  create_layer(keras$layers$Lambda, object, args)
}

# R keras 2.15's shapes: NA (or NULL) is an unknown size, numbers become integers, Python
# objects pass through; a tuple for Keras.
normalize_shape <- function(shape) {
  if (is.null(shape)) return(shape)
  if (is.list(shape) || is.numeric(shape) || (is.logical(shape) && all(is.na(shape)))) {
    shape <- lapply(shape, function(value) {
      if (inherits(value, "python.builtin.object")) return(value)
      if (identical(length(value), 1L) && is.na(value)) return(NULL)
      if (!is.null(value)) as.integer(value) else NULL
    })
  }
  if (inherits(shape, "tensorflow.python.framework.tensor_shape.TensorShape"))
    shape <- as.list(shape$as_list())
  reticulate::tuple(shape)
}
