# The models of R keras's example scripts mnist_cnn.R, cifar10_cnn.R, imdb_cnn.R, conv_lstm.R,
# imdb_cnn_lstm.R, imdb_bidirectional_lstm.R and mnist_hierarchical_rnn.R (R keras's examples
# collection), built as those scripts build them, with
# deterministic weights and inputs. Sourced after library(keras) by
# tests/testthat/recordings/record-example-models.R (the real R keras 2.15 on TF 2.15, which
# writes example-models-r-keras-2.15.rds) and after library(rbridge) by
# test-example-models.R, which compares the predictions.

example_models <- function() list(
  mnist_cnn = function() {
    keras_model_sequential() %>%
      layer_conv_2d(filters = 32, kernel_size = c(3,3), activation = 'relu', input_shape = c(28, 28, 1)) %>%
      layer_conv_2d(filters = 64, kernel_size = c(3,3), activation = 'relu') %>%
      layer_max_pooling_2d(pool_size = c(2, 2)) %>%
      layer_dropout(rate = 0.25) %>%
      layer_flatten() %>%
      layer_dense(units = 128, activation = 'relu') %>%
      layer_dropout(rate = 0.5) %>%
      layer_dense(units = 10, activation = 'softmax')
  },
  cifar10_cnn = function() {
    keras_model_sequential() %>%
      layer_conv_2d(filter = 32, kernel_size = c(3,3), padding = "same", input_shape = c(32, 32, 3)) %>%
      layer_activation("relu") %>%
      layer_conv_2d(filter = 32, kernel_size = c(3,3)) %>%
      layer_activation("relu") %>%
      layer_max_pooling_2d(pool_size = c(2,2)) %>%
      layer_dropout(0.25) %>%
      layer_conv_2d(filter = 32, kernel_size = c(3,3), padding = "same") %>%
      layer_activation("relu") %>%
      layer_conv_2d(filter = 32, kernel_size = c(3,3)) %>%
      layer_activation("relu") %>%
      layer_max_pooling_2d(pool_size = c(2,2)) %>%
      layer_dropout(0.25) %>%
      layer_flatten() %>%
      layer_dense(512) %>%
      layer_activation("relu") %>%
      layer_dropout(0.5) %>%
      layer_dense(10) %>%
      layer_activation("softmax")
  },
  imdb_cnn = function() {
    keras_model_sequential() %>%
      layer_embedding(5000, 50, input_length = 400) %>%
      layer_dropout(0.2) %>%
      layer_conv_1d(250, 3, padding = "valid", activation = "relu", strides = 1) %>%
      layer_global_max_pooling_1d() %>%
      layer_dense(250) %>%
      layer_dropout(0.2) %>%
      layer_activation("relu") %>%
      layer_dense(1) %>%
      layer_activation("sigmoid")
  },
  conv_lstm = function() {
    model <- keras_model_sequential()
    model %>%
      layer_conv_lstm_2d(input_shape = list(NULL, 40, 40, 1), filters = 40, kernel_size = c(3,3),
                         padding = "same", return_sequences = TRUE) %>%
      layer_batch_normalization() %>%
      layer_conv_lstm_2d(filters = 40, kernel_size = c(3,3), padding = "same", return_sequences = TRUE) %>%
      layer_batch_normalization() %>%
      layer_conv_lstm_2d(filters = 40, kernel_size = c(3,3), padding = "same", return_sequences = TRUE) %>%
      layer_batch_normalization() %>%
      layer_conv_lstm_2d(filters = 40, kernel_size = c(3,3), padding = "same", return_sequences = TRUE) %>%
      layer_batch_normalization() %>%
      layer_conv_3d(filters = 1, kernel_size = c(3,3,3), activation = "sigmoid", padding = "same",
                    data_format = "channels_last")
    model
  },
  imdb_cnn_lstm = function() {
    model <- keras_model_sequential()
    model %>%
      layer_embedding(20000, 128, input_length = 100) %>%
      layer_dropout(0.25) %>%
      layer_conv_1d(64, 5, padding = "valid", activation = "relu", strides = 1) %>%
      layer_max_pooling_1d(4) %>%
      layer_lstm(70) %>%
      layer_dense(1) %>%
      layer_activation("sigmoid")
    model
  },
  imdb_bidirectional_lstm = function() {
    keras_model_sequential() %>%
      layer_embedding(input_dim = 20000, output_dim = 128, input_length = 100) %>%
      bidirectional(layer_lstm(units = 64)) %>%
      layer_dropout(rate = 0.5) %>%
      layer_dense(units = 1, activation = "sigmoid")
  },
  mnist_hierarchical_rnn = function() {
    input <- layer_input(shape = c(28, 28, 1))
    encoded_rows <- input %>% time_distributed(layer_lstm(units = 128))
    encoded_columns <- encoded_rows %>% layer_lstm(units = 128)
    prediction <- encoded_columns %>% layer_dense(units = 10, activation = "softmax")
    keras_model(input, prediction)
  }
)

# Inputs of each script's shapes and types (a few samples).
example_inputs <- function() list(
  mnist_cnn = array(((seq_len(2 * 28 * 28) * 37) %% 256) / 255, c(2, 28, 28, 1)),
  cifar10_cnn = array(((seq_len(2 * 32 * 32 * 3) * 53) %% 256) / 255, c(2, 32, 32, 3)),
  imdb_cnn = matrix(as.integer((seq_len(2 * 400) * 7919) %% 5000), 2, 400),
  conv_lstm = array(((seq_len(1 * 6 * 40 * 40) * 29) %% 97) / 97, c(1, 6, 40, 40, 1)),
  imdb_cnn_lstm = matrix(as.integer((seq_len(2 * 100) * 7919) %% 20000), 2, 100),
  imdb_bidirectional_lstm = matrix(as.integer((seq_len(2 * 100) * 104729) %% 20000), 2, 100),
  mnist_hierarchical_rnn = array(((seq_len(2 * 28 * 28) * 41) %% 256) / 255, c(2, 28, 28, 1))
)

# Every weight set from its position (the same on any engine): small values around 0, and
# around 1 for those Keras starts at 1 (batch normalization's gamma and moving variance, which
# must stay positive).
deterministic_weights <- function(weights, scale = 0.05) {
  lapply(seq_along(weights), function(k) {
    w <- weights[[k]]
    values <- scale * sin(seq_along(w) * 0.7 + k)
    if (length(w) && all(w == 1)) values <- 1 + 0.5 * values
    array(values, dim = dim(w) %||% length(w))
  })
}

`%||%` <- function(a, b) if (is.null(a)) b else a

# Larger weights where 0.05 leaves a recurrent model's output near its bias whatever the input
# (the two samples would predict alike, and the comparison would see little of the recurrence).
weight_scales <- list(imdb_cnn_lstm = 0.5, imdb_bidirectional_lstm = 0.5, mnist_hierarchical_rnn = 0.5)

example_predictions <- function() {
  models <- example_models()
  inputs <- example_inputs()
  out <- list()
  for (name in names(models)) {
    model <- models[[name]]()
    set_weights(model, deterministic_weights(get_weights(model), weight_scales[[name]] %||% 0.05))
    out[[name]] <- predict(model, inputs[[name]], verbose = 0)
  }
  out
}
