# R keras 2.15's recurrent layers and layer wrappers (R/rk-layers-recurrent.R), from R. Expected
# numbers: each recurrence written out here in R from the layer's own weights (the formulas of
# Keras's SimpleRNN, LSTM and GRU cells), never rbridge's output.

sigmoid <- function(z) 1 / (1 + exp(-z))

# x: [batch, time, features]; step(x_t, state) -> list(h = ..., state = ...). The last h, or
# every step's h as [batch, time, units].
run_recurrence <- function(x, step, state, sequences = FALSE) {
  outputs <- list()
  for (t in seq_len(dim(x)[2])) {
    next_state <- step(matrix(x[, t, ], dim(x)[1]), state)
    state <- next_state$state
    outputs[[t]] <- next_state$h
  }
  if (!sequences) return(outputs[[length(outputs)]])
  aperm(simplify2array(outputs), c(1, 3, 2))
}

simple_rnn_reference <- function(x, w, sequences = FALSE) {
  units <- ncol(w[[2]])
  run_recurrence(x, function(xt, h) {
    h <- tanh(xt %*% w[[1]] + h %*% w[[2]] + matrix(w[[3]], nrow(xt), units, byrow = TRUE))
    list(h = h, state = h)
  }, matrix(0, dim(x)[1], units), sequences)
}

# Keras's LSTM: gates in the order input, forget, cell, output along the kernels' columns.
lstm_reference <- function(x, w) {
  units <- ncol(w[[2]]) / 4
  gate <- function(z, k) z[, (k - 1) * units + seq_len(units), drop = FALSE]
  zero <- matrix(0, dim(x)[1], units)
  run_recurrence(x, function(xt, state) {
    z <- xt %*% w[[1]] + state$h %*% w[[2]] + matrix(w[[3]], nrow(xt), 4 * units, byrow = TRUE)
    c <- sigmoid(gate(z, 2)) * state$c + sigmoid(gate(z, 1)) * tanh(gate(z, 3))
    h <- sigmoid(gate(z, 4)) * tanh(c)
    list(h = h, state = list(h = h, c = c))
  }, list(h = zero, c = zero))
}

# Keras's GRU with reset_after = TRUE (the default): gates update, reset, candidate; the bias
# has an input row and a recurrent row, and the reset gate scales the recurrent part after it.
gru_reference <- function(x, w) {
  units <- ncol(w[[2]]) / 3
  cols <- function(k) (k - 1) * units + seq_len(units)
  run_recurrence(x, function(xt, h) {
    bias <- function(row, k) matrix(w[[3]][row, cols(k)], nrow(xt), units, byrow = TRUE)
    from_x <- function(k) xt %*% w[[1]][, cols(k)] + bias(1, k)
    from_h <- function(k) h %*% w[[2]][, cols(k)] + bias(2, k)
    update <- sigmoid(from_x(1) + from_h(1))
    reset <- sigmoid(from_x(2) + from_h(2))
    candidate <- tanh(from_x(3) + reset * from_h(3))
    h <- update * h + (1 - update) * candidate
    list(h = h, state = h)
  }, matrix(0, dim(x)[1], units))
}

test_inputs <- function() {
  set.seed(3)
  array(rnorm(2 * 5 * 3), dim = c(2, 5, 3))
}

test_that("layer_simple_rnn(), layer_lstm() and layer_gru() compute Keras's recurrences, as R keras 2.15's", {
  skip_if_no_rbridge_python()
  x <- test_inputs()
  for (case in list(list(layer_simple_rnn, simple_rnn_reference), list(layer_lstm, lstm_reference),
                    list(layer_gru, gru_reference))) {
    model <- keras_model_sequential() %>% case[[1]](units = 4.9, input_shape = c(5, 3))  # units: as.integer, 4
    w <- get_weights(model)
    expect_identical(model$layers[[1]]$units, 4L)
    expect_close(predict(model, x, verbose = 0), case[[2]](x, w), tolerance = 1e-5)
  }
  # return_sequences: every step
  model <- keras_model_sequential() %>% layer_simple_rnn(units = 2, return_sequences = TRUE, input_shape = c(5, 3))
  expect_close(predict(model, x, verbose = 0), simple_rnn_reference(x, get_weights(model), sequences = TRUE), tolerance = 1e-5)
})

test_that("R keras 2.15's test calls of the recurrent layers build their models (test-layers.R)", {
  skip_if_no_rbridge_python()
  for (rnn in list(layer_simple_rnn, layer_gru, layer_lstm)) {
    model <- keras_model_sequential() %>% layer_dense(32, input_shape = c(784)) %>%
      layer_reshape(target_shape = c(2, 16)) %>% rnn(units = 2)
    expect_identical(unlist(model$output_shape), 2L)
  }
})

test_that("time_distributed() applies its layer at every step; bidirectional() joins both directions", {
  skip_if_no_rbridge_python()
  x <- test_inputs()
  model <- keras_model_sequential() %>% time_distributed(layer_dense(units = 2), input_shape = c(5, 3))
  w <- get_weights(model)
  expected <- array(0, c(2, 5, 2))
  for (t in 1:5) expected[, t, ] <- x[, t, ] %*% w[[1]] + matrix(w[[2]], 2, 2, byrow = TRUE)
  expect_close(predict(model, x, verbose = 0), expected, tolerance = 1e-5)

  model <- keras_model_sequential() %>% bidirectional(layer_simple_rnn(units = 2), input_shape = c(5, 3))
  w <- get_weights(model)  # forward kernel, recurrent, bias, then the backward layer's
  backward <- simple_rnn_reference(x[, 5:1, , drop = FALSE], w[4:6])
  expect_close(predict(model, x, verbose = 0), cbind(simple_rnn_reference(x, w[1:3]), backward), tolerance = 1e-5)
  # R keras's own test call
  model <- keras_model_sequential() %>%
    bidirectional(layer_lstm(units = 10, return_sequences = TRUE), input_shape = c(5, 10)) %>%
    bidirectional(layer_lstm(units = 10)) %>% layer_dense(units = 5) %>% layer_activation(activation = "softmax")
  expect_identical(unlist(model$output_shape), 5L)
})

test_that("a stateful LSTM takes its batch size as R keras 2.15 did, carries its state, and resets it", {
  skip_if_no_rbridge_python()
  model <- keras_model_sequential() %>%
    layer_lstm(units = 3, input_shape = c(5, 3), batch_size = 2, stateful = TRUE)
  expect_identical(model$input_shape[[1]], 2L)
  x <- test_inputs()
  first <- predict(model, x, verbose = 0)
  expect_close(first, lstm_reference(x, get_weights(model)), tolerance = 1e-5)
  expect_false(isTRUE(all.equal(predict(model, x, verbose = 0), first)))  # the state carried over
  reset_states(model$layers[[1]])
  expect_close(predict(model, x, verbose = 0), first, tolerance = 1e-6)
})

test_that("time_major = TRUE and a batch size on a later layer are refused with what to do on Keras 3", {
  skip_if_no_rbridge_python()
  skip_if_not(rbridge:::is_keras3(), "Keras 2.15 takes both")
  expect_error(layer_lstm(units = 2, time_major = TRUE), "time_major = TRUE.*not available on Keras 3")
  expect_s3_class(layer_gru(units = 2, time_major = FALSE), "python.builtin.object")
  model <- keras_model_sequential() %>% layer_dense(2, input_shape = 3)
  expect_error(model %>% layer_lstm(units = 2, input_shape = c(5, 3), batch_size = 2), "layer_input\\(batch_shape")
  expect_identical(length(model$layers), 1L)  # left as it was
})
