# rbridge calls among reticulate garbage, run with RBRIDGE_GC_INSIDE_RPY2=1 (a full R
# garbage collection inside rpy2 at every hand-off: the worst case). R/handoff.R's safe
# point must leave that collection no reticulate garbage to finalize. Prints "ok <n>".
library(rbridge)
x <- array(rnorm(2 * 16 * 3), dim = c(2, 16, 3))
layer <- layer_conv_1d_transpose(filters = 2, kernel_size = 3)
n <- 0L
for (i in 1:30) {
  junk <- lapply(1:20, function(j) layer$get_config())   # reticulate garbage (dicts)
  rm(junk)
  y <- layer_conv_1d_transpose(x, filters = 2, kernel_size = 3)
  n <- n + as.integer(all(dim(y) == c(2, 18, 2)))
}
cat("ok", n, "\n")
