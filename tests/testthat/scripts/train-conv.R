# The README's "Training from R", as a script that runs as written (Rscript train-conv.R, from
# any directory, after scripts/setup.sh). tests/testthat/test-scripts.R runs it.
library(rbridge)
set.seed(1)
x <- array(runif(64 * 16 * 3), dim = c(64, 16, 3))  # 64 samples of 16 steps, 3 channels
y <- array(runif(64 * 18 * 4), dim = c(64, 18, 4))  # targets: 16 + kernel_size - 1 = 18 steps, 4 filters
model <- keras_model_sequential(input_shape = c(16, 3)) %>%
  layer_conv_1d_transpose(filters = 4, kernel_size = 3)
model %>% compile(optimizer = "adam", loss = "mse", metrics = "mae")
history <- model %>% fit(x, y, epochs = 10, batch_size = 32, validation_split = 0.2)
history$metrics$loss                          # a numeric vector, one value per epoch; plot(history)
model %>% evaluate(x, y)                      # a named numeric vector: loss, mae
dim(predict(model, x))                        # 64 18 4: an R array

# (not part of the README's snippet) what the test checks
stopifnot(length(history$metrics$loss) == 10, history$metrics$loss[10] < history$metrics$loss[1],
          identical(names(evaluate(model, x, y, verbose = 0)), c("loss", "mae")))
cat("ok\n")
