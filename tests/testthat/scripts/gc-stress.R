# rbridge hand-offs with R's gctorture on (a collection at every R allocation, so also
# inside rpy2 while Python reads the arguments) while reticulate garbage waits to be
# finalized. Survives only if no finalizer runs inside rpy2 (see R/handoff.R).
library(rbridge)
x <- array(rnorm(2 * 8 * 3), dim = c(2, 8, 3))
layer <- layer_conv_1d_transpose(filters = 2, kernel_size = 3)
y <- layer_conv_1d_transpose(x, filters = 2, kernel_size = 3)   # everything loaded
junk <- lapply(1:20, function(j) layer$get_config())             # reticulate garbage
rm(junk)
gctorture(TRUE)
y <- layer_conv_1d_transpose(x, filters = 2, kernel_size = 3, strides = list(1L), input_shape = c(NA, 3))
gctorture(FALSE)
stopifnot(identical(dim(y), c(2L, 10L, 2L)))
cat("ok\n")
