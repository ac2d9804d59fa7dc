# From a plain Rscript: R keras 2.15 code, run through rbridge, checked against the
# numbers the real R keras 2.15.0 recorded (tests/fixtures/r-keras-2.15/).
library(rbridge)

case <- jsonlite::fromJSON("tests/fixtures/r-keras-2.15/dispatch_sequential_predict.json",
                           simplifyVector = FALSE)
cat("R keras call recorded: ", case$args, "\n", sep = "")

model <- keras_model_sequential() |>
  layer_conv_1d_transpose(filters = 4, kernel_size = 3, strides = 2, input_shape = c(5, 3))
kernel <- array(cos(seq_len(3 * 4 * 3)) / 3, dim = c(3, 4, 3))
bias <- array(seq_len(4) / 10)
invisible(rbridge:::rbridge_call("set_weights", list(object = model$layers[[1]],
                                            weights = list(kernel, bias))))
x <- array(sin(seq_len(2 * 5 * 3)), dim = c(2, 5, 3))
y <- predict(model, x, verbose = 0)

shape <- unlist(case$result$output$shape)
recorded <- aperm(array(unlist(case$result$output$data), dim = rev(shape)), rev(seq_along(shape)))
cat("output dim:", dim(y), "| max |rbridge - R keras|:", format(max(abs(y - recorded)), digits = 3), "\n")
stopifnot(isTRUE(all.equal(y, recorded, tolerance = 1e-5)))
cat("R -> rbridge -> Keras 3 gives R keras 2.15.0's numbers.\n")
