# One function of each kind, from R: construction, the eager call on an R array (a new layer
# per call, as `layer_x(array, ...)` is used; R keras's tensor read with as.array(), what an R
# user then does) and predict() on a one-layer model. One package per process, the same code
# under either library(): in one R session beside R keras, rbridge's layer functions other
# than the convolutional family are R keras's own (R/helpers.R), so only separate processes
# compare them. Run by `python -m bench` ("groups"), which alternates the processes (rbridge
# on Keras 3, R keras 2.15 on TF 2.15, rbridge on that same engine) and compares medians.
#   Rscript bench/r_groups_vs_r_keras.R <rbridge|keras> <quick: TRUE/FALSE>
# Prints one JSON object: seconds per call, by group and measure.
args <- commandArgs(trailingOnly = TRUE)
package <- args[[1]]
quick <- length(args) > 1 && as.logical(args[[2]])
suppressPackageStartupMessages(library(package, character.only = TRUE))
source(file.path("bench", "r_timing.R"))

n <- if (quick) 10 else 50
reps <- if (quick) 3 else 7
set.seed(1)
invisible(layer_dense(units = 1))  # Python, TensorFlow (and rpy2) loaded before anything is timed

source(file.path("bench", "r_groups.R"))
# A functional one-layer model (not every layer function takes `input_shape`).
one_layer_model <- function(layer_fn, args, shape) {
  inputs <- if (is.list(shape)) lapply(shape, function(s) layer_input(shape = s[-1])) else layer_input(shape = shape[-1])
  keras_model(inputs, do.call(layer_fn, c(list(inputs), args)))
}
# What an R user reads: rbridge returns an R array, R keras a tensor (read with as.array()).
read <- if (package == "keras") as.array else identity

results <- list()
for (group in names(groups)) {
  g <- groups[[group]]
  layer_fn <- get(g[[1]], mode = "function")
  x <- group_input(group, g[[3]])
  model <- one_layer_model(layer_fn, g[[2]], g[[3]])
  results[[paste0(group, "_construct")]] <- median_seconds(function() do.call(layer_fn, g[[2]]), n, reps)
  results[[paste0(group, "_eager")]] <- median_seconds(function() read(do.call(layer_fn, c(list(x), g[[2]]))),
                                                      max(3, n / 10), reps)
  results[[paste0(group, "_predict")]] <- median_seconds(function() predict(model, x, verbose = 0), max(3, n / 10), reps)
}
cat(jsonlite::toJSON(results, auto_unbox = TRUE, digits = NA), "\n")
