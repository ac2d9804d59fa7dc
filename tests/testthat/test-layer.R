test_that("the R signature is R keras 2.15's, as in the spec", {
  skip_if_no_rbridge_python()
  spec <- reticulate::import("rbridge.specs", convert = FALSE)$SPECS[["layer_conv_1d_transpose"]]
  names <- vapply(reticulate::py_to_r(spec$r_formals()), function(f) f[[1]], "")
  expect_identical(names(formals(layer_conv_1d_transpose)), names)
  f <- formals(layer_conv_1d_transpose)
  expect_identical(f$strides, 1)
  expect_identical(f$padding, "valid")
  expect_null(f$output_padding)
  expect_identical(f$use_bias, TRUE)
})

test_that("Sequential + predict on an R array gives R keras's numbers", {
  skip_if_no_rbridge_python()
  case <- jsonlite::fromJSON(file.path(fixtures_dir(), "dispatch_sequential_predict.json"),
                             simplifyVector = FALSE)
  env <- case_env()
  model <- do.call(layer_conv_1d_transpose, c(list(keras_model_sequential()), eval_source(case$args, env)))
  if (!is.null(case$set_weights)) {
    rbridge:::rbridge_call("set_weights", list(object = model$layers[[1]], weights = eval_source(case$set_weights, env)))
  }
  y <- predict(model, eval_source(case$input, env))
  expect_close(y, recorded_array(case$result$output))
})

test_that("pipes work and return the same model", {
  skip_if_no_rbridge_python()
  model <- keras_model_sequential()
  out <- model |> layer_conv_1d_transpose(filters = 4, kernel_size = 3, input_shape = c(128, 3))
  expect_identical(reticulate::py_id(out), reticulate::py_id(model))
  expect_identical(unlist(model$output_shape), c(130L, 4L))
  if (requireNamespace("magrittr", quietly = TRUE)) {
    `%>%` <- magrittr::`%>%`
    model %>% layer_conv_1d_transpose(filters = 2, kernel_size = 1)
    expect_identical(unlist(model$output_shape), c(130L, 2L))
  }
})

test_that("R types survive the hand-off", {
  skip_if_no_rbridge_python()
  layer <- layer_conv_1d_transpose(filters = 2.9, kernel_size = "3", input_shape = list(NULL, 3L))
  expect_identical(layer$filters, 2L)          # as.integer(2.9)
  expect_identical(layer$kernel_size[[1]], 3L)  # as.integer("3")
  config <- layer$get_config()
  expect_null(config$batch_input_shape[[2]])                         # NULL: unknown steps
})

test_that("tensor dispatch from layer_input()", {
  skip_if_no_rbridge_python()
  out <- layer_input(shape = c(NA, 3)) |> layer_conv_1d_transpose(filters = 4, kernel_size = 3, strides = 2)
  shape <- out$shape
  expect_null(shape[[1]])
  expect_null(shape[[2]])
  expect_identical(shape[[3]], 4L)
})

test_that("eager output is an R array with R indexing", {
  skip_if_no_rbridge_python()
  x <- array(as.double(seq_len(2 * 5 * 3)), dim = c(2, 5, 3))
  kernel <- array(1, dim = c(1, 1, 3))
  y <- layer_conv_1d_transpose(x, filters = 1, kernel_size = 1, weights = list(kernel, array(0)))
  expect_identical(dim(y), c(2L, 5L, 1L))
  expect_equal(y[2, 4, 1], sum(x[2, 4, ]))   # kernel of ones sums the channels
})

test_that("errors are R conditions naming the argument; missing stays missing", {
  skip_if_no_rbridge_python()
  err <- tryCatch(layer_conv_1d_transpose(kernel_size = 3), error = function(e) e)
  expect_s3_class(err, "rbridge_error")
  expect_match(conditionMessage(err), 'argument "filters" is missing, with no default', fixed = TRUE)
  err <- tryCatch(layer_conv_1d_transpose(filters = 0, kernel_size = 3), error = function(e) e)
  expect_s3_class(err, "rbridge_argument_error")
  expect_identical(err$argument, "filters")
  expect_match(conditionMessage(err), "`filters`", fixed = TRUE)
  expect_warning(
    expect_error(layer_conv_1d_transpose(filters = "a", kernel_size = 3), class = "rbridge_error"),
    "NAs introduced by coercion", class = "rbridge_warning"
  )
})

test_that("an error in an argument is reported against the user's call, as R keras reports it", {
  err <- tryCatch(layer_conv_2d(filters = undefined_thing_xyz, kernel_size = 3), error = identity)
  expect_identical(conditionCall(err), quote(layer_conv_2d(filters = undefined_thing_xyz, kernel_size = 3)))
  expect_match(conditionMessage(err), "object 'undefined_thing_xyz' not found", fixed = TRUE)
  # What Rscript prints: the user's call, and no hand-off internals (mget, vapply) in `Calls:`.
  script <- "library(rbridge); f <- function() layer_conv_2d(filters = stop('boom'), kernel_size = 3); f()"
  out <- suppressWarnings(system2(file.path(R.home("bin"), "Rscript"), c("-e", shQuote(script)), stdout = TRUE,
                                  stderr = TRUE, env = paste0("R_LIBS=", paste(.libPaths(), collapse = ":"))))
  expect_true(any(grepl('Error in layer_conv_2d(filters = stop("boom"), kernel_size = 3) : boom', out, fixed = TRUE)),
              info = paste(out, collapse = "\n"))
  expect_identical(grep("^Calls:", out, value = TRUE), "Calls: f -> layer_conv_2d -> rbridge_call")
})

test_that("a clear message when no Python has rbridge", {
  expect_match(rbridge:::no_python_message("test"), "bash scripts/setup.sh", fixed = TRUE)
})

test_that("verify_parity() returns the verification table", {
  skip_if_no_rbridge_python()
  table <- verify_parity(ids = c("basic_missing", "numeric_s2_same_op1"))
  expect_s3_class(table, "data.frame")
  expect_identical(table$id, c("basic_missing", "numeric_s2_same_op1"))
  expect_true(all(table$ok))
  expect_lt(max(table$output_max_abs_err, na.rm = TRUE), 1e-5)
})

test_that("objects from an R keras-style package and rbridge work with each other", {
  skip_if_no_rbridge_python()
  # tests/fake-r-keras/keras.R: R keras 2.15's calling convention over reticulate (R keras
  # itself cannot be installed here). Its objects are the same Python Keras objects.
  fake <- new.env()
  sys.source(test_path("..", "fake-r-keras", "keras.R"), envir = fake)
  model <- fake$keras_model_sequential()
  out <- layer_conv_1d_transpose(model, filters = 4, kernel_size = 3, input_shape = c(6, 3))
  expect_identical(reticulate::py_id(out), reticulate::py_id(model))
  fake$layer_conv_1d_transpose(model, filters = 2, kernel_size = 1)   # theirs after ours
  expect_identical(unlist(model$output_shape), c(8L, 2L))
  y <- predict(model, array(1, dim = c(2, 6, 3)))
  expect_identical(dim(y), c(2L, 8L, 2L))
})

test_that("keras_model_sequential(...) makes the input layer, as R keras 2.15 does", {
  skip_if_no_rbridge_python()
  model <- keras_model_sequential(input_shape = c(12, 3), name = "seq") |>
    layer_conv_1d_transpose(filters = 2, kernel_size = 3)
  expect_equal(unlist(model$output_shape), c(14, 2))
  expect_identical(model$name, "seq")
  model2 <- keras_model_sequential(input_shape = list(NULL, 3), batch_size = 4) %>%
    layer_conv_1d_transpose(filters = 2, kernel_size = 3)
  expect_identical(model2$input_shape[[1]], 4L)
  y <- predict(model, array(1, dim = c(2, 12, 3)))
  expect_identical(dim(y), c(2L, 14L, 2L))
  err <- tryCatch(keras_model_sequential(input_shape = c(12, 3), nope = 1), error = function(e) e)
  expect_s3_class(err, "rbridge_error")
  expect_identical(err$argument, "nope")
})
