# The groups the R benchmarks time: one function of each kind, its arguments and its input's
# shape. Sourced by bench/r_vs_r_keras.R (the family's groups, beside R keras in one session)
# and bench/r_groups_vs_r_keras.R (all of them, in separate processes); bench/__main__.py
# reads the names here.
family_groups <- list(
  conv = list("layer_conv_2d", list(filters = 16, kernel_size = 3, padding = "same"), c(8, 32, 32, 8)),
  transpose = list("layer_conv_2d_transpose", list(filters = 8, kernel_size = 3, strides = 2, padding = "same"),
                   c(8, 16, 16, 8)),
  separable = list("layer_separable_conv_2d", list(filters = 16, kernel_size = 3, padding = "same"), c(8, 32, 32, 8)),
  depthwise = list("layer_depthwise_conv_2d", list(kernel_size = 3, padding = "same"), c(8, 32, 32, 8)),
  conv_lstm = list("layer_conv_lstm_2d", list(filters = 8, kernel_size = 3, padding = "same"), c(4, 5, 16, 16, 4)),
  zero_padding = list("layer_zero_padding_2d", list(padding = c(2, 2)), c(8, 32, 32, 8)),
  cropping = list("layer_cropping_2d", list(cropping = list(c(2, 2), c(2, 2))), c(8, 32, 32, 8)),
  upsampling = list("layer_upsampling_2d", list(size = c(2, 2)), c(8, 32, 32, 8))
)
kind_groups <- list(
  pooling = list("layer_max_pooling_2d", list(pool_size = c(2, 2)), c(8, 32, 32, 8)),
  global_pooling = list("layer_global_average_pooling_2d", list(), c(8, 32, 32, 8)),
  dense = list("layer_dense", list(units = 64, activation = "relu"), c(64, 128)),
  reshaping = list("layer_flatten", list(), c(8, 32, 32, 8)),
  dropout = list("layer_dropout", list(rate = 0.5), c(8, 32, 32, 8)),
  normalization = list("layer_batch_normalization", list(), c(8, 32, 32, 8)),
  activation = list("layer_activation_leaky_relu", list(), c(8, 32, 32, 8)),
  merge = list("layer_concatenate", list(axis = -1), list(c(8, 32, 32, 8), c(8, 32, 32, 4))),
  embedding = list("layer_embedding", list(input_dim = 1000, output_dim = 16), c(64, 20)),
  conv_lstm_1d = list("layer_conv_lstm_1d", list(filters = 8, kernel_size = 3, padding = "same"), c(4, 5, 16, 4))
)
groups <- c(family_groups, kind_groups)
# The group's R input: doubles, integer indices for an embedding, a list of arrays for a merge.
group_input <- function(group, shape) {
  if (is.list(shape)) return(lapply(shape, function(s) array(rnorm(prod(s)), dim = s)))
  if (group == "embedding") return(array(sample(0:999, prod(shape), replace = TRUE), dim = shape))
  array(rnorm(prod(shape)), dim = shape)
}
