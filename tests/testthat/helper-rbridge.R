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
