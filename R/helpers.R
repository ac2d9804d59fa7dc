# Thin wrappers with R keras 2.15's signatures, so that `object` dispatch can be used
# without R keras installed. Their arguments take the same hand-off as the layer's.
#
# Where R keras is loaded, they are R keras's own functions: attaching rbridge after
# library(keras) masks these names, and a second implementation drifts from R keras in
# corners its scripts use (R keras's own tests found two: a tensorflow::shape() as
# input_shape, and feature layers given to keras_model_sequential()). The caller's call is
# handed over unevaluated, so R keras sees exactly what it would have seen.

# TRUE where R keras's namespace is loaded (library(keras), keras::, or a package using it).
r_keras_loaded <- function() isNamespaceLoaded("keras")

# The calling function's call, made a call of R keras's function of the same name and
# evaluated where the caller called it.
call_r_keras <- function(name, call, frame) {
  call[[1L]] <- getExportedValue("keras", name)
  eval(call, frame)
}

# As R keras 2.15: arguments in `...` (input_shape, batch_size, dtype, input_tensor, sparse,
# ragged, input_layer_name) make the model's input layer.
keras_model_sequential <- function(layers = NULL, name = NULL, ...) {
  if (r_keras_loaded()) return(call_r_keras("keras_model_sequential", sys.call(), parent.frame()))
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
  if (r_keras_loaded()) return(call_r_keras("layer_input", sys.call(), parent.frame()))
  given <- setdiff(names(match.call())[-1], "")
  rbridge_call("layer_input", mget(given, envir = environment()))
}
