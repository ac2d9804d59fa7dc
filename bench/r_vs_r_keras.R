# rbridge against the real R keras 2.15 in one R session, on one TensorFlow (Keras 2): each
# pair interleaved, median of repeats. Run by `python -m bench` where R keras is installed
# (scripts/setup-r-keras.sh), on the Keras 2 Python. Prints one JSON object.
#   Rscript bench/r_vs_r_keras.R <quick: TRUE/FALSE>
args <- commandArgs(trailingOnly = TRUE)
quick <- length(args) > 0 && as.logical(args[[1]])
suppressPackageStartupMessages({ library(keras); library(rbridge) })
source(file.path("bench", "r_timing.R"))

n <- if (quick) 20 else 200
reps <- if (quick) 3 else 9
set.seed(1)
# Both loaded (Python, TensorFlow, rpy2) before anything is timed.
invisible(rbridge::layer_conv_1d_transpose(filters = 4, kernel_size = 3))
invisible(keras::layer_conv_1d_transpose(filters = 4, kernel_size = 3))

construct <- interleaved(list(
  rbridge = function() rbridge::layer_conv_1d_transpose(filters = 4, kernel_size = 3, strides = 2, padding = "same"),
  r_keras = function() keras::layer_conv_1d_transpose(filters = 4, kernel_size = 3, strides = 2, padding = "same")
), n, reps)

# The eager call on an R array, 32 x 128 x 16, kernel 5, strides 2, same, weights given. R keras
# returns a tensor and rbridge an R array: R keras is also timed with as.array(), what an R
# user then does to read the numbers.
x <- array(rnorm(32 * 128 * 16), dim = c(32, 128, 16))
w <- list(array(rnorm(5 * 16 * 16) / 10, dim = c(5, 16, 16)), array(0, dim = 16))
call_args <- list(filters = 16, kernel_size = 5, strides = 2, padding = "same", weights = w)
eager <- interleaved(list(
  rbridge = function() do.call(rbridge::layer_conv_1d_transpose, c(list(x), call_args)),
  r_keras = function() do.call(keras::layer_conv_1d_transpose, c(list(x), call_args)),
  r_keras_as_array = function() as.array(do.call(keras::layer_conv_1d_transpose, c(list(x), call_args)))
), max(5, n / 10), reps)

# predict() on the same architecture built by each package, weights shared.
build <- function(layer_fn) {
  model <- keras::keras_model_sequential()
  do.call(layer_fn, c(list(model), call_args[-5], list(input_shape = c(128, 16))))
  model$layers[[1]]$set_weights(w)
  model
}
ours <- build(rbridge::layer_conv_1d_transpose)
theirs <- build(keras::layer_conv_1d_transpose)
stopifnot(isTRUE(all.equal(predict(ours, x, verbose = 0), predict(theirs, x, verbose = 0), tolerance = 1e-6)))
predicted <- interleaved(list(
  rbridge = function() predict(ours, x, verbose = 0),
  r_keras = function() predict(theirs, x, verbose = 0)
), max(5, n / 20), reps)

# Each group of the family: construction, and the eager call on an R array (a new layer on
# each call, as `layer_x(array, ...)` is used), rbridge (an R array back) against R keras (a
# tensor back, and the tensor read with as.array()). One function per group, plus each of
# padding, cropping and upsampling.
source(file.path("bench", "r_groups.R"))
group_results <- list()
for (group in names(family_groups)) {
  g <- family_groups[[group]]
  ours_fn <- getExportedValue("rbridge", g[[1]]); theirs_fn <- getExportedValue("keras", g[[1]])
  args <- g[[2]]
  gx <- group_input(group, g[[3]])
  built <- interleaved(list(
    rbridge = function() do.call(ours_fn, args),
    r_keras = function() do.call(theirs_fn, args)
  ), max(10, n / 2), reps)
  called <- interleaved(list(
    rbridge = function() do.call(ours_fn, c(list(gx), args)),
    r_keras = function() do.call(theirs_fn, c(list(gx), args)),
    r_keras_as_array = function() as.array(do.call(theirs_fn, c(list(gx), args)))
  ), max(3, n / 20), reps)
  group_results[[paste0("group_", group, "_function")]] <- g[[1]]
  group_results[[paste0("group_", group, "_construct_rbridge_s")]] <- built[["rbridge"]]
  group_results[[paste0("group_", group, "_construct_r_keras_s")]] <- built[["r_keras"]]
  group_results[[paste0("group_", group, "_eager_rbridge_s")]] <- called[["rbridge"]]
  group_results[[paste0("group_", group, "_eager_r_keras_s")]] <- called[["r_keras"]]
  group_results[[paste0("group_", group, "_eager_r_keras_as_array_s")]] <- called[["r_keras_as_array"]]
}

cat(jsonlite::toJSON(c(group_results, list(
  rk_construct_rbridge_s = construct[["rbridge"]], rk_construct_r_keras_s = construct[["r_keras"]],
  ratio_from_r_construct_vs_r_keras = construct[["rbridge"]] / construct[["r_keras"]],
  rk_eager_rbridge_s = eager[["rbridge"]], rk_eager_r_keras_s = eager[["r_keras"]],
  rk_eager_r_keras_as_array_s = eager[["r_keras_as_array"]],
  ratio_from_r_eager_vs_r_keras = eager[["rbridge"]] / eager[["r_keras"]],
  ratio_from_r_eager_vs_r_keras_as_array = eager[["rbridge"]] / eager[["r_keras_as_array"]],
  rk_predict_rbridge_s = predicted[["rbridge"]], rk_predict_r_keras_s = predicted[["r_keras"]],
  ratio_from_r_predict_vs_r_keras = predicted[["rbridge"]] / predicted[["r_keras"]]
)), auto_unbox = TRUE, digits = NA), "\n")
