# Ported from R keras 2.15.0's R/activations.R (MIT licence, RStudio): its functions, signatures and
# argument handling, with Keras 3's renames handled (see R/rk-support.R, is_keras3()).

activation_relu <- function(x, alpha = 0.0, max_value = NULL, threshold = 0.0) {
  args <- list(
    x = x,
    alpha = alpha,
    max_value = max_value
  )
  if (keras_version() >= "2.2.3")
    args$threshold <- threshold

  do.call(keras215_activation("relu"), keras3_relu_args(args))
}
attr(activation_relu, "py_function_name") <- "relu"

activation_elu <- function(x, alpha = 1.0) {
  keras215_activation("elu")(x, alpha = alpha)
}
attr(activation_elu, "py_function_name") <- "elu"

activation_selu <- function(x) {
  keras215_activation("selu")(x)
}
attr(activation_selu, "py_function_name") <- "selu"

activation_hard_sigmoid <- function(x) {
  keras215_activation("hard_sigmoid")(x)
}
attr(activation_hard_sigmoid, "py_function_name") <- "hard_sigmoid"

activation_linear <- function(x) {
  keras215_activation("linear")(x)
}
attr(activation_linear, "py_function_name") <- "linear"

activation_sigmoid <- function(x) {
  keras215_activation("softmax")(x)
}
attr(activation_sigmoid, "py_function_name") <- "sigmoid"

activation_softmax <- function(x, axis = -1) {
  args <- list(x = x)
  if (keras_version() >= "2.0.2")
    args$axis <- as.integer(axis)
  do.call(keras$activations$softmax, args)
}
attr(activation_softmax, "py_function_name") <- "softmax"

activation_softplus <- function(x) {
  keras215_activation("softplus")(x)
}
attr(activation_softplus, "py_function_name") <- "softplus"

activation_softsign <- function(x) {
  keras215_activation("softsign")(x)
}
attr(activation_softsign, "py_function_name") <- "softsign"

activation_tanh <- function(x) {
  keras215_activation("tanh")(x)
}
attr(activation_tanh, "py_function_name") <- "tanh"

activation_exponential <- function(x) {
  keras215_activation("exponential")(x)
}
attr(activation_exponential, "py_function_name") <- "exponential"

activation_gelu <- function(x, approximate=FALSE) {
  keras215_activation("gelu")(x, approximate)
}
attr(activation_gelu, "py_function_name") <- "gelu"

activation_swish <- function(x) {
  keras215_activation("swish")(x)
}
attr(activation_swish, "py_function_name") <- "swish"

# An activation_*() function given as a layer's `activation` (activation = activation_relu): R
# keras hands the R function to Keras, which calls it with the layer's output, so it computes
# the Keras activation its body calls with its defaults. rbridge gives Keras that activation
# itself (Keras 2.15's meaning, R/rk-support.R), so no R code runs inside TensorFlow. (R keras
# 2.15's activation_sigmoid() calls softmax: kept, as R keras 2.15 computes it.)
r_activation_functions <- c(
  activation_relu = "relu", activation_elu = "elu", activation_selu = "selu",
  activation_hard_sigmoid = "hard_sigmoid", activation_linear = "linear", activation_sigmoid = "softmax",
  activation_softmax = "softmax", activation_softplus = "softplus", activation_softsign = "softsign",
  activation_tanh = "tanh", activation_exponential = "exponential", activation_gelu = "gelu",
  activation_swish = "swish")

is_r_activation <- function(x) {
  is.function(x) && !is_python_object(x) && is.character(attr(x, "py_function_name", TRUE)) &&
    any(vapply(names(r_activation_functions), function(n) identical(x, get(n, envir = topenv())), logical(1)))
}

r_activation_as_python <- function(x) {
  for (n in names(r_activation_functions)) {
    if (identical(x, get(n, envir = topenv()))) return(keras215_activation(r_activation_functions[[n]]))
  }
  x
}
