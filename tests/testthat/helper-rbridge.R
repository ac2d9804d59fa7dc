# Shared by the tests: is Python's rbridge reachable, the fixtures, and R source evaluation.

# CI sets RBRIDGE_REQUIRE_PYTHON=true: there a missing Python is a failure, not a skip.
skip_if_no_rbridge_python <- function() {
  ok <- tryCatch({ rbridge:::rbridge_module(); TRUE }, error = function(e) conditionMessage(e))
  if (isTRUE(ok)) return(invisible(TRUE))
  if (identical(Sys.getenv("RBRIDGE_REQUIRE_PYTHON"), "true")) stop(ok)
  skip(paste("no Python with rbridge:", ok))
}

fixtures_dir <- function() {
  dir <- Sys.getenv("RBRIDGE_FIXTURES")
  if (nzchar(dir)) return(dir)
  normalizePath(test_path("..", "fixtures", "r-keras-2.15"), mustWork = TRUE)
}

# The R keras helper functions some cases use (initializer_constant(), ...), from the
# Python package's single definition of them.
case_env <- function() {
  env <- new.env(parent = globalenv())
  helpers <- reticulate::py_to_r(reticulate::import("rbridge.verify", convert = FALSE)$R_HELPERS)
  eval(parse(text = helpers), env)
  env
}

eval_source <- function(source, env) if (is.null(source)) NULL else eval(parse(text = source), env)

# A recorded array ({shape, data} in C order) as an R array with R indexing.
recorded_array <- function(x) {
  shape <- unlist(x$shape)
  aperm(array(as.numeric(unlist(x$data)), dim = rev(shape)), rev(seq_along(shape)))  # data may be empty
}

# What evaluating `expr` prints, as lines (capture.output without its trailing empty line quirk).
withr_output <- function(expr) {
  lines <- utils::capture.output(expr)
  lines
}

# A case file, read as R lists. A few recordings hold NaN (Python's json writes R's NA in a
# recorded config that way), which is not JSON to jsonlite: read as null, where it is a value.
read_case <- function(file) {
  text <- paste(readLines(file, warn = FALSE), collapse = "\n")
  text <- gsub("([\\[,:]\\s*)NaN(\\s*[\\],}])", "\\1null\\2", text, perl = TRUE)
  jsonlite::fromJSON(text, simplifyVector = FALSE)
}

# Numbers compared element by element: every element of `object` within `tolerance` of
# `expected` (absolute below 1, relative above: tolerance * max(1, |expected|)), same dims,
# NA where `expected` has NA. testthat's expect_equal(tolerance =) is a mean relative
# difference over all elements: one element off by 3e-3 among 600 would pass it.
expect_close <- function(object, expected, tolerance = 1e-5, label = NULL) {
  label <- label %||% paste(deparse(substitute(object)), collapse = "")
  expect(is.null(problem <- close_problem(object, expected, tolerance)), paste0(label, ": ", problem))
  invisible(object)
}

# Why `object` is not close to `expected` (NULL: it is), for expect_close().
close_problem <- function(object, expected, tolerance) {
  o <- as.numeric(object)
  e <- as.numeric(expected)
  if ((!is.null(dim(expected)) || !is.null(dim(object))) &&
      !identical(as.integer(dim(object)), as.integer(dim(expected)))) {
    return(sprintf("dims %s, expected %s", paste(dim(object), collapse = " x "), paste(dim(expected), collapse = " x ")))
  }
  if (length(o) != length(e)) return(sprintf("%d values, expected %d", length(o), length(e)))
  if (!identical(is.na(o), is.na(e))) return("NA at other positions than expected")
  keep <- !is.na(e)
  excess <- abs(o - e)[keep] - tolerance * pmax(1, abs(e[keep]))
  if (!length(excess) || all(excess <= 0)) return(NULL)
  worst <- which(keep)[which.max(excess)]
  sprintf("element %d is %.9g, expected %.9g (difference %.3g, allowed %.3g; %d of %d elements off)",
          worst, o[worst], e[worst], abs(o[worst] - e[worst]), tolerance * max(1, abs(e[worst])),
          sum(excess > 0), length(e))
}

# The largest absolute difference between `object` and `expected` is at most `max_diff`.
expect_max_abs_diff <- function(object, expected, max_diff, label = NULL) {
  label <- label %||% paste(deparse(substitute(object)), collapse = "")
  d <- max(abs(as.numeric(object) - as.numeric(expected)))
  expect(length(object) == length(expected) && !is.na(d) && d <= max_diff,
         sprintf("%s: largest absolute difference %.3g, allowed %.3g", label, d, max_diff))
  invisible(object)
}

`%||%` <- function(a, b) if (is.null(a)) b else a

# R's arithmetic on Python tensors (`inputs * 2` in an R layer's call()) needs reticulate >= 1.29
# (Debian's is 1.28) or R tensorflow's methods: tests of R code written that way skip without.
r_operators_on_tensors <- function() {
  !is.null(utils::getS3method("*", "python.builtin.object", optional = TRUE)) ||
    !is.null(utils::getS3method("*", "tensorflow.tensor", optional = TRUE))
}

# Rscript `script` in an R process of its own, from outside the checkout (a temporary
# directory), on this session's R libraries (so on whichever reticulate this check runs with)
# and rbridge's Python; `timeout` seconds (0: none) end it with status 124.
run_rscript <- function(script, env = character(), timeout = 0) {
  force(script)  # a path relative to tests/testthat: before the setwd() below
  skip_if_no_rbridge_python()
  libs <- paste(.libPaths(), collapse = .Platform$path.sep)
  env <- c(paste0("R_LIBS=", libs), paste0("RBRIDGE_PYTHON=", rbridge:::rbridge_python()), env)
  dir <- tempfile("script-")
  dir.create(dir)
  # A folder named rbridge in the working directory (as R CMD check's rbridge.Rcheck/ has) must
  # not shadow rbridge's Python module.
  dir.create(file.path(dir, "rbridge"))
  old <- setwd(dir)
  on.exit({ setwd(old); unlink(dir, recursive = TRUE) })
  out <- suppressWarnings(system2(file.path(R.home("bin"), "Rscript"), shQuote(script),
                                  stdout = TRUE, stderr = TRUE, env = env, timeout = timeout))
  list(status = attr(out, "status") %||% 0L, output = out)
}
