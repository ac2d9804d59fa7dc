# The whole family from R, each function four ways (a layer, added to a Sequential, on a
# symbolic tensor, eagerly on an R array), with R values of their R types. The expected numbers
# are computed here, in R, independently of Keras and rbridge (a direct convolution over the R
# array's own indexing); the expected shapes are R keras 2.15's (its layers' documented rules).

# The comparison these tests use (helper-rbridge.R) is element by element: one element of
# 600 off by 3e-3 fails it, where testthat's mean relative difference lets it pass.
test_that("expect_close() fails on one element off among many, as expect_equal(tolerance =) does not", {
  expected <- array(seq_len(600) / 100, c(2, 100, 3))
  planted <- expected + 1e-7                      # float32 rounding everywhere, as in any output
  planted[1, 50, 2] <- planted[1, 50, 2] + 3e-3   # and one element wrong
  # The blind spot: all.equal()'s (and expect_equal()'s) mean relative difference, 1.7e-6 here.
  expect_true(isTRUE(all.equal(planted, expected, tolerance = 1e-5)))
  expect_failure(expect_close(planted, expected), "element 299")
  expect_failure(expect_max_abs_diff(planted, expected, 1e-5))
  expect_success(expect_close(expected + 1e-7, expected))
  expect_failure(expect_close(expected[, 1:99, ], expected), "dims")
})

# ---- independent references, on R arrays [batch, spatial..., channels] ----------------------

# A "valid" convolution (cross-correlation, as Keras computes) with `strides`; kernel
# [k..., in, out] as Keras stores it (and R keras's get_weights() gives it).
conv_ref <- function(x, kernel, bias, strides = 1L) {
  n <- length(dim(x)) - 2L
  xs <- dim(x)[1L + seq_len(n)]
  ks <- dim(kernel)[seq_len(n)]
  strides <- rep_len(strides, n)
  out_size <- (xs - ks) %/% strides + 1L
  n_out <- dim(kernel)[n + 2L]
  W <- matrix(kernel, ncol = n_out)        # rows run k1 fastest, then ..., then input channel
  out <- array(0, c(dim(x)[1L], out_size, n_out))
  grid <- as.matrix(expand.grid(lapply(out_size, seq_len)))
  for (b in seq_len(dim(x)[1L])) for (r in seq_len(nrow(grid))) {
    start <- (grid[r, ] - 1L) * strides
    index <- lapply(seq_len(n), function(d) start[d] + seq_len(ks[d]))
    patch <- do.call(`[`, c(list(x, b), index, list(TRUE, drop = FALSE)))
    at <- cbind(b, matrix(grid[r, ], nrow = n_out, ncol = n, byrow = TRUE), seq_len(n_out))
    out[at] <- as.vector(as.vector(patch) %*% W) + bias
  }
  out
}

# Depthwise (depth_multiplier 1) as an ordinary convolution with a diagonal kernel.
depthwise_ref <- function(x, depthwise, bias) {
  n <- length(dim(depthwise)) - 2L
  channels <- dim(depthwise)[n + 1L]
  full <- array(0, c(dim(depthwise)[seq_len(n)], channels, channels))
  for (ch in seq_len(channels)) {
    index <- c(rep(list(TRUE), n), list(ch, ch))
    full <- do.call(`[<-`, c(list(full), index, list(value = do.call(`[`, c(list(depthwise), rep(list(TRUE), n), list(ch, 1L))))))
  }
  conv_ref(x, full, bias)
}

# A transposed convolution with kernel_size 1 and strides 2 ("valid", output_padding NULL):
# Keras's output is 2x as long per axis; input step t lands at 2t - 1, the rest is the bias.
# kernel [1..., filters, in] as Keras stores a transposed convolution's.
transpose_k1_s2_ref <- function(x, kernel, bias) {
  n <- length(dim(x)) - 2L
  filters <- dim(kernel)[n + 1L]
  W <- matrix(kernel, nrow = filters)      # filters x in
  out <- array(rep(bias, each = dim(x)[1L] * prod(2L * dim(x)[1L + seq_len(n)])),
               c(dim(x)[1L], 2L * dim(x)[1L + seq_len(n)], filters))
  grid <- as.matrix(expand.grid(lapply(dim(x)[1L + seq_len(n)], seq_len)))
  for (b in seq_len(dim(x)[1L])) for (r in seq_len(nrow(grid))) {
    index <- as.list(grid[r, ])
    v <- do.call(`[`, c(list(x, b), index, list(TRUE)))
    at <- cbind(b, matrix(2L * grid[r, ] - 1L, nrow = filters, ncol = n, byrow = TRUE), seq_len(filters))
    out[at] <- as.vector(W %*% v) + bias
  }
  out
}

# ConvLSTM with kernel_size 1: an LSTM at each pixel, Keras's gate order (i, f, c, o),
# R keras 2.15's defaults activation "tanh", recurrent_activation "hard_sigmoid" (Keras 2.15's:
# clip(0.2 x + 0.5, 0, 1)). x [batch, time, rows, cols, in]; the last step's h.
conv_lstm_k1_ref <- function(x, kernel, recurrent, bias) {
  hard_sigmoid <- function(z) pmin(pmax(0.2 * z + 0.5, 0), 1)
  filters <- length(bias) / 4L
  Wx <- matrix(kernel, ncol = 4L * filters)       # in x 4f
  Wh <- matrix(recurrent, ncol = 4L * filters)    # f x 4f
  d <- dim(x)
  out <- array(0, c(d[1L], d[3L], d[4L], filters))
  gate <- function(z, g) z[(g - 1L) * filters + seq_len(filters)]
  for (b in seq_len(d[1L])) for (i in seq_len(d[3L])) for (j in seq_len(d[4L])) {
    h <- c_state <- numeric(filters)
    for (t in seq_len(d[2L])) {
      z <- as.vector(x[b, t, i, j, ] %*% Wx + h %*% Wh) + bias
      c_state <- hard_sigmoid(gate(z, 2L)) * c_state + hard_sigmoid(gate(z, 1L)) * tanh(gate(z, 3L))
      h <- hard_sigmoid(gate(z, 4L)) * tanh(c_state)
    }
    out[b, i, j, ] <- h
  }
  out
}

seeded <- function(dims, seed) { set.seed(seed); array(round(rnorm(prod(dims)), 2), dim = dims) }

expect_rbridge_error <- function(expr, argument) {
  err <- tryCatch(expr, error = function(e) e)
  expect_s3_class(err, "rbridge_error")
  expect_identical(err$argument, argument)
  expect_match(conditionMessage(err), argument, fixed = TRUE)
  expect_false(grepl("\033", conditionMessage(err), fixed = TRUE))  # no terminal escapes
}

# The four ways of calling `fun` with `args`, on input of `dims` (batch first): the layer,
# a Sequential (output_shape), a tensor (its shape), and the eager R array result (returned).
four_ways <- function(fun, args, dims, expected_dim) {
  layer <- do.call(fun, args)
  expect_true(inherits(layer, "keras.src.layers.layer.Layer") || inherits(layer, "keras.layers.Layer") ||
                inherits(layer, "python.builtin.object"))
  model <- keras_model_sequential(input_shape = dims[-1L])
  expect_identical(reticulate::py_id(do.call(fun, c(list(model), args))), reticulate::py_id(model))
  expect_identical(as.integer(unlist(model$output_shape)), as.integer(expected_dim[-1L]))
  tensor <- do.call(fun, c(list(layer_input(shape = dims[-1L])), args))
  expect_identical(as.integer(unlist(tensor$shape)), as.integer(expected_dim[-1L]))
  invisible(layer)
}

# ---- convolutions ------------------------------------------------------------------------

for (rank in 1:3) local({
  fun <- get(paste0("layer_conv_", rank, "d"))
  test_that(paste0("layer_conv_", rank, "d() from R: four ways, R's numbers"), {
    skip_if_no_rbridge_python()
    dims <- c(2L, rep(5L, rank), 3L)
    x <- seeded(dims, rank)
    kernel <- seeded(c(rep(2L, rank), 3L, 2L), 10 + rank)
    bias <- c(0.5, -1)
    expected <- conv_ref(x, kernel, bias, strides = 1L)
    four_ways(fun, list(filters = 2, kernel_size = 2L), dims, dim(expected))
    # filters as a double 2.9 (as.integer: 2), kernel_size as a double: R's coercion
    y <- fun(x, filters = 2.9, kernel_size = 2, weights = list(kernel, array(bias)))
    expect_identical(dim(y), dim(expected))
    expect_close(y, expected)
    # strides 2 (an integer vector of length `rank`)
    y2 <- fun(x, filters = 2L, kernel_size = rep(2L, rank), strides = rep(2L, rank), weights = list(kernel, array(bias)))
    expect_close(y2, conv_ref(x, kernel, bias, strides = 2L))
    expect_rbridge_error(fun(filters = 0, kernel_size = 2), "filters")
    expect_rbridge_error(fun(filters = 2, kernel_size = 2, padding = "middle"), "padding")
  })
})

test_that("a conv layer keeps R's NA/NULL unknown dimensions and list shapes", {
  skip_if_no_rbridge_python()
  a <- layer_input(shape = c(NA, 3)) |> layer_conv_1d(filters = 2, kernel_size = 3)
  expect_null(a$shape[[2]])
  b <- layer_input(shape = list(NULL, NULL, 1L)) |> layer_conv_2d(filters = 2, kernel_size = c(3, 3))
  expect_null(b$shape[[2]])
  expect_identical(b$shape[[4]], 2L)
  layer <- layer_conv_2d(filters = 4L, kernel_size = 3, input_shape = list(NULL, 8, 1))
  expect_identical(layer$filters, 4L)
  expect_identical(unlist(layer$kernel_size), c(3L, 3L))
})

for (rank in 1:3) local({
  fun <- get(paste0("layer_conv_", rank, "d_transpose"))
  test_that(paste0("layer_conv_", rank, "d_transpose() from R: four ways, R's numbers"), {
    skip_if_no_rbridge_python()
    dims <- c(2L, rep(3L, rank), 2L)
    x <- seeded(dims, 20 + rank)
    kernel <- seeded(c(rep(1L, rank), 3L, 2L), 30 + rank)   # [1..., filters, in]
    bias <- c(0.1, 0.2, -0.3)
    expected <- transpose_k1_s2_ref(x, kernel, bias)
    four_ways(fun, list(filters = 3, kernel_size = 1, strides = 2), dims, dim(expected))
    y <- fun(x, filters = 3, kernel_size = 1, strides = 2, weights = list(kernel, array(bias)))
    expect_close(y, expected)
    expect_rbridge_error(fun(filters = 3, kernel_size = 1, strides = 2, output_padding = 2), "output_padding")
  })
})

# ---- separable and depthwise ---------------------------------------------------------------

for (rank in 1:2) local({
  depthwise <- get(paste0("layer_depthwise_conv_", rank, "d"))
  separable <- get(paste0("layer_separable_conv_", rank, "d"))
  test_that(paste0("layer_depthwise_conv_", rank, "d() and layer_separable_conv_", rank, "d() from R"), {
    skip_if_no_rbridge_python()
    dims <- c(2L, rep(5L, rank), 3L)
    x <- seeded(dims, 40 + rank)
    dk <- seeded(c(rep(3L, rank), 3L, 1L), 50 + rank)
    db <- c(0.1, 0, -0.1)
    expected <- depthwise_ref(x, dk, db)
    four_ways(depthwise, list(kernel_size = 3), dims, dim(expected))
    expect_close(depthwise(x, kernel_size = 3L, weights = list(dk, array(db))), expected)
    expect_rbridge_error(depthwise(kernel_size = 3, padding = "full"), "padding")   # (R keras takes depth_multiplier = 0)

    pk <- seeded(c(rep(1L, rank), 3L, 2L), 60 + rank)
    pb <- c(1, -1)
    expected_sep <- conv_ref(depthwise_ref(x, dk, numeric(3)), pk, pb)
    four_ways(separable, list(filters = 2, kernel_size = 3), dims, dim(expected_sep))
    y <- separable(x, filters = 2, kernel_size = 3, weights = list(dk, pk, array(pb)))
    expect_close(y, expected_sep)
    expect_rbridge_error(separable(filters = -1, kernel_size = 3), "filters")
  })
})

# ---- conv_lstm -----------------------------------------------------------------------------

test_that("layer_conv_lstm_2d() from R: four ways, an LSTM at each pixel computed in R", {
  skip_if_no_rbridge_python()
  dims <- c(2L, 4L, 2L, 3L, 2L)                  # batch, time, rows, cols, channels
  x <- seeded(dims, 70) / 2
  filters <- 2L
  kernel <- seeded(c(1L, 1L, 2L, 4L * filters), 71) / 2
  recurrent <- seeded(c(1L, 1L, filters, 4L * filters), 72) / 2
  bias <- seeded(4L * filters, 73) / 4
  expected <- conv_lstm_k1_ref(x, kernel, recurrent, bias)
  four_ways(layer_conv_lstm_2d, list(filters = 2, kernel_size = 1), dims, dim(expected))
  y <- layer_conv_lstm_2d(x, filters = 2, kernel_size = c(1, 1), weights = list(kernel, recurrent, array(bias)))
  expect_close(y, expected)
  seq <- keras_model_sequential(input_shape = list(NULL, 6, 6, 1)) |>
    layer_conv_lstm_2d(filters = 3, kernel_size = 3, padding = "same", return_sequences = TRUE)
  expect_null(seq$output_shape[[2]])
  expect_identical(unlist(seq$output_shape), c(6L, 6L, 3L))
  expect_rbridge_error(layer_conv_lstm_2d(filters = 2, kernel_size = 1, padding = "full"), "padding")
})

# ---- padding, cropping, upsampling ----------------------------------------------------------

test_that("layer_zero_padding_*d() from R: four ways, R's numbers", {
  skip_if_no_rbridge_python()
  x1 <- seeded(c(2, 4, 3), 80)
  y1 <- layer_zero_padding_1d(x1, padding = c(1, 2))             # a double vector: left, right
  expect_identical(dim(y1), c(2L, 7L, 3L))
  expect_close(y1[, 2:5, ], x1, tolerance = 1e-6)
  expect_identical(sum(abs(y1[, c(1, 6, 7), ])), 0)
  four_ways(layer_zero_padding_1d, list(padding = 2L), dim(x1), c(2L, 8L, 3L))
  x2 <- seeded(c(2, 3, 4, 2), 81)
  y2 <- layer_zero_padding_2d(x2, padding = list(c(1L, 0L), c(2L, 1L)))   # list of pairs
  expect_identical(dim(y2), c(2L, 4L, 7L, 2L))
  expect_close(y2[, 2:4, 3:6, ], x2, tolerance = 1e-6)
  four_ways(layer_zero_padding_2d, list(padding = c(1, 1)), dim(x2), c(2L, 5L, 6L, 2L))
  x3 <- seeded(c(1, 2, 3, 2, 2), 82)
  y3 <- layer_zero_padding_3d(x3, padding = 1L)
  expect_identical(dim(y3), c(1L, 4L, 5L, 4L, 2L))
  expect_close(y3[, 2:3, 2:4, 2:3, , drop = FALSE], x3, tolerance = 1e-6)
  four_ways(layer_zero_padding_3d, list(), dim(x3), c(1L, 4L, 5L, 4L, 2L))
  expect_rbridge_error(layer_zero_padding_2d(padding = c(1, 2, 3)), "padding")
})

test_that("layer_cropping_*d() from R: four ways, R's numbers", {
  skip_if_no_rbridge_python()
  x1 <- seeded(c(2, 6, 3), 90)
  expect_close(layer_cropping_1d(x1, cropping = c(2L, 1L)), x1[, 3:5, , drop = FALSE], tolerance = 1e-6)
  four_ways(layer_cropping_1d, list(cropping = 1), dim(x1), c(2L, 4L, 3L))
  x2 <- seeded(c(2, 5, 6, 2), 91)
  expect_equal(layer_cropping_2d(x2, cropping = list(c(1, 0), c(2, 1))), x2[, 2:5, 3:5, , drop = FALSE],
               tolerance = 1e-6)
  four_ways(layer_cropping_2d, list(cropping = c(1L, 2L)), dim(x2), c(2L, 3L, 2L, 2L))
  x3 <- seeded(c(1, 4, 5, 4, 2), 92)
  expect_close(layer_cropping_3d(x3), x3[, 2:3, 2:4, 2:3, , drop = FALSE], tolerance = 1e-6)
  four_ways(layer_cropping_3d, list(cropping = list(c(0, 1), c(1, 1), c(2, 0))), dim(x3), c(1L, 3L, 3L, 2L, 2L))
  expect_rbridge_error(layer_cropping_1d(cropping = c(-1, 1)), "cropping")
})

test_that("layer_upsampling_*d() from R: four ways, R's numbers", {
  skip_if_no_rbridge_python()
  x1 <- seeded(c(2, 3, 2), 100)
  y1 <- layer_upsampling_1d(x1, size = 3)
  expect_close(y1, x1[, rep(1:3, each = 3), , drop = FALSE], tolerance = 1e-6)
  four_ways(layer_upsampling_1d, list(), dim(x1), c(2L, 6L, 2L))
  x2 <- seeded(c(2, 2, 3, 2), 101)
  y2 <- layer_upsampling_2d(x2, size = c(2L, 1L))
  expect_close(y2, x2[, rep(1:2, each = 2), , , drop = FALSE], tolerance = 1e-6)
  four_ways(layer_upsampling_2d, list(size = 2), dim(x2), c(2L, 4L, 6L, 2L))
  x3 <- seeded(c(1, 2, 2, 1, 3), 102)
  y3 <- layer_upsampling_3d(x3)
  expect_close(y3, x3[, rep(1:2, each = 2), rep(1:2, each = 2), rep(1, 2), , drop = FALSE], tolerance = 1e-6)
  four_ways(layer_upsampling_3d, list(size = c(1, 2, 3)), dim(x3), c(1L, 2L, 4L, 3L, 3L))
  expect_rbridge_error(layer_upsampling_2d(interpolation = "cubic"), "interpolation")
})

test_that("integer, logical and double R arrays all go in, in R's column-major order", {
  skip_if_no_rbridge_python()
  x <- array(1:24, dim = c(2, 3, 4))
  expect_equal(layer_cropping_1d(x, cropping = c(1, 1)), x[, 2, , drop = FALSE] + 0)
  expect_equal(layer_upsampling_1d(x > 12, size = 1), (x > 12) + 0)
})

test_that("every exported layer function has R keras 2.15's formals, as its spec says", {
  skip_if_no_rbridge_python()
  specs <- reticulate::import("rbridge.specs", convert = FALSE)$SPECS
  names <- unlist(reticulate::import_builtins()$list(specs))
  # Every spec (the family's 20 and the functions added since) is an exported R function.
  expect_gte(length(names), 20)
  expect_setequal(intersect(names, getNamespaceExports("rbridge")), names)
  for (name in names) {
    spec <- specs[[name]]
    formals_py <- reticulate::py_to_r(spec$r_formals())
    expect_identical(names(formals(getExportedValue("rbridge", name))),
                     vapply(formals_py, function(f) f[[1]], ""), label = name)
  }
})
