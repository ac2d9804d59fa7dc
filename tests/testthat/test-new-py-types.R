# R keras 2.15's custom-class constructors (R/rk-new-py-types.R): new_layer_class() and friends
# make Keras subclasses from R methods. What is expected follows from the methods themselves
# (a layer whose call() doubles its input gives 2x; a get_config() entry survives from_config()
# and a save/load round trip), not from rbridge's output.

# (Keras 3 and Keras 2.15 both run on TensorFlow here: its functions serve both.)
as_r <- function(x) reticulate::py_to_r(x$numpy())
tf <- function() reticulate::import("tensorflow")

test_that("new_layer_class(): a layer whose R call() doubles its input gives 2x, composed like layer_dense()", {
  skip_if_no_rbridge_python()
  skip_if_not(r_operators_on_tensors(), "R's operators on Python objects need reticulate >= 1.29")
  layer_double <- new_layer_class("Double", call = function(inputs) inputs * 2)
  expect_s3_class(layer_double, "keras_layer_wrapper")
  x <- matrix(c(1, -2, 3.5, 4, 0, 6), nrow = 2)
  expect_equal(as_r(layer_double()(x)), 2 * x, ignore_attr = TRUE)

  model <- keras_model_sequential(input_shape = 3) %>% layer_double()
  expect_equal(length(model$layers), 1L)
  expect_equal(predict(model, x, verbose = 0), 2 * x, ignore_attr = TRUE)
})

test_that("new_layer_class(): initialize() arguments become the layer function's, build() makes weights, get_config() round trips", {
  skip_if_no_rbridge_python()
  skip_if_not(r_operators_on_tensors(), "R's operators on Python objects need reticulate >= 1.29")
  layer_scale <- new_layer_class(
    "Scale",
    initialize = function(factor, ...) {
      super$initialize(...)
      self$factor <- factor
    },
    build = function(input_shape) {
      # (Keras 3 hands a tuple, an R list here; Keras 2.15 a TensorShape)
      dims <- if (inherits(input_shape, "python.builtin.object")) input_shape$as_list() else input_shape
      self$w <- self$add_weight(name = "w", shape = list(dims[[length(dims)]]),
                                initializer = "ones")
    },
    call = function(inputs) inputs * self$w * self$factor,
    get_config = function() {
      config <- super$get_config()
      config$factor <- self$factor
      config
    })
  expect_identical(names(formals(layer_scale)), c("object", "factor", "..."))
  layer <- layer_scale(factor = 3, name = "scale3")
  x <- matrix(1:4, nrow = 2) + 0
  expect_equal(as_r(layer(x)), 3 * x, ignore_attr = TRUE)  # w is ones
  expect_equal(length(layer$weights), 1L)
  config <- layer$get_config()
  expect_identical(config$factor, 3)
  expect_identical(config$name, "scale3")
  twin <- attr(layer_scale, "Layer")$from_config(config)
  expect_identical(twin$factor, 3)
  expect_equal(as_r(twin(x)), 3 * x, ignore_attr = TRUE)
})

test_that("a model with a new_layer_class() layer is saved and loaded with the layer function as an unnamed custom object", {
  skip_if_no_rbridge_python()
  layer_my_dense <- new_layer_class(
    "MyDenseRoundTrip",
    initialize = function(units, ...) {
      super$initialize(...)
      private$units <- units
      self$dense <- layer_dense(units = units)
    },
    call = function(...) self$dense(...),
    get_config = function() {
      config <- super$get_config()
      config$units <- private$units
      config
    })
  model <- keras_model_sequential(input_shape = 4) %>% layer_my_dense(3)
  x <- matrix(seq(-1, 1, length.out = 8), nrow = 2)
  before <- predict(model, x, verbose = 0)
  path <- tempfile(fileext = ".keras")
  on.exit(unlink(path))
  model$save(path)
  loaded <- load_model_tf(path, custom_objects = list(layer_my_dense))
  expect_identical(predict(loaded, x, verbose = 0), before)
  expect_identical(loaded$layers[[1]]$get_config()$units, 3)
})

test_that("new_callback_class(), new_metric_class(), new_loss_class(): fit() calls the R methods", {
  skip_if_no_rbridge_python()
  skip_if_not(r_operators_on_tensors(), "R's operators on Python objects need reticulate >= 1.29")
  seen <- new.env()
  seen$epochs <- integer()
  EpochLog <- new_callback_class("EpochLog", on_epoch_end = function(epoch, logs = NULL) {
    seen$epochs <- c(seen$epochs, as.integer(epoch))
  })
  # mean absolute error written out: the loss must equal Keras's own mae of the same data
  MyMAE <- new_loss_class("MyMAE", call = function(y_true, y_pred) {
    tf()$reduce_mean(tf()$abs(y_true - y_pred), axis = -1L)
  })
  CountSamples <- new_metric_class(
    "CountSamples",
    initialize = function(...) {
      super$initialize(...)
      self$n <- self$add_weight(name = "n", shape = list(), initializer = "zeros")
    },
    update_state = function(y_true, y_pred, sample_weight = NULL) {
      self$n$assign_add(tf()$cast(tf()$shape(y_true)[[0]], "float32"))
    },
    result = function() self$n)

  set.seed(1)
  x <- matrix(runif(10 * 2), ncol = 2)
  y <- matrix(runif(10), ncol = 1)
  model <- keras_model_sequential(input_shape = 2) %>% layer_dense(units = 1)
  compile(model, optimizer = "sgd", loss = MyMAE(), metrics = list(CountSamples(name = "count")))
  fit(model, x, y, epochs = 2, batch_size = 5, verbose = 0, callbacks = list(EpochLog()))
  expect_identical(seen$epochs, 0:1)
  res <- evaluate(model, x, y, verbose = 0, batch_size = 10)
  expect_equal(res[["count"]], 10)
  pred <- predict(model, x, verbose = 0)
  expect_equal(res[["loss"]], mean(abs(y - pred)), tolerance = 1e-5)
})

test_that("KerasLayer (R keras 2.15's first custom-layer API): its R build(), call() and add_loss() make the layer", {
  skip_if_no_rbridge_python()
  # y = x %*% kernel, with a constant kernel of R's making and a loss of 5 added by call()
  Scale <- R6::R6Class("Scale", inherit = KerasLayer,
    public = list(
      output_dim = NULL, kernel = NULL,
      initialize = function(output_dim) self$output_dim <- output_dim,
      build = function(input_shape) {
        self$kernel <- self$add_weight(name = "kernel", shape = list(input_shape[[2]], self$output_dim),
                                       initializer = initializer_constant(0.5), trainable = TRUE)
      },
      call = function(x, mask = NULL) {
        self$add_loss(list(k_constant(5)))
        k_dot(x, self$kernel)
      },
      compute_output_shape = function(input_shape) list(input_shape[[1]], self$output_dim)
    ))
  layer_scale <- function(object, output_dim, name = NULL, trainable = TRUE)
    create_layer(Scale, object, list(output_dim = as.integer(output_dim), name = name, trainable = trainable))

  model <- keras_model_sequential(input_shape = 3) %>% layer_scale(output_dim = 2, name = "scale")
  x <- matrix(c(1, 2, 3, 4, 5, 6), nrow = 2, byrow = TRUE)
  expect_equal(predict(model, x, verbose = 0), x %*% matrix(0.5, 3, 2), tolerance = 1e-6)
  expect_identical(model$get_layer("scale")$name, "scale")
  expect_identical(length(model$trainable_weights), 1L)
  model %>% compile(loss = "mse", optimizer = optimizer_sgd(learning_rate = 0))
  # evaluate()'s loss: the mse of predictions equal to their targets, plus the layer's loss of 5
  expect_equal(evaluate(model, x, x %*% matrix(0.5, 3, 2), verbose = 0)[[1]], 5, tolerance = 1e-6)
})

test_that("shape() makes a TensorShape as R tensorflow's does; layer_input() and input_shape take one", {
  skip_if_no_rbridge_python()
  expect_identical(shape(NA, 4)$as_list(), list(NULL, 4L))
  expect_identical(shape(dims = c(NA, 4))$as_list(), list(NULL, 4L))
  expect_identical(shape(1, c(2, 3), -1)$as_list(), list(1L, 2L, 3L, NULL))
  expect_null(shape(dims = NULL)$rank)
  input <- layer_input(shape(NA, 3))
  expect_identical(reticulate::py_to_r(reticulate::py_get_attr(input, "shape"))[2:3], list(NULL, 3L))
  expect_error(layer_input(shape(dims = NULL)), "`shape`.*known number of dimensions", class = "rbridge_error")
})
