# An R keras 2.15 user's training script, through rbridge: build, compile, fit, evaluate,
# predict, on R arrays. Expected numbers come from R itself (a kernel_size 1 transposed
# convolution is a matrix product per step), not from rbridge.

# y[b, t, ] = W %*% x[b, t, ] + bias: what layer_conv_1d_transpose(kernel_size = 1) computes.
pointwise <- function(x, W, bias) {
  y <- array(0, dim = c(dim(x)[1:2], nrow(W)))
  for (b in seq_len(dim(x)[1])) for (t in seq_len(dim(x)[2])) y[b, t, ] <- W %*% x[b, t, ] + bias
  y
}

test_that("compile(), fit(), evaluate() and predict() train a model on R arrays", {
  skip_if_no_rbridge_python()
  # Deterministic: R's seed for the data, a zero kernel to start from, no shuffling (the
  # validation split is the last quarter, Adam has no randomness).
  set.seed(1)
  x <- array(rnorm(64 * 6 * 3), dim = c(64, 6, 3))
  W <- matrix(c(1, -2, 0.5, 3, 0, -1), nrow = 2)
  bias <- c(0.3, -0.2)
  y <- pointwise(x, W, bias)
  model <- keras_model_sequential(input_shape = c(6, 3)) %>%
    layer_conv_1d_transpose(filters = 2, kernel_size = 1, kernel_initializer = "zeros")
  expect_identical(compile(model, optimizer = "adam", loss = "mse", metrics = "mae"), model)
  model$optimizer$learning_rate$assign(0.05)
  history <- fit(model, x, y, epochs = 40, batch_size = 16.9, verbose = 0, validation_split = 0.25,
                 shuffle = FALSE)
  expect_s3_class(history, "keras_training_history")
  expect_identical(history$params$epochs, 40L)
  expect_true(all(c("loss", "mae", "val_loss", "val_mae") %in% names(history$metrics)))
  expect_type(history$metrics$loss, "double")
  expect_length(history$metrics$loss, 40)
  expect_lt(history$metrics$loss[40], 0.01 * history$metrics$loss[1])
  expect_s3_class(as.data.frame(history), "data.frame")

  scores <- evaluate(model, x, y, verbose = 0)
  expect_type(scores, "double")
  expect_identical(names(scores)[1], "loss")
  expect_lt(scores[["loss"]], 0.05 * history$metrics$loss[1])

  # predict() equals the learned weights applied in R, in R's own indexing.
  weights <- model$layers[[1]]$get_weights()
  learned_W <- matrix(array(weights[[1]], dim = c(1, 2, 3))[1, , ], nrow = 2)  # kernel (1, filters, channels)
  expected <- pointwise(x[1:5, , , drop = FALSE], learned_W, as.numeric(weights[[2]]))
  predicted <- predict(model, x[1:5, , , drop = FALSE], verbose = 0)
  expect_identical(dim(predicted), c(5L, 6L, 2L))
  expect_close(predicted, expected)

  # What was learned is the map that made the data (exact: y is W x + bias, no noise).
  expect_max_abs_diff(learned_W, W, 0.05)
  expect_max_abs_diff(as.numeric(weights[[2]]), bias, 0.05)
})

test_that("fit() takes validation_data as an R list and integer data", {
  skip_if_no_rbridge_python()
  set.seed(2)
  x <- array(sample(0:3, 32 * 4 * 2, replace = TRUE), dim = c(32, 4, 2))
  y <- array(as.double(x[, , 1]), dim = c(32, 4, 1))
  model <- keras_model_sequential(input_shape = c(4, 2)) |>
    layer_conv_1d_transpose(filters = 1, kernel_size = 1)
  compile(model, optimizer = "sgd", loss = "mse")
  history <- fit(model, x, y, epochs = 2L, verbose = 0, validation_data = list(x, y))
  expect_true("val_loss" %in% names(history$metrics))
  err <- tryCatch(fit(model, x, y, epochs = 1, verbose = 0, validation_data = list(x)), error = function(e) e)
  expect_s3_class(err, "rbridge_error")
  expect_identical(err$argument, "validation_data")
  err <- tryCatch(fit(model, x, y, epochs = -1, verbose = 0), error = function(e) e)
  expect_identical(err$argument, "epochs")
})

test_that("a float64 model trains and predicts in float64", {
  skip_if_no_rbridge_python()
  set.seed(3)
  x <- array(rnorm(16 * 5 * 2), dim = c(16, 5, 2))
  model <- keras_model_sequential(input_shape = c(5, 2), dtype = "float64") %>%
    layer_conv_1d_transpose(filters = 3, kernel_size = 2, dtype = "float64", data_format = "channels_last")
  compile(model, optimizer = "adam", loss = "mse")
  fit(model, x, array(0, dim = c(16, 6, 3)), epochs = 1, verbose = 0)
  expect_identical(model$layers[[1]]$compute_dtype, "float64")
  expect_identical(dim(predict(model, x, verbose = 0)), c(16L, 6L, 3L))
})

test_that("evaluate() and predict() take an R generator function, as fit() does", {
  skip_if_no_rbridge_python()
  # y = 2 x: with kernel 2 and no bias, the loss is 0 and the predictions are 2 x.
  model <- keras_model_sequential(input_shape = 1) %>%
    layer_dense(1, use_bias = FALSE, kernel_initializer = initializer_constant(2))
  compile(model, optimizer = "sgd", loss = "mae")
  calls <- 0
  batches <- function() { calls <<- calls + 1; list(matrix(1:4, ncol = 1), 2 * (1:4)) }
  expect_equal(evaluate(model, batches, steps = 3, verbose = 0), c(loss = 0))
  expect_gte(calls, 3)
  inputs <- function() list(matrix(1:4, ncol = 1))
  expect_equal(predict(model, inputs, steps = 2, verbose = 0), matrix(2 * c(1:4, 1:4), ncol = 1))
})

test_that("R generator functions never hang fit(), evaluate() or predict() (a batch is kept ready, as R keras 2.15 kept one)", {
  skip_if_no_rbridge_python()
  # Ten rounds take about 20 s; a hang is stopped at 180 s (status 124).
  run <- run_rscript(normalizePath(test_path("scripts", "generator-threads.R")), "TF_CPP_MIN_LOG_LEVEL=3", timeout = 180)
  expect_identical(run$status, 0L, label = paste(c("the script's status; its output:", tail(run$output, 15)), collapse = "\n"))
  expect_true(any(grepl("rounds done: 10", run$output, fixed = TRUE)))
})

test_that("a model with named outputs refuses unnamed targets, as Keras 2.15 did", {
  skip_if_no_rbridge_python()
  input <- layer_input(2)
  outputs <- list(a = layer_dense(input, 1), b = layer_dense(input, 3))
  model <- keras_model(input, outputs)
  compile(model, optimizer = "sgd", loss = "mse")
  x <- matrix(1:8, ncol = 2)
  named <- list(a = matrix(0, 4, 1), b = matrix(0, 4, 3))
  # Keras 3 would pair an unnamed list with the outputs in order; Keras 2.15 refused it.
  for (verb in list(function(y) fit(model, x, y, epochs = 1, verbose = 0),
                    function(y) evaluate(model, x, y, verbose = 0),
                    function(y) train_on_batch(model, x, y))) {
    expect_error(verb(unname(named)), "`y`.*named list.*outputs are named \\(a, b\\)")
  }
  expect_error(fit(model, x, named, epochs = 1, verbose = 0, validation_data = list(x, unname(named))),
               "`validation_data`.*named list")
  expect_length(evaluate(model, x, named, verbose = 0), 3)  # loss, a_loss, b_loss
})

test_that("backend() gives Keras 2.15's backend functions, on Keras 3 too, for a script's own loss", {
  skip_if_no_rbridge_python()
  K <- backend()
  x <- array(c(1, -2, 3, -4, 5, -6), dim = c(2, 3))
  t <- K$constant(x)  # a float32 tensor (Keras 2.15's functions take tensors, not R arrays)
  expect_identical(t$dtype$name, "float32")
  expect_close(K$mean(t)$numpy(), mean(x), tolerance = 1e-6)
  expect_close(as.vector(K$sum(t, axis = 0L)$numpy()), colSums(x), tolerance = 1e-6)
  expect_close(K$concatenate(list(t, t))$numpy(), cbind(x, x), tolerance = 1e-6)        # Keras 2.15's axis -1
  expect_close(as.vector(K$flatten(t)$numpy()), as.vector(t(x)), tolerance = 1e-6)      # row-major, as TensorFlow
  expect_close(K$l2_normalize(t)$numpy(), x / sqrt(sum(x^2)), tolerance = 1e-6)         # the whole tensor
  expect_close(K$sqrt(K$maximum(t, 0))$numpy(), sqrt(pmax(x, 0)), tolerance = 1e-6)
  # A script's own loss made of backend functions, in fit() and evaluate() (R's arithmetic on
  # tensors needs reticulate >= 1.29 or R tensorflow, so none here): with a zero kernel and
  # bias the prediction is 0, so the loss is mean(max(0, y)^2) = mean(y) = 0.5
  max_square_loss <- function(y_true, y_pred) K$mean(K$square(K$maximum(y_pred, y_true)))
  model <- keras_model_sequential(input_shape = 2) %>% layer_dense(1, kernel_initializer = "zeros")
  compile(model, optimizer = optimizer_sgd(learning_rate = 0), loss = max_square_loss)
  x <- matrix(1, 4, 2)
  y <- matrix(c(1, 0, 1, 0), 4, 1)
  fit(model, x, y, epochs = 1, verbose = 0)
  expect_equal(evaluate(model, x, y, verbose = 0)[["loss"]], 0.5, tolerance = 1e-6)
})

test_that("a model whose outputs are one nested model's two outputs reports each output's loss (mnist_acgan.R)", {
  skip_if_no_rbridge_python()
  set.seed(5)
  input <- layer_input(shape = 4)
  hidden <- input %>% layer_dense(8)
  discriminator <- keras_model(input, list(hidden %>% layer_dense(1, activation = "sigmoid"),
                                           hidden %>% layer_dense(3, activation = "softmax")))
  outer <- layer_input(shape = 4)
  combined <- keras_model(outer, discriminator(outer))
  compile(combined, optimizer = "adam", loss = list("binary_crossentropy", "sparse_categorical_crossentropy"))
  x <- matrix(runif(40), 10)
  y1 <- matrix(rep(c(0, 1), 5))
  y2 <- matrix(rep(0:2, length.out = 10))
  scores <- evaluate(combined, x, list(y1, y2), verbose = 0, batch_size = 10)
  expect_length(scores, 3)  # the loss, then each output's: Keras 2.15 named them apart
  # each output's loss from its predictions, in R
  p <- predict(combined, x, verbose = 0)
  eps <- 1e-7
  p1 <- pmin(pmax(p[[1]], eps), 1 - eps)
  bce <- mean(-(y1 * log(p1) + (1 - y1) * log(1 - p1)))
  cce <- mean(-log(pmax(p[[2]][cbind(1:10, y2 + 1)], eps)))
  expect_close(unname(scores), c(bce + cce, bce, cce), tolerance = 1e-5)
  batch <- train_on_batch(combined, x, list(y1, y2))
  expect_length(batch, 3)
  expect_close(batch[[1]], batch[[2]] + batch[[3]], tolerance = 1e-5)
})

test_that("layer_lambda() runs an R function as a layer, as R keras 2.15's", {
  skip_if_no_rbridge_python()
  K <- backend()
  model <- keras_model_sequential() %>%
    layer_dense(3, input_shape = 2, use_bias = FALSE, kernel_initializer = "ones") %>%
    layer_lambda(function(t) K$square(t), output_shape = 3)
  x <- matrix(c(1, 2, -3, 0.5), 2)
  # the dense layer sums each row into 3 columns; the lambda squares them
  expect_close(predict(model, x, verbose = 0), matrix(rowSums(x)^2, 2, 3), tolerance = 1e-6)
  # R keras's own test call: the identity, with an output shape
  identity <- keras_model_sequential() %>% layer_dense(32, input_shape = c(784)) %>%
    layer_lambda(function(t) t, output_shape = c(784))
  expect_identical(length(identity$layers), 2L)
  # as the first layer, with its input shape and a batch size
  first <- keras_model_sequential() %>% layer_lambda(function(t) K$abs(t), input_shape = 4, batch_size = 2)
  expect_close(predict(first, matrix(-(1:8), 2), verbose = 0), matrix(1:8, 2), tolerance = 0)
  expect_error(layer_lambda(f = "square"), "`f` must be a function")
})

test_that("learning_rate_schedule_*() give R keras 2.15's schedules, decay steps truncated as R keras did", {
  skip_if_no_rbridge_python()
  at <- function(schedule, step) as.numeric(schedule(step)$numpy())
  # decay_steps = 10.7 is 10 (as.integer): 0.1 * 0.5^(20 / 10)
  exponential <- learning_rate_schedule_exponential_decay(0.1, decay_steps = 10.7, decay_rate = 0.5)
  expect_identical(exponential$get_config()$decay_steps, 10L)
  expect_close(at(exponential, 20), 0.1 * 0.5^2, tolerance = 1e-7)
  # the closed forms each schedule documents, computed here
  expect_close(at(learning_rate_schedule_cosine_decay(1, decay_steps = 4), 2), 0.5 * (1 + cos(pi * 2 / 4)), tolerance = 1e-7)
  expect_close(at(learning_rate_schedule_polynomial_decay(1, decay_steps = 4, end_learning_rate = 0), 1), 1 - 1 / 4, tolerance = 1e-7)
  expect_close(at(learning_rate_schedule_inverse_time_decay(1, decay_steps = 2, decay_rate = 1), 2), 1 / (1 + 2 / 2), tolerance = 1e-7)
  expect_close(at(learning_rate_schedule_cosine_decay_restarts(1, first_decay_steps = 4), 2), 0.5 * (1 + cos(pi * 2 / 4)), tolerance = 1e-7)
  expect_s3_class(optimizer_sgd(learning_rate = exponential), "python.builtin.object")
})

test_that("k_dot() is Keras 2.15's dot: R's %*% for matrices, the last axis against the second-to-last above", {
  skip_if_no_rbridge_python()
  tf <- reticulate::import("tensorflow", convert = FALSE)
  as_tensor32 <- function(x) tf$constant(x, dtype = "float32")  # a tensor, as in a layer's call()
  x <- matrix(as.numeric(1:6), 2); y <- matrix(as.numeric(1:12), 3)
  expect_close(k_dot(as_tensor32(x), as_tensor32(y))$numpy(), x %*% y, tolerance = 1e-6)
  x3 <- array(as.numeric(1:24), c(2, 3, 4)); w <- matrix(as.numeric(1:20) / 10, 4)
  expected <- array(0, c(2, 3, 5))
  for (b in 1:2) expected[b, , ] <- x3[b, , ] %*% w
  expect_close(k_dot(as_tensor32(x3), as_tensor32(w))$numpy(), expected, tolerance = 1e-5)
})
