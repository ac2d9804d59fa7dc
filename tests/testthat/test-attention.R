# R keras 2.15's attention layers and layer_unit_normalization() (R/rk-layers-attention.R), from
# R. Expected numbers: the layers' formulas written out here in R, from the layer's own weights.

softmax_rows <- function(s) { e <- exp(s - apply(s, 1, max)); e / rowSums(e) }

# Per batch element: scores (Tq x Tv) from `score`, softmax over the values, weights %*% value.
attention_reference <- function(query, value, score) {
  out <- array(0, dim(query))
  for (b in seq_len(dim(query)[1])) {
    q <- matrix(query[b, , ], dim(query)[2]); v <- matrix(value[b, , ], dim(value)[2])
    out[b, , ] <- softmax_rows(score(q, v)) %*% v
  }
  out
}

attention_inputs <- function() {
  set.seed(5)
  list(query = array(rnorm(2 * 3 * 4), c(2, 3, 4)), value = array(rnorm(2 * 5 * 4), c(2, 5, 4)))
}

# A symbolic tensor's known sizes (Keras 3 gives its shape as a tuple, Keras 2.15 a TensorShape).
known_dims <- function(tensor) {
  shape <- tensor$shape
  if (inherits(shape, "python.builtin.object")) shape <- shape$as_list()
  unlist(shape)
}

two_input_model <- function(layer_output) {
  q <- layer_input(shape = c(3, 4)); v <- layer_input(shape = c(5, 4))
  keras_model(list(q, v), layer_output(list(q, v)))
}

test_that("layer_attention() is dot-product attention over the value, as R keras 2.15's", {
  skip_if_no_rbridge_python()
  x <- attention_inputs()
  model <- two_input_model(function(inputs) layer_attention(inputs))
  expect_close(predict(model, unname(x), verbose = 0),
               attention_reference(x$query, x$value, function(q, v) q %*% t(v)), tolerance = 1e-5)
  # R keras's own test call (test-layers.R): inputs given with c()
  expect_s3_class(layer_attention(c(layer_input(shape = c(4, 5)), layer_input(shape = c(4, 5)))),
                  "python.builtin.object")
})

test_that("layer_additive_attention() scores with the scaled tanh of query plus key", {
  skip_if_no_rbridge_python()
  x <- attention_inputs()
  model <- two_input_model(function(inputs) layer_additive_attention(inputs))
  scale <- as.numeric(get_weights(model)[[1]])
  additive <- function(q, v) outer(seq_len(nrow(q)), seq_len(nrow(v)), Vectorize(function(i, j) sum(scale * tanh(q[i, ] + v[j, ]))))
  expect_close(predict(model, unname(x), verbose = 0), attention_reference(x$query, x$value, additive), tolerance = 1e-5)
  if (rbridge:::is_keras3()) {
    expect_error(layer_additive_attention(causal = TRUE), "use_causal_mask")
    expect_s3_class(layer_additive_attention(causal = FALSE), "python.builtin.object")
  }
})

test_that("layer_multi_head_attention() spreads its inputs over the call, as R keras 2.15's test does", {
  skip_if_no_rbridge_python()
  layer <- layer_multi_head_attention(num_heads = 2.7, key_dim = 2, name = "hello")  # num_heads: as.integer, 2
  expect_identical(layer$name, "hello")
  expect_identical(layer$get_config()$num_heads, 2L)
  target <- layer_input(shape = c(8, 16)); source <- layer_input(shape = c(4, 16))
  c(output_tensor, weights) %<-% layer(target, source, return_attention_scores = TRUE)
  expect_identical(known_dims(output_tensor), c(8L, 16L))
  expect_identical(known_dims(weights), c(2L, 8L, 4L))
  out <- layer_multi_head_attention(list(target, source), num_heads = 2, key_dim = 2)
  expect_identical(known_dims(out), c(8L, 16L))
})

test_that("layer_unit_normalization() scales to unit length along R's 1-based axis", {
  skip_if_no_rbridge_python()
  x <- array(as.numeric(1:12), c(2, 3, 2))
  for (axis in list(-1L, 2)) {
    model <- keras_model_sequential(input_shape = c(3, 2)) %>% layer_unit_normalization(axis = axis)
    along <- if (identical(axis, 2)) 2 else 3
    norms <- sqrt(apply(x^2, setdiff(1:3, along), sum))
    expected <- sweep(x, setdiff(1:3, along), norms, "/")
    expect_close(predict(model, x, verbose = 0), expected, tolerance = 1e-6)
  }
  expect_error(layer_unit_normalization(axis = 0), "1 based")
})
