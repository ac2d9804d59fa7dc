# Ported from R keras 2.15.0's R/layer-attention.R and R/layers-normalization.R (MIT licence,
# RStudio): layer_attention(), layer_additive_attention(), layer_multi_head_attention() and
# layer_unit_normalization(). R keras's own code and argument handling (only the arguments a
# caller gives are passed on; `axis` is 1-based, as_axis()); Keras 3 has these classes with the
# same arguments, but for `causal` (moved to the call) and the shape of symbolic attention
# scores (fixed, rbridge/keras3_shape_fixes.py). R keras's TensorFlow version check (>= 2.4) is
# gone: every engine rbridge runs on has them. layer_multi_head_attention() no longer passes a
# given `inputs` on to the layer's constructor (R keras's `ignore = "object"` named no argument
# of its, so Keras refused `inputs`): the layer is called on them, as its help page says.

layer_attention <-
  function(inputs, use_scale = FALSE, score_mode = "dot", ..., dropout = NULL)
  {
    args <- capture_args(match.call(), ignore = "inputs")
    args$dropout <- dropout
    create_layer(keras$layers$Attention, inputs, keras3_causal(args))
  }

layer_multi_head_attention <-
function(inputs,
         num_heads,
         key_dim,
         value_dim = NULL,
         dropout = 0.0,
         use_bias = TRUE,
         output_shape = NULL,
         attention_axes = NULL,
         kernel_initializer = "glorot_uniform",
         bias_initializer = "zeros",
         kernel_regularizer = NULL,
         bias_regularizer = NULL,
         activity_regularizer = NULL,
         kernel_constraint = NULL,
         bias_constraint = NULL,
         ...) {
  args <- capture_args(match.call(),
    list(num_heads = as.integer,
         key_dim = as.integer,
         value_dim = as.integer),
    ignore = "inputs")
  # `inputs` is not passed to create_layer(): a list of inputs is spread over the layer's call
  # arguments (query, value, key), as R keras does.
  layer <- create_layer(keras$layers$MultiHeadAttention, args = args)
  # Keras 3 gives symbolic attention scores a wrong shape (rbridge/keras3_shape_fixes.py)
  layer <- reticulate::import("rbridge.keras3_shape_fixes")$fix_multi_head_attention_scores(layer)
  if (missing(inputs) || is.null(inputs))
    return(layer)
  if (!is.list(inputs))
    inputs <- list(inputs)
  do.call(layer, inputs)
}

layer_additive_attention <-
function(object, use_scale = TRUE, ..., causal = FALSE, dropout = 0)
{
  args <- capture_args(match.call(), NULL, ignore = "object")
  create_layer(keras$layers$AdditiveAttention, object, keras3_causal(args))
}

# Keras 2.15's attention layers took `causal` (a mask hiding later steps from each query);
# Keras 3 moved it to the call (`use_causal_mask = TRUE`). FALSE, the default, is dropped;
# TRUE is an error saying so.
keras3_causal <- function(args) {
  if (!is_keras3() || is.null(args$causal)) return(args)
  if (isTRUE(args$causal)) {
    keras3_unsupported("An attention layer's `causal = TRUE`",
                       "Call the layer with use_causal_mask = TRUE instead: layer(list(query, value), use_causal_mask = TRUE).",
                       call = sys.call(-1))
  }
  args$causal <- NULL
  args
}

layer_unit_normalization <-
function(object, axis = -1L, ...)
{
  args <- capture_args(match.call(), list(axis = as_axis),
                       ignore = "object")
  create_layer(keras$layers$UnitNormalization, object, args)
}
