# An R keras 2.15 user's script, run with R keras and rbridge both attached, in the order
# given on the command line ("keras-first" or "rbridge-first"). Run by test-with-r-keras.R in
# its own R process on a Keras 2 Python (what R keras 2.15 needs). Prints "ok" at the end.
order <- commandArgs(trailingOnly = TRUE)[[1]]
suppressPackageStartupMessages(
  if (order == "keras-first") { library(keras); library(rbridge) } else { library(rbridge); library(keras) }
)
set.seed(1)
x <- array(rnorm(32 * 12 * 3), dim = c(32, 12, 3))
y <- array(rnorm(32 * 14 * 1), dim = c(32, 14, 1))

# 1. R keras's own script, unchanged: its Sequential with `...`, its layers and verbs.
model <- keras_model_sequential(input_shape = c(12, 3)) %>%
  layer_conv_1d_transpose(filters = 4, kernel_size = 3) %>%
  layer_dense(units = 1)
model %>% compile(optimizer = "adam", loss = "mse", metrics = "mae")
history <- model %>% fit(x, y, epochs = 2, batch_size = 8, verbose = 0, validation_split = 0.25)
stopifnot(inherits(history, "keras_training_history"), length(history$metrics$loss) == 2,
          "val_mae" %in% names(history$metrics))
scores <- model %>% evaluate(x, y, verbose = 0)
stopifnot(is.numeric(scores), "loss" %in% names(scores))
stopifnot(identical(dim(predict(model, x, verbose = 0)), c(32L, 14L, 1L)))

# 2. rbridge's layer in R keras's functional model, trained, saved and loaded with R keras.
# (Undilated: R keras's load_model_hdf5() makes Keras 2.15's own Conv1DTranspose, whose CPU
# kernel refuses dilation without oneDNN, as R keras's own layer does.)
input <- layer_input(shape = c(12, 3))
output <- input %>% rbridge::layer_conv_1d_transpose(filters = 2, kernel_size = 3, strides = 2) %>%
  keras::layer_dense(units = 1)
functional <- keras_model(input, output)
functional %>% compile(optimizer = "sgd", loss = "mse")
functional %>% fit(x, array(0, dim = c(32, 25, 1)), epochs = 1, verbose = 0)
file <- tempfile(fileext = ".h5")
save_model_hdf5(functional, file)
reloaded <- load_model_hdf5(file)
stopifnot(isTRUE(all.equal(predict(reloaded, x, verbose = 0), predict(functional, x, verbose = 0))))

# 3. R keras layers in a model started by rbridge, and the two layers agree given one kernel.
started <- rbridge::keras_model_sequential() %>%
  rbridge::layer_conv_1d_transpose(filters = 2, kernel_size = 3, input_shape = c(12, 3)) %>%
  keras::layer_flatten()
stopifnot(identical(unlist(started$output_shape), 28L))
ours <- rbridge::layer_conv_1d_transpose(filters = 2, kernel_size = 3, strides = 2, padding = "same")
theirs <- keras::layer_conv_1d_transpose(filters = 2, kernel_size = 3, strides = 2, padding = "same")
a <- ours(x); b <- theirs(x)
theirs$set_weights(ours$get_weights())
stopifnot(isTRUE(all.equal(as.array(ours(x)), as.array(theirs(x)), tolerance = 1e-6)))

# 4. Where R keras is loaded, rbridge's keras_model_sequential() and layer_input() are R keras's
# own: corners of R keras found by its own test suite, which a second implementation missed.
seq_shape <- keras_model_sequential(input_shape = tensorflow::shape(NULL, 28)) %>% layer_dense(units = 2)
stopifnot(identical(seq_shape$output_shape[[3]], 2L))
fc <- list(tensorflow::tf$feature_column$numeric_column("mpg"))
features <- keras_model_sequential(list(layer_dense_features(feature_columns = fc), layer_dense(units = 1)))
stopifnot(length(features$layers) == 2L)
ragged <- layer_input(shape = list(NULL), dtype = "int64", ragged = TRUE)
stopifnot(inherits(ragged, "keras.src.engine.keras_tensor.RaggedKerasTensor"))

# 5. The whole family: for each function, rbridge's layer and R keras's given the same weights
# give the same numbers on the same R array, and each works in the other's model.
family <- list(
  list("layer_conv_1d", list(filters = 2, kernel_size = 3, strides = 2), c(2, 9, 3)),
  list("layer_conv_2d", list(filters = 2, kernel_size = c(3, 2), padding = "same"), c(2, 6, 5, 3)),
  list("layer_conv_3d", list(filters = 2, kernel_size = 2, dilation_rate = 2), c(1, 5, 5, 5, 2)),
  list("layer_conv_1d_transpose", list(filters = 2, kernel_size = 3, strides = 2), c(2, 6, 3)),
  list("layer_conv_2d_transpose", list(filters = 2, kernel_size = 3, strides = 2, padding = "same"), c(2, 4, 4, 3)),
  list("layer_conv_3d_transpose", list(filters = 2, kernel_size = 2, strides = c(1, 2, 1)), c(1, 3, 3, 3, 2)),
  list("layer_separable_conv_1d", list(filters = 3, kernel_size = 3, depth_multiplier = 2), c(2, 8, 2)),
  list("layer_separable_conv_2d", list(filters = 3, kernel_size = 3, padding = "same"), c(2, 5, 5, 2)),
  list("layer_depthwise_conv_1d", list(kernel_size = 3, depth_multiplier = 2), c(2, 8, 2)),
  list("layer_depthwise_conv_2d", list(kernel_size = 3, strides = 2), c(2, 7, 7, 2)),
  list("layer_conv_lstm_2d", list(filters = 2, kernel_size = 3, padding = "same", return_sequences = TRUE), c(2, 3, 5, 5, 1)),
  list("layer_zero_padding_1d", list(padding = c(1, 2)), c(2, 5, 2)),
  list("layer_zero_padding_2d", list(padding = list(c(1, 0), c(0, 2))), c(2, 3, 3, 2)),
  list("layer_zero_padding_3d", list(padding = 1), c(1, 2, 2, 2, 1)),
  list("layer_cropping_1d", list(cropping = c(2, 1)), c(2, 6, 2)),
  list("layer_cropping_2d", list(cropping = list(c(1, 0), c(0, 2))), c(2, 4, 5, 2)),
  list("layer_cropping_3d", list(), c(1, 4, 4, 4, 1)),
  list("layer_upsampling_1d", list(size = 3), c(2, 3, 2)),
  list("layer_upsampling_2d", list(size = c(2, 3), interpolation = "bilinear"), c(2, 3, 3, 2)),
  list("layer_upsampling_3d", list(), c(1, 2, 2, 2, 1))
)
for (f in family) {
  name <- f[[1]]; args <- f[[2]]; dims <- f[[3]]
  x <- array(rnorm(prod(dims)), dim = dims)
  ours <- do.call(getExportedValue("rbridge", name), args)
  theirs <- do.call(getExportedValue("keras", name), args)
  a <- ours(x); b <- theirs(x)
  if (length(get_weights(ours))) set_weights(theirs, get_weights(ours))
  # Element by element (all.equal()'s mean relative difference would let one element off pass).
  ya <- as.array(ours(x)); yb <- as.array(theirs(x))
  same <- identical(dim(ya), dim(yb)) && all(abs(ya - yb) <= 1e-5 * pmax(1, abs(yb)))
  if (!same) stop(name, ": rbridge's and R keras's layers differ given the same weights")
  # rbridge's layer in R keras's Sequential, R keras's in rbridge's, trained with R keras's verbs
  mixed <- keras::keras_model_sequential(input_shape = dims[-1]) %>%
    (function(m) do.call(getExportedValue("rbridge", name), c(list(m), args))) %>%
    keras::layer_flatten() %>% keras::layer_dense(units = 1)
  mixed %>% compile(optimizer = "sgd", loss = "mse")
  mixed %>% fit(x, array(0, dim = c(dims[1], 1)), epochs = 1, verbose = 0)
  started <- rbridge::keras_model_sequential(input_shape = dims[-1]) %>%
    (function(m) do.call(getExportedValue("keras", name), c(list(m), args)))
  stopifnot(identical(dim(predict(started, x, verbose = 0)), dim(as.array(b))))
}
cat("family: the same numbers from the same weights for all", length(family), "functions\n")
cat("ok\n")
