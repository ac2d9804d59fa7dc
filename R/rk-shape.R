# shape(): a TensorShape from R values (NA, NULL or -1 for an unknown dimension), which R keras
# 2.15 re-exports from R's tensorflow package (rbridge does not depend on it). Where R
# tensorflow is installed its own shape() answers, with its R methods; else the same rules here.
shape <- function(..., dims = list(...)) {
  if (nzchar(system.file(package = "tensorflow")))
    return(getExportedValue("tensorflow", "shape")(dims = dims))
  tensor_shape <- reticulate::import("tensorflow")$TensorShape
  if (is.null(dims))
    return(tensor_shape(NULL))
  if (inherits(dims, "tensorflow.tensor"))
    dims <- reticulate::py_to_r(dims$numpy())
  names(dims) <- NULL
  dims <- lapply(dims, function(d) {
    if (inherits(d, "python.builtin.object")) d <- reticulate::py_to_r(d)
    if (is.null(d) || is.atomic(d) && isTRUE(is.na(d)) || (is.numeric(d) && isTRUE(d == -1L)))
      list(NULL)
    else
      as.integer(d)
  })
  if (length(dims))
    dims <- unlist(dims, recursive = FALSE, use.names = FALSE)
  tensor_shape(dims)
}
