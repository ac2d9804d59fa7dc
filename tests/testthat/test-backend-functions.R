# R keras 2.15's k_*() backend functions (R/rk-backend-functions.R, ported by
# tools/port_r_keras_backend.R). Expected numbers: R's own array arithmetic with R keras's
# 1-based axes, never rbridge's output.

# Backend functions with no Keras 3 counterpart rbridge ports (graph-mode bookkeeping, or
# kernels Keras 3 dropped from its backend): calling one is an error naming it. README says so.
not_on_keras3 <- c(
  "function", "get_session", "set_session", "gradients",
  "learning_phase", "set_learning_phase", "placeholder", "update", "update_add", "update_sub",
  "manual_variable_initialization", "reset_uids", "moving_average_update", "normalize_batch_in_training",
  "conv1d", "conv2d", "conv2d_transpose", "conv3d", "conv3d_transpose", "depthwise_conv2d", "separable_conv2d",
  "local_conv1d", "local_conv2d", "pool2d", "pool3d", "rnn", "ctc_batch_cost", "ctc_label_dense_to_sparse")
# Names Keras 2.15's own backend lacks: R keras 2.15's k_*() fail there too (k_identity(),
# k_is_tensor(), k_conv3d_transpose(), k_get_variable_shape(), k_is_placeholder()) or never call
# them on TensorFlow 2 (k_logsumexp(), k_get_session(), k_set_session() stop or go to tf$compat).
not_on_keras215 <- c("identity", "is_tensor", "conv3d_transpose", "get_variable_shape", "is_placeholder",
                     "logsumexp", "get_session", "set_session")

# The Python functions each k_*() calls, with the keywords it passes: keras215_backend()$f(a = )
# directly, or do.call(keras215_backend()$f, args) with args <- list(a = ) and args$b <- .
backend_calls <- function(e, out = list(), arg_names = character()) {
  if (!is.call(e)) return(out)
  is_backend_function <- function(f) is.call(f) && identical(f[[1]], as.name("$")) && is.call(f[[2]]) &&
    identical(f[[2]][[1]], as.name("keras215_backend"))
  f <- e[[1]]
  if (is_backend_function(f)) {
    out[[length(out) + 1]] <- list(name = as.character(f[[3]]), keywords = setdiff(names(as.list(e))[-1], ""))
  }
  if (identical(f, as.name("do.call")) && is_backend_function(e[[2]])) {
    out[[length(out) + 1]] <- list(name = as.character(e[[2]][[3]]), keywords = arg_names)
  }
  for (a in as.list(e)[-1]) if (!missing(a)) out <- backend_calls(a, out, arg_names)
  out
}

# The names a function body gives its `args` list (args <- list(a = ...); args$b <- ...).
args_list_names <- function(body) {
  found <- character()
  walk <- function(e) {
    if (!is.call(e)) return()
    if (identical(e[[1]], as.name("<-")) && identical(e[[2]], as.name("args")) && is.call(e[[3]]) &&
        identical(e[[3]][[1]], as.name("list"))) found <<- c(found, setdiff(names(as.list(e[[3]]))[-1], ""))
    if (identical(e[[1]], as.name("<-")) && is.call(e[[2]]) && identical(e[[2]][[1]], as.name("$")) &&
        identical(e[[2]][[2]], as.name("args"))) found <<- c(found, as.character(e[[2]][[3]]))
    for (a in as.list(e)[-1]) if (!missing(a)) walk(a)
  }
  walk(body)
  unique(found)
}

test_that("every ported k_*() reaches a backend function that takes R keras's keywords, or is a named refusal", {
  skip_if_no_rbridge_python()
  ported <- grep("^k_", getNamespaceExports("rbridge"), value = TRUE)
  expect_gt(length(ported), 140)
  b <- backend(convert = FALSE)
  inspect <- reticulate::import("inspect", convert = FALSE)
  allowed <- if (rbridge:::is_keras3()) not_on_keras3 else not_on_keras215
  unresolved <- mismatched <- character()
  calls <- 0L
  for (name in ported) {
    body <- body(get(name, asNamespace("rbridge")))
    for (call in backend_calls(body, arg_names = args_list_names(body))) {
      calls <- calls + 1L
      fn <- tryCatch(reticulate::py_get_attr(b, call$name), error = function(e) conditionMessage(e))
      if (is.character(fn)) {
        unresolved <- c(unresolved, call$name)
        if (rbridge:::is_keras3()) expect_match(fn, "Keras 2.15's backend", label = call$name)
        next
      }
      parameters <- inspect$signature(fn)$parameters
      kinds <- vapply(reticulate::iterate(parameters$values()), function(p) reticulate::py_to_r(p$kind$name), "")
      if ("VAR_KEYWORD" %in% kinds) next
      missing_keywords <- setdiff(call$keywords, unlist(reticulate::iterate(parameters$keys(), reticulate::py_to_r)))
      if (length(missing_keywords)) mismatched <- c(mismatched, paste0(name, ": ", paste(missing_keywords, collapse = ", ")))
    }
  }
  expect_gt(calls, 130L)
  expect_identical(setdiff(unresolved, allowed), character())
  expect_identical(mismatched, character())
})

abind_first <- function(a, b) {
  out <- array(0, c(dim(a)[1] + dim(b)[1], dim(a)[-1]))
  out[seq_len(dim(a)[1]), , ] <- a
  out[dim(a)[1] + seq_len(dim(b)[1]), , ] <- b
  out
}
pad_second <- function(a, before, after) {
  out <- array(0, c(dim(a)[1], dim(a)[2] + before + after, dim(a)[3]))
  out[, before + seq_len(dim(a)[2]), ] <- a
  out
}

as_tensor32 <- function(x) k_constant(x, dtype = "float32")
values <- function(t) t$numpy()

test_that("k_*() compute with R keras's 1-based axes, as R's own arithmetic does", {
  skip_if_no_rbridge_python()
  x <- array(as.numeric(1:24), c(2, 3, 4)); y <- array(as.numeric(24:1) / 10, c(2, 3, 4))
  tx <- as_tensor32(x); ty <- as_tensor32(y)
  expect_close(values(k_sum(tx, axis = 2)), apply(x, c(1, 3), sum), tolerance = 1e-6)
  expect_close(values(k_max(tx, axis = 1, keepdims = TRUE)), array(apply(x, c(2, 3), max), c(1, 3, 4)), tolerance = 0)
  expect_close(values(k_permute_dimensions(tx, c(3, 1, 2))), aperm(x, c(3, 1, 2)), tolerance = 0)
  expect_close(values(k_reverse(tx, 2)), x[, 3:1, ], tolerance = 0)
  expect_close(values(k_repeat_elements(tx, 2, axis = 2)), x[, rep(1:3, each = 2), ], tolerance = 0)
  expect_close(values(k_concatenate(list(tx, ty), axis = 1)), abind_first(x, y), tolerance = 1e-6)
  expect_close(values(k_temporal_padding(tx, c(1, 2))), pad_second(x, 1, 2), tolerance = 0)
  # batch_dot over the last axes: per sample x[b, , ] %*% t(y[b, , ])
  expected <- array(0, c(2, 3, 3))
  for (b in 1:2) expected[b, , ] <- x[b, , ] %*% t(y[b, , ])
  expect_close(values(k_batch_dot(tx, ty, axes = c(3, 3))), expected, tolerance = 1e-5)
  expect_close(values(k_one_hot(k_constant(c(0L, 2L, 1L), dtype = "int32"), 3)), diag(3)[c(1, 3, 2), ], tolerance = 0)
  if (rbridge:::is_keras3()) {
    expect_close(values(k_tile(tx, c(1, 2, 1))), x[, c(1:3, 1:3), ], tolerance = 0)
  } else {
    # measured: R keras 2.15's k_tile() fails on TF 2.15 (it asks Keras 2.15's backend for an
    # is_tensor() it lacks); rbridge on the same engine runs R keras's code and fails alike
    expect_error(k_tile(tx, c(1, 2, 1)), "is_tensor")
  }
  expect_close(values(k_repeat(as_tensor32(x[, , 1]), 2)), aperm(array(x[, , 1], c(2, 3, 2)), c(1, 3, 2)), tolerance = 0)
  expect_identical(k_epsilon(), 1e-7)
  normal <- values(k_random_normal(c(200, 50), mean = 1, stddev = 2, seed = 3))
  expect_identical(dim(normal), c(200L, 50L))
  expect_lt(abs(mean(normal) - 1), 0.1)
})

test_that("a k_*() with no Keras 3 counterpart is an error naming it, before anything runs", {
  skip_if_no_rbridge_python()
  skip_if_not(rbridge:::is_keras3(), "Keras 2.15 has them all")
  expect_error(k_placeholder(shape = c(2, 3)), "TensorFlow 1-style graphs")
  expect_error(k_conv2d(k_constant(array(0, c(1, 4, 4, 1))), k_constant(array(0, c(2, 2, 1, 1)))), "conv2d")
})
