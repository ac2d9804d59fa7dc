# The R side of the benchmarks, run by `python -m bench` with Rscript. Prints one JSON object.
#   Rscript bench/r_side.R <quick: TRUE/FALSE>
args <- commandArgs(trailingOnly = TRUE)
quick <- length(args) > 0 && as.logical(args[[1]])
# rbridge from R's library (scripts/setup.sh installs it)
suppressPackageStartupMessages(library(rbridge))

source(file.path("bench", "r_timing.R"))

n <- if (quick) 20 else 200
reps <- if (quick) 3 else 9
invisible(layer_conv_1d_transpose(filters = 4, kernel_size = 3))  # Python, TensorFlow, rpy2 loaded
keras <- reticulate::import("keras")
conv <- keras$layers$Conv1DTranspose
# The baseline: the Keras class called through reticulate with arguments already converted.
bare_args <- list(filters = 4L, kernel_size = list(3L), strides = list(2L), padding = "same")

construct <- interleaved(list(
  rbridge = function() layer_conv_1d_transpose(filters = 4, kernel_size = 3, strides = 2, padding = "same"),
  bare = function() do.call(conv, bare_args)
), n, reps)


# Eager forward from R: 32 x 128 x 16, kernel 5, strides 2, same.
x <- array(rnorm(32 * 128 * 16), dim = c(32, 128, 16))
w <- list(array(rnorm(5 * 16 * 16) / 10, dim = c(5, 16, 16)), array(0, dim = 16))
layer <- layer_conv_1d_transpose(filters = 16, kernel_size = 5, strides = 2, padding = "same")
forward_r <- median_seconds(function() layer_conv_1d_transpose(x, filters = 16, kernel_size = 5, strides = 2,
                                                               padding = "same", weights = w),
                            max(5, n / 10), reps)

cat(jsonlite::toJSON(list(
  construct_rbridge = construct[["rbridge"]], construct_bare_reticulate = construct[["bare"]],
  forward_r_eager = forward_r
), auto_unbox = TRUE, digits = NA), "\n")
