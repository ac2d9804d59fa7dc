# R keras 2.15's reticulate::r_to_py() of an R6 class generator (R/rk-py-classes.R): an R6 class that
# inherits a Keras Python class becomes a Python subclass, whose R methods Keras calls. What
# is expected is what fit() must do (one on_epoch_end per epoch, numbered from 0, one
# on_train_batch_end per batch, logs a callback adds kept in the history), not rbridge's output.

# 20 samples in batches of 8: 3 batches an epoch.
callback_fit <- function(callbacks, epochs) {
  set.seed(3)
  x <- matrix(runif(20 * 2), ncol = 2)
  y <- matrix(runif(20), ncol = 1)
  model <- keras_model_sequential(input_shape = 2) %>% layer_dense(units = 1)
  compile(model, optimizer = "sgd", loss = "mse")
  list(model = model,
       history = fit(model, x, y, epochs = epochs, batch_size = 8, verbose = 0,
                     shuffle = FALSE, callbacks = callbacks))
}

test_that("reticulate::r_to_py() of an R6 class inheriting keras$callbacks$Callback: fit() calls its R methods", {
  skip_if_no_rbridge_python()
  seen <- new.env()
  seen$epochs <- integer()
  seen$batches <- 0L
  seen$log_names <- NULL
  seen$model_ids <- character()

  EpochCounter <- R6::R6Class(
    "EpochCounter",
    inherit = keras$callbacks$Callback,
    public = list(
      tag = NULL,
      initialize = function(tag) {
        super$initialize()
        self$tag <- tag
      },
      on_train_begin = function(logs = NULL) {
        seen$model_ids <- c(seen$model_ids, reticulate::py_id(self$model))
      },
      on_epoch_end = function(epoch, logs = NULL) {
        private$n <- private$n + 1L
        seen$epochs <- c(seen$epochs, epoch)
        seen$log_names <- names(logs)
        logs[["not_kept"]] <- 1  # convert = TRUE: an R copy of the logs
        logs
      },
      on_train_batch_end = function(batch, logs = NULL) {
        seen$batches <- seen$batches + 1L
      },
      epochs_counted = function() private$n
    ),
    private = list(n = 0L)
  )
  PyEpochCounter <- reticulate::r_to_py(EpochCounter, convert = TRUE)

  # A Python class, subclass of Keras's Callback, in R keras's "R6type" module.
  builtins <- reticulate::import_builtins()
  expect_true(builtins$issubclass(PyEpochCounter, keras$callbacks$Callback))
  expect_identical(reticulate::py_get_attr(PyEpochCounter, "__module__", silent = TRUE)$`__str__`(), "R6type")
  expect_s3_class(PyEpochCounter, "py_R6ClassGenerator")

  counter <- PyEpochCounter("a")
  expect_s3_class(counter, "R6type.EpochCounter")
  expect_identical(counter$tag, "a")

  run <- callback_fit(list(counter), epochs = 4)
  expect_identical(seen$epochs, 0:3)
  expect_identical(seen$batches, 12L)
  expect_true("loss" %in% seen$log_names)
  expect_identical(seen$model_ids, reticulate::py_id(run$model))
  expect_false("not_kept" %in% names(run$history$metrics))
  expect_length(run$history$metrics$loss, 4)

  # `private` is per instance; `$new` is R6's spelling of calling the class.
  other <- PyEpochCounter$new("b")
  expect_identical(other$tag, "b")
  expect_identical(counter$epochs_counted(), 4L)
  expect_identical(other$epochs_counted(), 0L)
  callback_fit(list(other), epochs = 2)
  expect_identical(other$epochs_counted(), 2L)
  expect_identical(counter$epochs_counted(), 4L)
})

test_that("reticulate::r_to_py(convert = FALSE): methods get Keras's logs dict itself, and what they add reaches the history", {
  skip_if_no_rbridge_python()
  AddEpoch <- R6::R6Class(
    "AddEpoch",
    inherit = keras$callbacks$Callback,
    public = list(
      on_epoch_end = function(epoch, logs = NULL) {
        stopifnot(inherits(logs, "python.builtin.dict"), inherits(epoch, "python.builtin.int"))
        logs[["epoch_seen"]] <- epoch
        logs
      }
    )
  )
  add_epoch <- reticulate::r_to_py(AddEpoch, convert = FALSE)()
  run <- callback_fit(list(add_epoch), epochs = 3)
  expect_equal(run$history$metrics$epoch_seen, c(0, 1, 2))
  expect_length(run$history$metrics$loss, 3)
})

test_that("reticulate::r_to_py() of an R6 class refuses methods that are not functions, and both initialize and __init__", {
  skip_if_no_rbridge_python()
  Both <- R6::R6Class("Both", public = list(initialize = function() NULL, `__init__` = function() NULL))
  expect_error(reticulate::r_to_py(Both), "both `__init__` and `initialize`")
})

test_that("%py_class% makes a Python class from R methods, with super$ and active properties", {
  skip_if_no_rbridge_python()
  Base %py_class% {
    initialize <- function(x) self$x <- x
    twice <- function() {
      "
      Twice x,
        an R method's docstring.
      "
      self$x * 2
    }
  }
  Derived(Base) %py_class% {
    "A derived class"
    initialize <- function(x, y) {
      super$initialize(x)
      self$y <- y
    }
    total %<-active% function(value) {
      if (missing(value)) self$x + self$y else stop("read-only")
    }
  }
  d <- Derived(3, 4)
  expect_identical(d$twice(), 6)
  expect_identical(d$total, 7)
  expect_identical(Derived$`__doc__`, "A derived class")
  # glue::trim()'s rules: the blank first and last lines go, and the common indentation
  expect_identical(d$twice$`__doc__`, "Twice x,\n  an R method's docstring.")
})
