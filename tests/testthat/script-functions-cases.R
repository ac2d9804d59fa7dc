# The script-function cases, run with R keras 2.15 (recordings/record-script-functions.R) or
# with rbridge (test-script-functions.R): the same calls, so each result compares with R keras's.
# A tiny model both packages build alike: a Conv1D whose kernel spans the input (a dense unit).
script_model <- function(metrics = c("mae", "mse")) {
  inp <- layer_input(shape = c(4, 1))
  out <- layer_conv_1d(inp, filters = 1, kernel_size = 4, name = "unit")
  m <- keras_model(inp, out)
  set_weights(m, list(array(c(0.1, -0.2, 0.3, 0.05), c(4, 1, 1)), array(0.1)))
  m %>% compile(optimizer = optimizer_sgd(learning_rate = 0.1), loss = "mse", metrics = metrics)
  m
}

script_data <- function() {
  list(x = array(seq(0, 1, length.out = 40), c(10, 4, 1)),
       y = array(sin(seq(0, 3, length.out = 10)), c(10, 1, 1)))
}

record_script_functions <- function() {
  d <- script_data()
  out <- list()
  m <- script_model()
  out$evaluate <- evaluate(m, d$x, d$y, verbose = 0)
  h <- fit(m, d$x, d$y, epochs = 3, batch_size = 10, shuffle = FALSE, validation_split = 0.2, verbose = 0)
  out$history_class <- class(h)
  out$history_metrics <- h$metrics
  out$history_params <- h$params
  out$history_print <- capture.output(print(h))
  out$history_df <- as.data.frame(h)
  out$evaluate_after <- evaluate(m, d$x, d$y, verbose = 0)
  out$predict <- predict(m, d$x, verbose = 0)
  out$predict_on_batch <- predict_on_batch(m, d$x)
  out$train_on_batch <- train_on_batch(m, d$x, d$y)
  out$test_on_batch <- test_on_batch(m, d$x, d$y)
  m1 <- script_model(metrics = NULL)
  out$evaluate_loss_only <- evaluate(m1, d$x, d$y, verbose = 0)
  m2 <- script_model(metrics = "mae")
  h2 <- fit(m2, d$x, d$y, epochs = 2, batch_size = 10, shuffle = FALSE, verbose = 0,
            callbacks = list(callback_learning_rate_scheduler(function(epoch, lr) lr / 2)))
  out$history_lr <- h2$metrics
  m3 <- script_model(metrics = "mae")
  h3 <- fit(m3, d$x, as.vector(d$y), epochs = 1, batch_size = 5, shuffle = FALSE, verbose = 0,
            sample_weight = c(1, 2, 1, 2, 1, 2, 1, 2, 1, 2))
  out$history_vector_y_sample_weight <- h3$metrics
  out$adam_lr <- as.numeric(optimizer_adam(lr = 0.1)$learning_rate$numpy())
  out$sgd_config <- optimizer_sgd(learning_rate = 0.05, momentum = 0.5)$get_config()[c("name", "learning_rate", "momentum", "nesterov")]
  yt <- matrix(c(1, 0, 0, 1, 0.5, 0.5), 3, byrow = TRUE); yp <- matrix(c(0.9, 0.1, 0.2, 0.8, 0.4, 0.6), 3, byrow = TRUE)
  out$losses <- lapply(list(
    mse = loss_mean_squared_error, mae = loss_mean_absolute_error, cce = loss_categorical_crossentropy,
    kld = loss_kullback_leibler_divergence, logcosh = loss_logcosh, hinge = loss_hinge, poisson = loss_poisson
  ), function(f) as.numeric(f(yt, yp)$numpy()))
  out$loss_objects <- lapply(list(mse = loss_mean_squared_error(), cce = loss_categorical_crossentropy(),
                                  bce = loss_binary_crossentropy(label_smoothing = 0.1)),
                             function(l) as.numeric(l(yt, yp)$numpy()))
  out$to_categorical <- to_categorical(c(0, 2, 1, 2))
  out$to_categorical_n <- to_categorical(c(1, 0), num_classes = 4)
  out$pad_sequences <- pad_sequences(list(1:3, 4:5, 6L))
  out$pad_sequences_post <- pad_sequences(list(1:3, 4:5, 6L), maxlen = 2, padding = "post", truncating = "post")
  out$normalize <- normalize(matrix(c(3, 4, 1, 0), 2, byrow = TRUE))
  out$count_params <- count_params(m)
  out$get_layer_name <- get_layer(m, index = 2)$name
  f <- script_model()
  freeze_weights(f)
  out$frozen_trainable <- length(f$trainable_weights)
  unfreeze_weights(f)
  out$unfrozen_trainable <- length(f$trainable_weights)
  out$images <- image_cases()
  out$names <- naming_cases()
  out
}

# R keras's image augmentation (cifar10_cnn.R's): the generator's statistics, a batch drawn
# with a seed (random rotations, shifts and flips), and a model's predictions on a
# standardized flow.
image_cases <- function() {
  x <- array(((seq_len(10 * 8 * 8 * 3) * 37) %% 101) / 100, c(10, 8, 8, 3))
  y <- as.numeric(0:9)
  datagen <- image_data_generator(featurewise_center = TRUE, featurewise_std_normalization = TRUE,
                                  rotation_range = 20, width_shift_range = 0.2, height_shift_range = 0.2,
                                  horizontal_flip = TRUE)
  fit_image_data_generator(datagen, x)
  out <- list(mean = as.numeric(datagen$mean), std = as.numeric(datagen$std))
  out$batch <- generator_next(flow_images_from_data(x, y, datagen, batch_size = 4, seed = 42))
  out$plain_batch <- generator_next(flow_images_from_data(x, y, image_data_generator(rescale = 0.5),
                                                          batch_size = 3, shuffle = FALSE))
  m <- keras_model_sequential(input_shape = c(8, 8, 3)) %>%
    layer_conv_2d(2, 3, name = "c") %>% layer_flatten(name = "f") %>% layer_dense(1, name = "d")
  set_weights(m, lapply(get_weights(m), function(w) array(((seq_along(w) * 7) %% 11 - 5) / 50, dim(w))))
  # (no random transforms here: Keras 3 requests a flow's batches in another order than Keras
  # 2.15 when it fits or predicts, so a seeded flow's random draws differ there; the batches
  # themselves, above, are Keras 2.15's)
  standardize <- image_data_generator(featurewise_center = TRUE, featurewise_std_normalization = TRUE,
                                      rescale = 2)
  fit_image_data_generator(standardize, x)
  out$predict_generator <- suppressWarnings(predict_generator(
    m, flow_images_from_data(x, y, standardize, batch_size = 5, shuffle = FALSE), steps = 2))
  out
}

# Auto-generated names, as R keras 2.15 gives them: a pipe makes its outer layer first (so the
# first layer of `%>% layer_dense() %>% layer_dense()` is "dense_1"), inputs are "input_<n>",
# functional models "model"; and whether a layer function's result prints.
naming_cases <- function() {
  k_clear_session()
  seq <- keras_model_sequential(input_shape = 4) %>% layer_dense(3) %>% layer_dropout(0.1) %>% layer_dense(2)
  a <- layer_input(c(4, 1))
  b <- layer_input(c(4, 1))
  y <- layer_concatenate(list(a %>% layer_conv_1d(2, 1), b %>% layer_conv_1d(2, 1))) %>% layer_flatten()
  fun <- keras_model(list(a, b), y)
  list(sequential = vapply(seq$layers, function(l) l$name, ""),
       functional = vapply(fun$layers, function(l) l$name, ""),
       model = fun$name,
       visible = c(composed = withVisible(layer_dense(keras_model_sequential(input_shape = 2), 1))$visible,
                   bare = withVisible(layer_dense(units = 1))$visible,
                   merge = withVisible(layer_add(list(layer_input(2), layer_input(2))))$visible))
}

# An R keras 2.15 HDF5 file (compiled with Adam at 0.01, loss "mse", metrics mae): R keras
# writes it (recordings/), rbridge reads it back compiled, with its optimizer settings.
h5_case <- function(path, write = FALSE) {
  d <- script_data()
  if (write) {
    m <- script_model()
    m %>% compile(optimizer = optimizer_adam(learning_rate = 0.01), loss = "mse", metrics = "mae")
    save_model_hdf5(m, path)
  }
  m <- load_model_hdf5(path)
  list(predict = predict(m, d$x, verbose = 0), learning_rate = as.numeric(m$optimizer$learning_rate$numpy()),
       evaluate = evaluate(m, d$x, d$y, verbose = 0),
       fit = fit(m, d$x, d$y, epochs = 2, batch_size = 10, shuffle = FALSE, verbose = 0)$metrics)
}
