# One function of each kind, from R: construction, the eager call on an R array (a new layer
# per call, as `layer_x(array, ...)` is used; R keras's tensor read with as.array(), what an R
# user then does) and predict() on a one-layer model. One package per process, the same code
# under either library(): in one R session beside R keras, rbridge's layer functions other
# than the convolutional family are R keras's own (R/helpers.R), so only separate processes
# compare them. Run by `python -m bench` ("groups"), which alternates the processes (rbridge
# on Keras 3, R keras 2.15 on TF 2.15, rbridge on that same engine) and compares medians.
#   Rscript bench/r_groups_vs_r_keras.R <rbridge|keras> <quick: TRUE/FALSE>
# Prints one JSON object: seconds per call, by group and measure.
args <- commandArgs(trailingOnly = TRUE)
package <- args[[1]]
quick <- length(args) > 1 && as.logical(args[[2]])
suppressPackageStartupMessages(library(package, character.only = TRUE))
source(file.path("bench", "r_timing.R"))

n <- if (quick) 10 else 50
reps <- if (quick) 3 else 7
set.seed(1)
invisible(layer_dense(units = 1))  # Python, TensorFlow (and rpy2) loaded before anything is timed

groups <- list(
  conv = list("layer_conv_2d", list(filters = 16, kernel_size = 3, padding = "same"), c(8, 32, 32, 8)),
  transpose = list("layer_conv_2d_transpose", list(filters = 8, kernel_size = 3, strides = 2, padding = "same"),
                   c(8, 16, 16, 8)),
  separable = list("layer_separable_conv_2d", list(filters = 16, kernel_size = 3, padding = "same"), c(8, 32, 32, 8)),
  depthwise = list("layer_depthwise_conv_2d", list(kernel_size = 3, padding = "same"), c(8, 32, 32, 8)),
  conv_lstm = list("layer_conv_lstm_2d", list(filters = 8, kernel_size = 3, padding = "same"), c(4, 5, 16, 16, 4)),
  zero_padding = list("layer_zero_padding_2d", list(padding = c(2, 2)), c(8, 32, 32, 8)),
  cropping = list("layer_cropping_2d", list(cropping = list(c(2, 2), c(2, 2))), c(8, 32, 32, 8)),
  upsampling = list("layer_upsampling_2d", list(size = c(2, 2)), c(8, 32, 32, 8)),
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
# The group's R input: doubles, integer indices for an embedding, a list of arrays for a merge.
group_input <- function(group, shape) {
  if (is.list(shape)) return(lapply(shape, function(s) array(rnorm(prod(s)), dim = s)))
  if (group == "embedding") return(array(sample(0:999, prod(shape), replace = TRUE), dim = shape))
  array(rnorm(prod(shape)), dim = shape)
}
# A functional one-layer model (not every layer function takes `input_shape`).
one_layer_model <- function(layer_fn, args, shape) {
  inputs <- if (is.list(shape)) lapply(shape, function(s) layer_input(shape = s[-1])) else layer_input(shape = shape[-1])
  keras_model(inputs, do.call(layer_fn, c(list(inputs), args)))
}
# What an R user reads: rbridge returns an R array, R keras a tensor (read with as.array()).
read <- if (package == "keras") as.array else identity

results <- list()
for (group in names(groups)) {
  g <- groups[[group]]
  layer_fn <- get(g[[1]], mode = "function")
  x <- group_input(group, g[[3]])
  model <- one_layer_model(layer_fn, g[[2]], g[[3]])
  results[[paste0(group, "_construct")]] <- median_seconds(function() do.call(layer_fn, g[[2]]), n, reps)
  results[[paste0(group, "_eager")]] <- median_seconds(function() read(do.call(layer_fn, c(list(x), g[[2]]))),
                                                      max(3, n / 10), reps)
  results[[paste0(group, "_predict")]] <- median_seconds(function() predict(model, x, verbose = 0), max(3, n / 10), reps)
}
cat(jsonlite::toJSON(results, auto_unbox = TRUE, digits = NA), "\n")
