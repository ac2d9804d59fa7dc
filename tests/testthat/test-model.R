# R keras 2.15's everyday model functions without R keras: keras_model(), summary(),
# get_weights()/set_weights(); R keras's verbose default outside an interactive session.

test_that("summary()/format() print R keras 2.15's layer table (recorded with the real R keras)", {
  skip_if_no_rbridge_python()
  recorded <- readLines(test_path("recordings", "summary-r-keras-2.15.txt"))
  env <- new.env(parent = globalenv())
  printed <- withr_output(sys.source(test_path("recordings", "summary.R"), envir = env))
  expect_identical(printed, recorded)
  # summary() prints and returns the same text invisibly; print() shows it too
  shown <- capture.output(value <- summary(env$seq))
  expect_identical(shown, strsplit(value, "\n")[[1]])
  expect_identical(capture.output(print(env$seq)), shown)
  expect_match(value, "Total params: 112 (448.00 Byte)", fixed = TRUE)
  unbuilt <- keras_model_sequential()
  expect_identical(format(unbuilt), "Model: <no summary available, model was not built>")
})

test_that("get_weights() gives R arrays with R's indexing; set_weights() takes them back", {
  skip_if_no_rbridge_python()
  layer <- layer_conv_1d(filters = 2, kernel_size = 3)
  x <- array(seq_len(1 * 5 * 4) / 10, dim = c(1, 5, 4))
  invisible(rbridge:::rbridge_call("call_layer", list(object = layer, x = x)))   # builds it
  w <- get_weights(layer)
  expect_type(w, "list")
  expect_identical(lapply(w, dim), list(c(3L, 4L, 2L), 2L))
  expect_identical(w[[2]], array(c(0, 0)))
  kernel <- array(as.double(seq_len(24)), dim = c(3, 4, 2))
  expect_identical(set_weights(layer, list(kernel, array(c(1, -1)))), layer)
  back <- get_weights(layer)
  expect_identical(back[[1]], kernel)                 # R's [i, j, k] is Keras's [i-1, j-1, k-1]
  # first output step, filter 1: sum over the window of x[1, 1:3, ] * kernel[, , 1], plus 1
  y <- rbridge:::rbridge_call("call_layer", list(object = layer, x = x))
  expect_close(y[1, 1, 1], sum(x[1, 1:3, ] * kernel[, , 1]) + 1)
  expect_identical(get_weights(layer, trainable = FALSE), list())
  expect_length(get_weights(layer, trainable = TRUE), 2L)
  err <- tryCatch(get_weights(layer, trainable = "yes"), error = function(e) e)
  expect_identical(err$argument, "trainable")
  err <- tryCatch(set_weights(layer, list(kernel)), error = function(e) e)
  expect_s3_class(err, "rbridge_error")
  expect_identical(err$argument, "weights")
  err <- tryCatch(set_weights(layer, list(array(0, c(2, 2, 2)), array(0, 2))), error = function(e) e)
  expect_match(conditionMessage(err), "dim c(3, 4, 2)", fixed = TRUE)
})

test_that("keras_model() makes a functional model from family layers that trains on R arrays", {
  skip_if_no_rbridge_python()
  input <- layer_input(shape = c(8, 8, 1))
  output <- input %>%
    layer_conv_2d(filters = 2, kernel_size = 3, padding = "same") %>%
    layer_upsampling_2d() %>%
    layer_conv_2d(filters = 1, kernel_size = 2, strides = 2)
  model <- keras_model(input, output, name = "functional_r")
  expect_identical(model$name, "functional_r")
  expect_identical(unlist(model$output_shape), c(8L, 8L, 1L))
  x <- array(runif(16 * 8 * 8), dim = c(16, 8, 8, 1))
  compile(model, optimizer = "adam", loss = "mse")
  history <- fit(model, x, x, epochs = 2, verbose = 0)
  expect_length(history$metrics$loss, 2)
  expect_identical(dim(predict(model, x, verbose = 0)), dim(x))
  # several inputs/outputs as R lists
  a <- layer_input(shape = c(6, 2))
  b <- layer_input(shape = c(6, 2))
  two <- keras_model(list(a, b), list(layer_conv_1d(a, 1, 3), layer_cropping_1d(b)))
  expect_length(two$inputs, 2L)
  expect_length(two$outputs, 2L)
})

test_that("Keras's errors reach R without terminal escape codes", {
  skip_if_no_rbridge_python()
  model <- keras_model_sequential(input_shape = c(6, 6, 1)) %>% layer_conv_2d(1, 3)
  err <- tryCatch(rbridge:::rbridge_call("call_layer", list(object = model, x = array(0, dim = c(1, 6, 1)))),
                  error = function(e) e)
  expect_s3_class(err, "rbridge_error")
  expect_false(grepl("\033", conditionMessage(err), fixed = TRUE))
})

test_that("verbose 'auto' is R keras's: no progress bar outside an interactive session", {
  expect_identical(rbridge:::model_verbose("auto"), if (interactive()) "auto" else 2L)
  expect_identical(rbridge:::model_verbose("auto", batch = 0L), if (interactive()) "auto" else 0L)
  expect_identical(rbridge:::model_verbose(1), 1)
  withr_knitr <- options(knitr.in.progress = TRUE)
  on.exit(options(withr_knitr))
  expect_identical(rbridge:::model_verbose("auto"), 2L)
})

test_that("get_input_at() and its siblings read a layer's nodes, 1-based, as Keras 2.15's methods did", {
  skip_if_no_rbridge_python()
  model <- keras_model_sequential(input_shape = 3) %>% layer_dense(4) %>% layer_dense(2)
  first <- model$layers[[1]]
  second <- model$layers[[2]]
  # node 1 is the layer's first call: the first layer's was on the model's input tensor
  expect_identical(reticulate::py_id(get_input_at(first, 1)), reticulate::py_id(model$inputs[[1]]))
  expect_identical(reticulate::py_id(get_output_at(second, 1)), reticulate::py_id(second$output))
  expect_identical(get_input_shape_at(second, 1), list(NULL, 4L))
  expect_identical(get_output_shape_at(second, 1), list(NULL, 2L))
  expect_null(get_input_mask_at(second, 1))
  expect_null(get_output_mask_at(second, 1))
  expect_error(get_input_at(second, 2), "at node 1, but the layer has only 1 inbound nodes")
  expect_error(get_output_at(layer_dense(units = 1), 1), "has never been called")
})

test_that("a model called on a plain R number computes, as R keras 2.15's test-model.R calls it", {
  skip_if_no_rbridge_python()
  model <- keras_model_sequential() %>% layer_dropout(rate = 0.99999999)
  # dropout at rate ~1 zeroes its input when training and passes it through when not
  expect_identical(as.numeric(model(1, training = TRUE)$numpy()), 0)
  expect_identical(as.numeric(model(1, training = FALSE)$numpy()), 1)
  expect_identical(dim(model(1, training = FALSE)$numpy()), NULL)  # a scalar, as Keras 2.15 made of 1
  expect_identical(length(model(1, training = FALSE)$shape), 0L)
  # arrays and tensors go to the model as they are
  dense <- keras_model_sequential(input_shape = 2) %>% layer_dense(1, kernel_initializer = "ones", use_bias = FALSE)
  expect_identical(as.numeric(dense(matrix(c(1, 2), 1))$numpy()), 3)
})

test_that("save_model_tf() writes a SavedModel directory that load_model_tf() reads back whole, as R keras 2.15's did", {
  skip_if_no_rbridge_python()
  model <- keras_model_sequential(input_shape = 4) %>% layer_dense(3, activation = "relu") %>% layer_dense(2)
  model %>% compile(loss = "mse", optimizer = optimizer_adam(learning_rate = 0.01))
  x <- matrix(seq(-1, 1, length.out = 24), nrow = 6)
  fit(model, x, matrix(seq(0, 1, length.out = 12), nrow = 6), epochs = 2, verbose = 0)
  # what the trained model computes, from its weights in R
  w <- get_weights(model)
  expected <- pmax(x %*% w[[1]] + rep(w[[2]], each = 6), 0) %*% w[[3]] + rep(w[[4]], each = 6)

  dir <- file.path(tempfile(), "model.keras")  # R keras 2.15 made a directory of any name
  dir.create(dirname(dir))
  on.exit(unlink(dirname(dir), recursive = TRUE))
  expect_true(save_model_tf(model, dir))
  expect_true(file.exists(file.path(dir, "saved_model.pb")))
  loaded <- load_model_tf(dir)
  expect_equal(predict(loaded, x, verbose = 0), expected, tolerance = 1e-5)
  expect_equal(as.integer(loaded$optimizer$iterations$numpy()), 2L)  # trained state kept: 2 steps

  # TensorFlow itself serves the directory, with the same numbers
  tf <- reticulate::import("tensorflow")
  serve <- tf$saved_model$load(dir)$signatures[["serving_default"]]
  input_name <- names(serve$structured_input_signature[[2]])
  served <- do.call(serve, stats::setNames(list(tf$constant(x, dtype = "float32")), input_name))
  expect_equal(unname(served[[1]]$numpy()), expected, tolerance = 1e-5)

  # an existing model is replaced only when asked
  expect_error(save_model_tf(model, dir, overwrite = FALSE), "already exists")
  expect_true(save_model_tf(model, dir, overwrite = TRUE))
})

test_that("save_model_tf() on Keras 3: what it cannot write is refused, and a failure leaves nothing behind", {
  skip_if_no_rbridge_python()
  skip_if_not(rbridge:::is_keras3(), "Keras 2 writes every SavedModel")
  parent <- tempfile()
  dir.create(parent)
  on.exit(unlink(parent, recursive = TRUE))
  model <- keras_model_sequential(input_shape = 2) %>% layer_dense(1)
  expect_error(save_model_tf(model, file.path(parent, "a"), include_optimizer = FALSE),
               "include_optimizer = FALSE.*not available on Keras 3", class = "rbridge_unsupported")
  expect_error(save_model_tf(model, file.path(parent, "a"), signatures = list()),
               "`signatures` and `options`", class = "rbridge_unsupported")
  unbuilt <- keras_model_sequential() %>% layer_dense(1)
  expect_error(save_model_tf(unbuilt, file.path(parent, "b")), "not yet been built")
  expect_identical(list.files(parent, all.files = TRUE, no.. = TRUE), character())
  # a SavedModel directory from Keras 2 (R keras 2.15 itself): Keras 3 cannot make it a model
  dir.create(file.path(parent, "keras2"))
  file.create(file.path(parent, "keras2", "saved_model.pb"))
  expect_error(load_model_tf(file.path(parent, "keras2")), "written by Keras 2.*load_model_hdf5",
               class = "rbridge_unsupported")
})

test_that("R tensorflow's export_savedmodel() exports a Keras 3 model TensorFlow serves, as R keras 2.15's method did", {
  skip_if_no_rbridge_python()
  skip_if_not(rbridge:::is_keras3(), "on Keras 2, R keras's own method answers")
  # R tensorflow is installed where R keras users have it (CI: the R CMD check with reticulate 1.46)
  skip_if_not_installed("tensorflow")
  model <- keras_model_sequential(input_shape = 3) %>% layer_dense(2)
  x <- matrix(seq(-1, 1, length.out = 6), nrow = 2)
  w <- get_weights(model)
  dir <- tempfile()
  on.exit(unlink(dir, recursive = TRUE))
  expect_identical(getExportedValue("tensorflow", "export_savedmodel")(model, dir), normalizePath(dir, mustWork = FALSE))
  serve <- reticulate::import("tensorflow")$saved_model$load(dir)$signatures[["serving_default"]]
  input_name <- names(serve$structured_input_signature[[2]])
  tf <- reticulate::import("tensorflow")
  served <- do.call(serve, stats::setNames(list(tf$constant(x, dtype = "float32")), input_name))
  expect_equal(unname(served[[1]]$numpy()), x %*% w[[1]] + rep(w[[2]], each = 2), tolerance = 1e-6)
})
