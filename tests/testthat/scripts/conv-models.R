# An R keras 2.15 user's convolutional models, unchanged but for library(rbridge): 1-D, 2-D and
# 3-D models and a ConvLSTM, built only from the family (with padding, cropping and upsampling),
# then compile(), fit(), evaluate() and predict() on R arrays. Run in its own R process, from
# outside the checkout, by tests/testthat/test-scripts.R. Prints "ok" at the end.
library(rbridge)
set.seed(42)

check <- function(name, model, x, y, epochs = 3) {
  model %>% compile(optimizer = "adam", loss = "mse", metrics = "mae")
  history <- model %>% fit(x, y, epochs = epochs, batch_size = 8, validation_split = 0.25, verbose = 0)
  stopifnot(inherits(history, "keras_training_history"), length(history$metrics$loss) == epochs,
            all(is.finite(history$metrics$loss)), "val_mae" %in% names(history$metrics))
  scores <- model %>% evaluate(x, y, verbose = 0)
  stopifnot(is.numeric(scores), identical(names(scores), c("loss", "mae")))
  pred <- model %>% predict(x)
  stopifnot(is.array(pred), identical(dim(pred), dim(y)), is.double(pred))
  cat(sprintf("%-10s loss %.4f -> %.4f, predict dim %s\n", name, history$metrics$loss[1],
              history$metrics$loss[epochs], paste(dim(pred), collapse = " x ")))
}

# 1-D: a signal autoencoder (batch, steps, channels)
x1 <- array(sin(outer(seq_len(32), seq_len(24) / 4) + rnorm(32 * 24, sd = 0.1)), dim = c(32, 24, 1))
signal <- keras_model_sequential(input_shape = c(24, 1)) %>%
  layer_zero_padding_1d(padding = 2) %>%                            # 28 steps
  layer_conv_1d(filters = 8, kernel_size = 3, activation = "relu") %>%   # 26
  layer_separable_conv_1d(filters = 4, kernel_size = 3, strides = 2) %>% # 12
  layer_upsampling_1d(size = 2) %>%                                   # 24
  layer_depthwise_conv_1d(kernel_size = 3, padding = "same") %>%
  layer_conv_1d_transpose(filters = 1, kernel_size = 3) %>%           # 26
  layer_cropping_1d(cropping = c(1, 1))                               # 24
check("1-D", signal, x1, x1)

# 2-D: an image autoencoder (batch, rows, cols, channels), functional API
x2 <- array(runif(32 * 12 * 12), dim = c(32, 12, 12, 1))
image <- layer_input(shape = c(12, 12, 1))
encoded <- image %>%
  layer_conv_2d(filters = 8, kernel_size = c(3, 3), padding = "same", activation = "relu") %>%
  layer_depthwise_conv_2d(kernel_size = 3, strides = 2, padding = "same") %>%    # 6 x 6
  layer_separable_conv_2d(filters = 4, kernel_size = 3, padding = "same", activation = "relu")
decoded <- encoded %>%
  layer_conv_2d_transpose(filters = 8, kernel_size = 3, strides = 2, padding = "same") %>%  # 12 x 12
  layer_zero_padding_2d(padding = list(c(1L, 1L), c(2L, 2L))) %>%               # 14 x 16
  layer_cropping_2d(cropping = list(c(1, 1), c(2, 2))) %>%                        # 12 x 12
  layer_upsampling_2d(size = c(2, 2)) %>%                                         # 24 x 24
  layer_conv_2d(filters = 1, kernel_size = 2, strides = 2, activation = "sigmoid")  # 12 x 12
autoencoder <- keras_model(image, decoded)
check("2-D", autoencoder, x2, x2)

# 3-D: volumes (batch, depth, rows, cols, channels)
x3 <- array(runif(16 * 6 * 6 * 6 * 2), dim = c(16, 6, 6, 6, 2))
y3 <- array(runif(16 * 6 * 6 * 6), dim = c(16, 6, 6, 6, 1))
volume <- keras_model_sequential(input_shape = c(6, 6, 6, 2)) %>%
  layer_conv_3d(filters = 4, kernel_size = 3, padding = "same", activation = "relu") %>%
  layer_cropping_3d(cropping = list(c(1, 1), c(1, 1), c(1, 1))) %>%   # 4
  layer_upsampling_3d(size = c(2, 2, 2)) %>%                          # 8
  layer_zero_padding_3d(padding = 1) %>%                              # 10
  layer_conv_3d_transpose(filters = 2, kernel_size = 2, strides = 1) %>%  # 11
  layer_conv_3d(filters = 1, kernel_size = c(6, 6, 6))                # 6
check("3-D", volume, x3, y3)

# ConvLSTM: the next frame from a sequence of frames (batch, time, rows, cols, channels)
frames <- array(runif(16 * 5 * 8 * 8), dim = c(16, 5, 8, 8, 1))
next_frame <- array(runif(16 * 8 * 8), dim = c(16, 8, 8, 1))
lstm <- keras_model_sequential(input_shape = list(NULL, 8, 8, 1)) %>%
  layer_conv_lstm_2d(filters = 4, kernel_size = c(3, 3), padding = "same", return_sequences = TRUE) %>%
  layer_conv_lstm_2d(filters = 4, kernel_size = 3, padding = "same") %>%
  layer_conv_2d(filters = 1, kernel_size = 1, activation = "sigmoid")
check("ConvLSTM", lstm, frames, next_frame, epochs = 2)
cat("ok\n")
