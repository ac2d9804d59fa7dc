# A stand-in for the R keras 2.15.0 package, for testing rbridge's live mode where the real
# package cannot be installed (CRAN is out of reach). Only the functions live mode calls,
# written with R keras 2.15's calling convention: the same argument coercions
# (as.integer, as_integer_tuple, normalize_shape), NULLs dropped by create_layer(), and
# Keras called through reticulate in the same process. Source it into an environment:
#   python -m rbridge verify --live --r-keras tests/fake-r-keras/keras.R

.keras <- function() reticulate::import("keras")

as_nullable_integer <- function(x) if (is.null(x)) x else as.integer(x)

as_integer_tuple <- function(x, force_tuple = FALSE) {
  if (is.null(x)) x
  else if (is.list(x) || force_tuple) reticulate::tuple(as.list(as.integer(x)))
  else as.integer(x)
}

# NA and NULL are unknown dimensions.
normalize_shape <- function(shape) {
  if (is.null(shape)) return(shape)
  if (is.list(shape) || is.numeric(shape) || (is.logical(shape) && all(is.na(shape)))) {
    shape <- lapply(shape, function(value) {
      if (is.null(value) || inherits(value, "python.builtin.object")) value
      else if (is.na(value)) NULL
      else as.integer(value)
    })
  }
  shape
}

create_layer <- function(layer_class, object, args = list()) {
  # R keras leaves these out of the Keras call when NULL (assigning NULL drops the element).
  for (name in c("input_shape", "batch_input_shape", "batch_size", "dtype", "name", "trainable", "weights")) {
    args[[name]] <- args[[name]]
  }
  layer <- do.call(layer_class, args)
  if (missing(object) || is.null(object)) return(layer)
  # R keras 2.15 knows Keras 2's class; Keras 3's is accepted too so the fake also serves there.
  if (any(grepl("sequential\\.Sequential$", class(object)))) {
    object$add(layer)
    return(invisible(object))
  }
  layer(object)
}

layer_conv_1d_transpose <- function(object, filters, kernel_size, strides = 1, padding = "valid",
                                    output_padding = NULL, data_format = NULL, dilation_rate = 1,
                                    activation = NULL, use_bias = TRUE,
                                    kernel_initializer = "glorot_uniform", bias_initializer = "zeros",
                                    kernel_regularizer = NULL, bias_regularizer = NULL,
                                    activity_regularizer = NULL, kernel_constraint = NULL,
                                    bias_constraint = NULL, input_shape = NULL, batch_input_shape = NULL,
                                    batch_size = NULL, dtype = NULL, name = NULL, trainable = NULL,
                                    weights = NULL) {
  args <- list(
    filters = as.integer(filters),
    kernel_size = as_integer_tuple(kernel_size, force_tuple = TRUE),
    strides = as_integer_tuple(strides, force_tuple = TRUE),
    padding = padding,
    output_padding = as_integer_tuple(output_padding, force_tuple = TRUE),
    data_format = data_format,
    dilation_rate = as_integer_tuple(dilation_rate, force_tuple = TRUE),
    activation = activation, use_bias = use_bias,
    kernel_initializer = kernel_initializer, bias_initializer = bias_initializer,
    kernel_regularizer = kernel_regularizer, bias_regularizer = bias_regularizer,
    activity_regularizer = activity_regularizer,
    kernel_constraint = kernel_constraint, bias_constraint = bias_constraint,
    input_shape = normalize_shape(input_shape), batch_input_shape = normalize_shape(batch_input_shape),
    batch_size = as_nullable_integer(batch_size),
    dtype = dtype, name = name, trainable = trainable, weights = weights
  )
  create_layer(.keras()$layers$Conv1DTranspose, object, args)
}

keras_model_sequential <- function(layers = NULL, name = NULL, ...) {
  .keras()$models$Sequential(layers = layers, name = name, ...)
}

layer_input <- function(shape = NULL, batch_shape = NULL, name = NULL, dtype = NULL,
                        sparse = FALSE, tensor = NULL, ragged = FALSE) {
  args <- list(shape = normalize_shape(shape), batch_shape = normalize_shape(batch_shape),
               name = name, dtype = dtype, sparse = sparse, tensor = tensor, ragged = ragged)
  do.call(.keras()$layers$Input, args[!vapply(args, is.null, logical(1))])
}

initializer_constant <- function(value = 0) .keras()$initializers$Constant(value = value)
initializer_ones <- function() .keras()$initializers$Ones()
initializer_zeros <- function() .keras()$initializers$Zeros()
regularizer_l1 <- function(l = 0.01) .keras()$regularizers$l1(l = l)
regularizer_l2 <- function(l = 0.01) .keras()$regularizers$l2(l = l)
constraint_maxnorm <- function(max_value = 2, axis = 0) .keras()$constraints$MaxNorm(max_value = max_value, axis = as.integer(axis))
constraint_nonneg <- function() .keras()$constraints$NonNeg()
