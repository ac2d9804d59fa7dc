# fit(), evaluate() and predict() on R generator functions, many times over: Keras pulls the
# batches on a background thread while the main thread waits inside TensorFlow, and R can only
# run on the main thread (rbridge/main_thread_iterator.py). Before rbridge kept a batch ready,
# this hung within the first few rounds. Run by test-training.R in its own process, with a
# time limit, so that a hang fails the test instead of the whole run.
library(rbridge)
# y = 2 x: with kernel 2 and no bias, the loss is 0 and the predictions are 2 x.
model <- keras_model_sequential(input_shape = 1) %>%
  layer_dense(1, use_bias = FALSE, kernel_initializer = initializer_constant(2))
compile(model, optimizer = "sgd", loss = "mae")
batches <- function() list(matrix(1:4, ncol = 1), 2 * (1:4))
inputs <- function() list(matrix(1:4, ncol = 1))
for (round in 1:10) {
  loss <- evaluate(model, batches, steps = 3, verbose = 0)
  predictions <- predict(model, inputs, steps = 2, verbose = 0)
  history <- fit(model, batches, steps_per_epoch = 4, epochs = 2, verbose = 0)
  stopifnot(identical(unname(loss), 0), identical(predictions[, 1], 2 * c(1:4, 1:4)),
            identical(history$metrics$loss, c(0, 0)))
}
cat("rounds done:", round, "\n")
