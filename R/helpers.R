# Thin wrappers with R keras 2.15's signatures, so that `object` dispatch can be used
# without R keras installed. Their arguments take the same hand-off as the layer's.

# As R keras 2.15: arguments in `...` (input_shape, batch_size, dtype, input_tensor, sparse,
# ragged, input_layer_name) make the model's input layer.
keras_model_sequential <- function(layers = NULL, name = NULL, ...) {
  input <- list(...)
  if (length(input) && (is.null(names(input)) || any(!nzchar(names(input))))) {
    stop(errorCondition("keras_model_sequential(): the arguments in `...` must be named (input_shape = ...)",
                        class = "rbridge_error", call = sys.call()))
  }
  rbridge_call("keras_model_sequential", c(list(layers = layers, name = name), input))
}

layer_input <- function(shape = NULL, batch_shape = NULL, name = NULL, dtype = NULL,
                        sparse = FALSE, tensor = NULL, ragged = FALSE) {
  rbridge_call("layer_input", list(shape = shape, batch_shape = batch_shape, name = name,
                                   dtype = dtype, sparse = sparse, tensor = tensor, ragged = ragged))
}

# predict() for Keras 3 models (R keras 2.15 only knows Keras 2's model classes):
# the R array goes over through rpy2 and the predictions come back as an R array.
predict.keras.src.models.model.Model <- function(object, x, batch_size = NULL, verbose = 0, ...) {
  rbridge_call("predict", list(object = object, x = x, batch_size = batch_size, verbose = verbose))
}
