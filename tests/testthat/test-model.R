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
