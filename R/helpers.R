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

# As R keras 2.15's: only the arguments the caller gave go to Keras's Input() (shapes through
# R's rules), so that Keras's defaults apply and Python objects (dtype = tf$string) pass as is.
layer_input <- function(shape = NULL, batch_shape = NULL, name = NULL, dtype = NULL,
                        sparse = FALSE, tensor = NULL, ragged = FALSE) {
  given <- setdiff(names(match.call())[-1], "")
  rbridge_call("layer_input", mget(given, envir = environment()))
}
