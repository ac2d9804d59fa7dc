# R keras 2.15's script functions under rbridge (verbs, history, batch verbs, optimizers,
# losses, utilities, freezing) return what the real R keras 2.15 returned: structure and
# numbers, against recordings/script-functions-r-keras-2.15.rds (made by
# recordings/record-script-functions.R from the same calls, script-functions-cases.R).

source(test_path("script-functions-cases.R"), local = TRUE)

recorded <- function() readRDS(test_path("recordings", "script-functions-r-keras-2.15.rds"))

ours <- local({
  value <- NULL
  function() {
    if (is.null(value)) value <<- suppressWarnings(record_script_functions())
    value
  }
})

test_that("evaluate(): the loss first, then the metrics in compile() order, named as R keras 2.15", {
  skip_if_no_rbridge_python()
  r <- recorded(); o <- ours()
  expect_identical(names(o$evaluate), c("loss", "mae", "mse"))
  expect_equal(o$evaluate, r$evaluate, tolerance = 1e-5)
  expect_equal(o$evaluate_after, r$evaluate_after, tolerance = 1e-5)
  expect_equal(o$evaluate_loss_only, r$evaluate_loss_only, tolerance = 1e-5)  # named length-1 vector
})

test_that("fit(): a keras_training_history as R keras 2.15's (class, params, metrics order, print, data frame)", {
  skip_if_no_rbridge_python()
  r <- recorded(); o <- ours()
  expect_identical(o$history_class, r$history_class)
  expect_identical(names(o$history_metrics), names(r$history_metrics))
  expect_equal(o$history_metrics, r$history_metrics, tolerance = 1e-5)
  expect_identical(o$history_params, r$history_params)
  expect_identical(length(o$history_print), length(r$history_print))
  expect_identical(sub(":.*", "", o$history_print), sub(":.*", "", r$history_print))
  expect_identical(names(o$history_df), names(r$history_df))
  expect_identical(levels(o$history_df$metric), levels(r$history_df$metric))
  expect_identical(o$history_df$data, r$history_df$data)
  expect_equal(o$history_df$value, r$history_df$value, tolerance = 1e-5)
})

test_that("fit(): the learning rate a callback logs is `lr`, last; a plain R vector as y with sample_weight", {
  skip_if_no_rbridge_python()
  r <- recorded(); o <- ours()
  expect_identical(names(o$history_lr), names(r$history_lr))
  expect_equal(o$history_lr, r$history_lr, tolerance = 1e-5)
  expect_equal(o$history_vector_y_sample_weight, r$history_vector_y_sample_weight, tolerance = 1e-5)
})

test_that("predict(), predict_on_batch(), train_on_batch(), test_on_batch() as R keras 2.15", {
  skip_if_no_rbridge_python()
  r <- recorded(); o <- ours()
  for (what in c("predict", "predict_on_batch", "train_on_batch", "test_on_batch")) {
    expect_identical(dim(o[[what]]), dim(r[[what]]), label = what)
    expect_equal(o[[what]], r[[what]], tolerance = 1e-5, label = what)
  }
})

test_that("optimizers: `lr` ignored with a warning, as R keras 2.15; R keras's names and arguments", {
  skip_if_no_rbridge_python()
  r <- recorded(); o <- ours()
  # (Keras 2.15 itself logs its "`lr` is deprecated" through absl; on Keras 3 rbridge warns in R)
  if (rbridge:::is_keras3()) expect_warning(optimizer_adam(lr = 0.1), "`lr` is deprecated")
  expect_equal(o$adam_lr, r$adam_lr)
  expect_identical(o$sgd_config$name, r$sgd_config$name)
  expect_equal(o$sgd_config[-1], r$sgd_config[-1], tolerance = 1e-7)
  expect_error(optimizer_sgd(decay = 0.01), "decay is deprecated", class = "rbridge_argument_error")
  for (f in c("optimizer_adadelta", "optimizer_adagrad", "optimizer_adamax", "optimizer_ftrl",
              "optimizer_nadam", "optimizer_rmsprop")) {
    expect_true(inherits(get(f)(), "python.builtin.object"), label = f)
  }
})

test_that("losses as functions and as objects give R keras 2.15's numbers (Keras 3's renames included)", {
  skip_if_no_rbridge_python()
  r <- recorded(); o <- ours()
  expect_equal(o$losses, r$losses, tolerance = 1e-5)
  expect_equal(o$loss_objects, r$loss_objects, tolerance = 1e-5)
})

test_that("utilities: to_categorical(), pad_sequences(), normalize(), count_params(), get_layer(), freezing", {
  skip_if_no_rbridge_python()
  r <- recorded(); o <- ours()
  for (what in c("to_categorical", "to_categorical_n", "pad_sequences", "pad_sequences_post", "normalize",
                 "count_params", "get_layer_name", "frozen_trainable", "unfrozen_trainable")) {
    expect_identical(o[[what]], r[[what]], label = what)
  }
})

test_that("load_model_hdf5(): an R keras 2.15 HDF5 model comes back compiled as saved, and trains", {
  skip_if_no_rbridge_python()
  r <- recorded()
  o <- h5_case(test_path("recordings", "r-keras-2.15-model.h5"))
  expect_equal(o$predict, r$h5$predict, tolerance = 1e-6)
  expect_equal(o$learning_rate, r$h5$learning_rate)  # 0.01, not Keras 3's default
  expect_equal(o$evaluate, r$h5$evaluate, tolerance = 1e-5)
  expect_identical(names(o$fit), names(r$h5$fit))
  expect_equal(o$fit$loss, r$h5$fit$loss, tolerance = 1e-4)  # (Adam's state starts afresh: close, not equal)
})

test_that("activation_*() given as a layer's activation computes that Keras activation (as R keras 2.15)", {
  skip_if_no_rbridge_python()
  x <- array(c(-2, -0.5, 0, 1.5, 3, -1), c(1, 6, 1))
  unit <- function(activation) {
    inp <- layer_input(shape = c(6, 1))
    m <- keras_model(inp, layer_conv_1d(inp, filters = 1, kernel_size = 1, activation = activation))
    set_weights(m, list(array(1, c(1, 1, 1)), array(0)))
    as.vector(predict(m, x, verbose = 0))
  }
  expect_equal(unit(activation_relu), pmax(as.vector(x), 0))
  expect_equal(unit(activation_tanh), tanh(as.vector(x)), tolerance = 1e-6)
  # R keras 2.15's activation_sigmoid() calls Keras's softmax: over one channel, all ones
  expect_equal(unit(activation_sigmoid), rep(1, 6))
})

test_that("image_data_generator(), fit_image_data_generator(), flow_images_from_data(): R keras 2.15's statistics, seeded batches and predictions", {
  skip_if_no_rbridge_python()
  r <- recorded()$images; o <- ours()$images
  expect_equal(o$mean, r$mean, tolerance = 1e-6)
  expect_equal(o$std, r$std, tolerance = 1e-6)
  # a batch with random rotations, shifts and flips, drawn with a seed: Keras 2.15's draws
  expect_identical(dim(o$batch[[1]]), dim(r$batch[[1]]))
  expect_equal(o$batch, r$batch, tolerance = 1e-5)
  expect_equal(o$plain_batch, r$plain_batch, tolerance = 1e-6)
  expect_equal(o$predict_generator, r$predict_generator, tolerance = 1e-5)
})

test_that("an R preprocessing_function runs on R's thread while Keras trains from the flow", {
  skip_if_no_rbridge_python()
  # Keras calls preprocessing_function for each image while it builds a batch, on a
  # background thread during fit(); R keras wraps such a flow so that R runs it on the main
  # thread (rbridge: r_function_iterator()). Every image becomes 1 - image.
  x <- array(seq(0, 1, length.out = 4 * 3 * 3 * 1), dim = c(4, 3, 3, 1))
  generator <- image_data_generator(preprocessing_function = function(image) 1 - image)
  flow <- flow_images_from_data(x, y = 1:4, generator = generator, batch_size = 2, shuffle = FALSE)
  batch <- generator_next(flow)
  expect_equal(batch[[1]], 1 - x[1:2, , , , drop = FALSE], tolerance = 1e-6, ignore_attr = TRUE)
  model <- keras_model_sequential(input_shape = c(3, 3, 1)) %>% layer_flatten() %>% layer_dense(1)
  compile(model, optimizer = "sgd", loss = "mse")
  history <- fit(model, flow, steps_per_epoch = 2, epochs = 2, verbose = 0)
  expect_length(history$metrics$loss, 2)
  expect_true(all(is.finite(history$metrics$loss)))
})

test_that("layers are named as R keras 2.15 names them (a pipe's outer layer first, input_<n>, model), and print as its results do", {
  skip_if_no_rbridge_python()
  r <- recorded()$names; o <- ours()$names
  expect_identical(o$sequential, r$sequential)  # c("dense_1", "dropout", "dense")
  expect_identical(o$functional, r$functional)
  expect_identical(o$model, r$model)
  expect_identical(o$visible, r$visible)  # composed layers are returned invisibly
})
