# dataset_mnist() and dataset_imdb() (dataset_fashion_mnist(), dataset_cifar10() share their code) read through
# Keras's own loaders and return R keras 2.15's nested lists with its R types (integer arrays,
# integer labels, a list of integer vectors per review). No network: small files in Keras's
# cache layout, made here, are what Keras's get_file() hands each loader (the files' hashes
# are not the real ones, so get_file() itself would download).

with_fake_keras_files <- function(module, files, code) {
  loader <- reticulate::import(paste0("keras.src.datasets.", module))
  original <- loader$get_file
  on.exit(reticulate::py_set_attr(loader, "get_file", original))
  reticulate::py_set_attr(loader, "get_file", reticulate::py_eval(sprintf("lambda *a, **k: r'%s'", files[[1]])))
  force(code)
}

test_that("dataset_mnist(): R keras's list(train = list(x, y), test = ...) of integers", {
  skip_if_no_rbridge_python()
  np <- reticulate::import("numpy", convert = FALSE)
  dir <- file.path(tempfile(), "datasets"); dir.create(dir, recursive = TRUE)
  path <- file.path(dir, "mnist.npz")
  x_train <- array(as.integer(0:(3 * 28 * 28 - 1) %% 256), c(3, 28, 28))
  x_test <- array(as.integer(255 - 0:(2 * 28 * 28 - 1) %% 256), c(2, 28, 28))
  np$savez(path, x_train = np$array(x_train, dtype = "uint8"), y_train = np$array(c(5L, 0L, 4L), dtype = "uint8"),
           x_test = np$array(x_test, dtype = "uint8"), y_test = np$array(c(7L, 2L), dtype = "uint8"))
  mnist <- with_fake_keras_files("mnist", list(path), dataset_mnist())
  expect_identical(names(mnist), c("train", "test"))
  expect_identical(names(mnist$train), c("x", "y"))
  expect_identical(mnist$train$x, x_train)         # integer, dim c(3, 28, 28), R's indexing
  expect_identical(mnist$test$x, x_test)
  expect_identical(as.vector(mnist$train$y), c(5L, 0L, 4L))
  expect_identical(as.vector(mnist$test$y), c(7L, 2L))
})

test_that("dataset_imdb(): reviews as a list of integer vectors, labels as an integer vector", {
  skip_if_no_rbridge_python()
  np <- reticulate::import("numpy", convert = FALSE)
  dir <- file.path(tempfile(), "datasets"); dir.create(dir, recursive = TRUE)
  path <- file.path(dir, "imdb.npz")
  py <- reticulate::py_run_string(sprintf(paste(
    "import numpy as np",
    "x = np.empty(2, dtype=object); x[0] = [1, 14, 22]; x[1] = [1, 5]",
    "t = np.empty(2, dtype=object); t[0] = [1, 9, 9, 4]; t[1] = [1, 5, 6]",
    "np.savez(r'%s', x_train=x, y_train=np.array([1, 0]), x_test=t, y_test=np.array([0, 1]))", sep = "\n"), path))
  imdb <- with_fake_keras_files("imdb", list(path), dataset_imdb(seed = 113L))
  expect_identical(names(imdb), c("train", "test"))
  expect_type(imdb$train$x, "list")
  expect_true(all(vapply(imdb$train$x, is.integer, logical(1))))
  expect_identical(imdb$train$y[order(imdb$train$y)], c(0L, 1L))
  # Keras's loader (as Keras 2.15's): start_char 1, then each index + index_from (3); indices
  # not below num_words (by default the largest, 25) become oov_char 2
  expect_setequal(lapply(imdb$train$x, as.vector), list(c(1L, 4L, 17L, 2L), c(1L, 4L, 8L)))
  expect_setequal(lapply(imdb$test$x, as.vector), list(c(1L, 4L, 12L, 12L, 7L), c(1L, 4L, 8L, 9L)))
  expect_identical(sort(imdb$test$y), c(0L, 1L))
})
