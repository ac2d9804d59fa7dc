# Recorded with the real R keras 2.15.0 (TensorFlow 2.15.1), by running this file with
#   R_LIBS=.Rlib-rkeras RETICULATE_PYTHON=.venv-keras2/bin/python Rscript tests/testthat/recordings/summary.R > tests/testthat/recordings/summary-r-keras-2.15.txt
# test-model.R runs the same models with library(rbridge) and compares the printed tables.
if (!"rbridge" %in% loadedNamespaces()) suppressPackageStartupMessages(library(keras))
seq <- keras_model_sequential(input_shape = c(8, 8, 3), name = "autoencoder") %>%
  layer_conv_2d(4, 3, padding = "same", name = "encode") %>%
  layer_zero_padding_2d(1, name = "pad") %>%
  layer_upsampling_2d(name = "up") %>%
  layer_cropping_2d(list(c(1, 1), c(2, 0)), name = "crop")
cat(format(seq), sep = "\n"); cat("\n----\n")
input <- layer_input(shape = c(10, 2), name = "signal")
a <- input %>% layer_conv_1d(3, 3, padding = "same", name = "left")
b <- input %>% layer_separable_conv_1d(3, 3, padding = "same", name = "right")

fun <- keras_model(input, list(a, b), name = "branches")
cat(format(fun), sep = "\n"); cat("\n----\n")
cat(format(seq, width = 60), sep = "\n")
