# R keras's mnist_cnn.R model, trained, evaluated and predicted from R: one package per process
# (rbridge on Keras 3, or the real R keras 2.15 on TF 2.15: two TensorFlows cannot share a
# process). The same code runs under either library(). Run twice by `python -m bench` (the
# "script" step), which interleaves the two processes and takes the ratio of medians.
#   Rscript bench/r_script_vs_r_keras.R <rbridge|keras> <quick: TRUE/FALSE>
# Prints one JSON object: seconds per repeat of each measure.
args <- commandArgs(trailingOnly = TRUE)
package <- args[[1]]
quick <- length(args) > 1 && as.logical(args[[2]])
suppressPackageStartupMessages(library(package, character.only = TRUE))

n <- if (quick) 256 else 2000   # the issue's 2,000 samples
reps <- if (quick) 1 else 3
set.seed(1)
x <- array(runif(n * 28 * 28), dim = c(n, 28, 28, 1))
y <- to_categorical(sample(0:9, n, replace = TRUE), 10)

# mnist_cnn.R's model and compile(), as the script writes them
mnist_cnn <- function() {
  model <- keras_model_sequential() %>%
    layer_conv_2d(filters = 32, kernel_size = c(3, 3), activation = "relu", input_shape = c(28, 28, 1)) %>%
    layer_conv_2d(filters = 64, kernel_size = c(3, 3), activation = "relu") %>%
    layer_max_pooling_2d(pool_size = c(2, 2)) %>%
    layer_dropout(rate = 0.25) %>%
    layer_flatten() %>%
    layer_dense(units = 128, activation = "relu") %>%
    layer_dropout(rate = 0.5) %>%
    layer_dense(units = 10, activation = "softmax")
  model %>% compile(loss = loss_categorical_crossentropy, optimizer = optimizer_adadelta(),
                    metrics = c("accuracy"))
  model
}

seconds <- function(f) { gc(); t <- proc.time()[["elapsed"]]; f(); proc.time()[["elapsed"]] - t }

# A script's first epoch: a new model, built, compiled and trained once (tracing included).
first_epoch <- numeric(0)
for (i in seq_len(reps)) {
  first_epoch[i] <- seconds(function() {
    model <- mnist_cnn()
    model %>% fit(x, y, batch_size = 128, epochs = 1, verbose = 0, validation_split = 0.2)
  })
}
# Then, on one model: a further epoch, evaluate() and predict() on the R array.
model <- mnist_cnn()
model %>% fit(x, y, batch_size = 128, epochs = 1, verbose = 0, validation_split = 0.2)
invisible(evaluate(model, x, y, verbose = 0)); invisible(predict(model, x, verbose = 0))
epoch <- evaluated <- predicted <- numeric(0)
for (i in seq_len(reps)) {
  epoch[i] <- seconds(function() model %>% fit(x, y, batch_size = 128, epochs = 1, verbose = 0, validation_split = 0.2))
  evaluated[i] <- seconds(function() evaluate(model, x, y, verbose = 0))
  predicted[i] <- seconds(function() predict(model, x, verbose = 0))
}
stopifnot(identical(dim(predict(model, x, verbose = 0)), c(as.integer(n), 10L)))
cat(sprintf('{"first_epoch": [%s], "epoch": [%s], "evaluate": [%s], "predict": [%s]}\n',
            paste(first_epoch, collapse = ", "), paste(epoch, collapse = ", "),
            paste(evaluated, collapse = ", "), paste(predicted, collapse = ", ")))
