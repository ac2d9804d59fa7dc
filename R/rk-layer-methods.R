# Ported from R keras 2.15.0's R/layer-methods.R (MIT licence, RStudio): its functions, signatures and
# argument handling, with Keras 3's renames handled (see R/rk-support.R, is_keras3()).

get_config <- function(object) {

  # call using lower level reticulate functions to prevent conversion to list
  # (the object will remain a python dictionary for full fidelity)
  get_fn <- reticulate::py_get_attr(object, "get_config")
  config <- reticulate::py_call(get_fn)

  # set attribute indicating class
  attr(config, "config_class") <- object$`__class__`
  config
}

# model$get_config() returns a nested object of list/dicts, but the contract
# is that the object is serializable to json, which means that once
# reticulate conversion rules are redone, the config will be guaranteed to be safe
# to convert to R and back.

# this py_to_r method is so that model$get_config() can return a pure R object.
# A keras SharedObjectConfig is a keras dictionary

from_config <- function(config, custom_objects = NULL) {
  class <- attr(config, "config_class") %||% keras$Model
  args <- list(config)
  if(length(custom_objects))
    args[[2L]] <- objects_with_py_function_names(custom_objects)
  do.call(class$from_config, args)
}

count_params <- function(object) {
  object$count_params()
}

get_input_at <- function(object, node_index) {
  layer_node_value(object, node_index, "input")
}

get_output_at <- function(object, node_index) {
  layer_node_value(object, node_index, "output")
}

get_input_shape_at <- function(object, node_index) {
  layer_node_value(object, node_index, "input_shape")
}

get_output_shape_at <- function(object, node_index) {
  layer_node_value(object, node_index, "output_shape")
}

get_input_mask_at <- function(object, node_index) {
  layer_node_value(object, node_index, "input_mask")
}

get_output_mask_at <- function(object, node_index) {
  layer_node_value(object, node_index, "output_mask")
}

reset_states <- function(object) {
  object$reset_states()
  invisible(object)
}

# Keras 2.15's Layer.get_*_at(); on Keras 3, which dropped them, read from the layer's nodes
# (rbridge/layer_nodes.py).
layer_node_value <- function(object, node_index, what) {
  rbridge_module()
  nodes <- reticulate::import("rbridge.layer_nodes")
  nodes$node_value(object, as_node_index(node_index), what)
}

as_node_index <- function(node_index) {
  as.integer(node_index-1)
}
