# A Keras 3 model called from R on a plain R number: `model(1, training = TRUE)`, as R keras
# 2.15's own test-model.R does. Keras 2.15 turned a Python number into a tensor; Keras 3 takes
# only tensors and arrays ("Only input tensors may be passed as positional arguments").
# reticulate makes a callable Python object an R function through this generic: for Keras 3's
# models, a numeric or logical vector without dim as the first input is handed over as a NumPy
# array first (a number 0-d, the tensor Keras 2.15 made of it); everything else (arrays,
# tensors, lists of inputs) goes to the model unchanged, and the result is converted as
# reticulate's own wrapper converts it. Keras 2.15's models (class keras.src.engine...) keep
# reticulate's wrapper.
py_to_r_wrapper.keras.src.models.model.Model <- function(x) {
  force(x)
  convert <- python_object_converts(x)
  function(...) {
    inputs <- list(...)
    first_is_number <- length(inputs) && (is.null(names(inputs)) || !nzchar(names(inputs)[1])) &&
      (is.numeric(inputs[[1]]) || is.logical(inputs[[1]])) && is.null(dim(inputs[[1]])) && !is.object(inputs[[1]])
    if (first_is_number) inputs[[1]] <- reticulate::import("numpy", convert = FALSE)$asarray(inputs[[1]])
    result <- do.call(reticulate::py_call, c(list(x), inputs))
    if (convert) result <- reticulate::py_to_r(result)
    if (is.null(result)) invisible(result) else result
  }
}

# Whether reticulate converts what this Python object returns (its `convert` flag; reticulate
# keeps the accessor internal).
python_object_converts <- function(x) {
  tryCatch(isTRUE(get("py_has_convert", envir = asNamespace("reticulate"))(x)), error = function(e) TRUE)
}
