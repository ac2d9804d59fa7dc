# R keras 2.15's custom constraints: a layer's `*_constraint` given as an R function or an R6
# KerasConstraint runs during training (R/rk-constraints.R's as_constraint(), applied by
# rbridge_call() to every layer's `*_constraint`). Expected weights come from R's own
# computation of full-batch gradient descent with the constraint applied after each step.

# R keras 2.15's own example is `w * k_cast(k_greater_equal(w, 0), k_floatx())`; R's `*` on
# Python tensors needs reticulate >= 1.29 (Debian's is 1.28), so these tests multiply with the
# tensor's own method, and the last tests use R keras's exact code where R has the operator.
nonneg_constraint <- function(w) {
  w$`__mul__`(k_cast(k_greater_equal(w, 0), k_floatx()))
}

NonNegConstraint <- R6::R6Class(
  "NonNegConstraint",
  inherit = KerasConstraint,
  public = list(call = nonneg_constraint)
)

# Full-batch SGD on mean squared error for y = x %*% kernel + bias, `project` applied to the
# kernel and bias after each step (as Keras applies constraints after the optimizer's update).
expected_weights <- function(x, y, kernel, bias, learning_rate, epochs, project = identity) {
  n <- nrow(x)
  for (epoch in seq_len(epochs)) {
    residual <- x %*% kernel + bias - y
    grad_kernel <- 2 / n * t(x) %*% residual
    grad_bias <- 2 / n * sum(residual)
    kernel <- project(kernel - learning_rate * grad_kernel)
    bias <- project(bias - learning_rate * grad_bias)
  }
  list(kernel = kernel, bias = bias)
}

constraint_case <- function() {
  set.seed(42)
  x <- matrix(runif(32 * 3, -1, 1), nrow = 32)
  # The target pulls the first kernel weight and the bias below zero, the others up.
  y <- x %*% c(-1, 2, 1.5) - 0.8
  list(x = x, y = y, kernel = matrix(c(0.3, 0.2, 0.1), ncol = 1), bias = 0.05,
       learning_rate = 0.5, epochs = 3)
}

train_dense <- function(case, kernel_constraint, bias_constraint) {
  model <- keras_model_sequential(input_shape = c(3)) %>%
    layer_dense(1, kernel_constraint = kernel_constraint, bias_constraint = bias_constraint)
  set_weights(model, list(case$kernel, array(case$bias)))
  model %>% compile(loss = "mse", optimizer = optimizer_sgd(learning_rate = case$learning_rate))
  model %>% fit(case$x, case$y, batch_size = nrow(case$x), epochs = case$epochs, shuffle = FALSE,
                verbose = 0)
  get_weights(model)
}

test_that("an R function and a KerasConstraint given as constraints are applied in fit()", {
  skip_if_no_rbridge_python()
  case <- constraint_case()
  unconstrained <- with(case, expected_weights(x, y, kernel, bias, learning_rate, epochs))
  constrained <- with(case, expected_weights(x, y, kernel, bias, learning_rate, epochs,
                                             project = function(w) pmax(w, 0)))
  # The case is one where the constraint matters: without it, a weight and the bias go negative.
  expect_lt(unconstrained$kernel[1], 0)
  expect_lt(unconstrained$bias, 0)
  expect_gt(min(constrained$kernel[2:3]), 0)  # (and some are not clipped)
  expect_identical(constrained$kernel[1], 0)

  weights <- train_dense(case, kernel_constraint = NonNegConstraint$new(),
                         bias_constraint = nonneg_constraint)
  expect_true(all(weights[[1]] >= 0))
  expect_true(all(weights[[2]] >= 0))
  expect_close(weights[[1]], constrained$kernel, tolerance = 1e-5)
  expect_close(as.numeric(weights[[2]]), constrained$bias, tolerance = 1e-5)

  # The other way round (R function on the kernel, KerasConstraint on the bias) is the same.
  weights <- train_dense(case, kernel_constraint = nonneg_constraint,
                         bias_constraint = NonNegConstraint$new())
  expect_close(weights[[1]], constrained$kernel, tolerance = 1e-5)
  expect_close(as.numeric(weights[[2]]), constrained$bias, tolerance = 1e-5)
})

test_that("without a constraint the same training gives the unconstrained weights", {
  skip_if_no_rbridge_python()
  case <- constraint_case()
  unconstrained <- with(case, expected_weights(x, y, kernel, bias, learning_rate, epochs))
  weights <- train_dense(case, kernel_constraint = NULL, bias_constraint = NULL)
  expect_close(weights[[1]], unconstrained$kernel, tolerance = 1e-5)
  expect_close(as.numeric(weights[[2]]), unconstrained$bias, tolerance = 1e-5)
})

test_that("a custom constraint in a larger model leaves every constrained weight non-negative", {
  skip_if_no_rbridge_python()
  set.seed(7)
  model <- keras_model_sequential() %>%
    layer_dense(16, input_shape = c(20), kernel_initializer = "random_normal",
                bias_initializer = initializer_constant(-0.5),
                kernel_constraint = NonNegConstraint$new(), bias_constraint = nonneg_constraint) %>%
    layer_dense(4, activation = "softmax") %>%
    compile(loss = "categorical_crossentropy", optimizer = optimizer_sgd())
  before <- get_weights(model)
  expect_true(any(before[[1]] < 0))  # (the constraint runs in training, not at creation)
  expect_true(all(before[[2]] == -0.5))
  x <- matrix(rexp(64 * 20), nrow = 64)
  y <- diag(4)[sample(4, 64, replace = TRUE), ]
  model %>% fit(x, y, epochs = 2, batch_size = 16, verbose = 0)
  after <- get_weights(model)
  expect_true(all(after[[1]] >= 0))
  expect_true(all(after[[2]] >= 0))
})

test_that("get_config() of a KerasConstraint's Keras constraint is the R method's", {
  skip_if_no_rbridge_python()
  Configured <- R6::R6Class("Configured", inherit = KerasConstraint, public = list(
    call = nonneg_constraint,
    get_config = function() reticulate::dict(limit = 0)
  ))
  layer <- layer_dense(units = 2, kernel_constraint = Configured$new(), bias_constraint = nonneg_constraint)
  expect_identical(layer$kernel_constraint$get_config(), list(limit = 0))
  expect_length(layer$bias_constraint$get_config(), 0L)
})

test_that("R functions stay refused where they are not constraints", {
  skip_if_no_rbridge_python()
  expect_error(layer_dense(units = 2, kernel_regularizer = function(w) w),
               "kernel_regularizer.*R functions cannot run inside TensorFlow")
  # A KerasConstraint without call() fails in training, with R keras's message.
  model <- keras_model_sequential(input_shape = c(3)) %>%
    layer_dense(1, kernel_constraint = KerasConstraint$new()) %>%
    compile(loss = "mse", optimizer = optimizer_sgd())
  expect_error(fit(model, matrix(1, 4, 3), matrix(1, 4, 1), epochs = 1, verbose = 0),
               "Keras custom constraints must implement the call function")
})

test_that("R keras 2.15's own custom constraint code, with R's `*` on tensors, is applied", {
  skip_if_no_rbridge_python()
  skip_if_not(r_operators_on_tensors(), "R's operators on Python objects need reticulate >= 1.29")
  r_keras_nonneg <- function(w) {
    w * k_cast(k_greater_equal(w, 0), k_floatx())
  }
  RKerasNonNeg <- R6::R6Class("RKerasNonNeg", inherit = KerasConstraint, public = list(call = r_keras_nonneg))
  case <- constraint_case()
  constrained <- with(case, expected_weights(x, y, kernel, bias, learning_rate, epochs,
                                             project = function(w) pmax(w, 0)))
  weights <- train_dense(case, kernel_constraint = RKerasNonNeg$new(), bias_constraint = r_keras_nonneg)
  expect_close(weights[[1]], constrained$kernel, tolerance = 1e-5)
  expect_close(as.numeric(weights[[2]]), constrained$bias, tolerance = 1e-5)
})

test_that("without R's operators on tensors, R keras's constraint code fails with an explanation", {
  skip_if_no_rbridge_python()
  skip_if(r_operators_on_tensors(), "reticulate >= 1.29 defines R's operators on Python objects")
  model <- keras_model_sequential(input_shape = c(3)) %>%
    layer_dense(1, kernel_constraint = function(w) w * k_cast(k_greater_equal(w, 0), k_floatx())) %>%
    compile(loss = "mse", optimizer = optimizer_sgd())
  expect_error(fit(model, matrix(1, 4, 3), matrix(1, 4, 1), epochs = 1, verbose = 0),
               "custom constraint: R's arithmetic operators on tensors .* need reticulate >= 1.29")
})
