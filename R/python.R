# Finding and loading the Python that has the rbridge module.
# Public: use_rbridge_python() (documented in man/use_rbridge_python.Rd).

.state <- new.env(parent = emptyenv())

use_rbridge_python <- function(python = NULL) {
  candidates <- c(python, Sys.getenv("RBRIDGE_PYTHON"), Sys.getenv("RETICULATE_PYTHON"), venv_pythons())
  candidates <- unique(candidates[nzchar(candidates)])
  if (reticulate::py_available(initialize = FALSE)) {
    # reticulate's Python is already chosen for this session (e.g. by R keras): use it if it can.
    if (reticulate::py_module_available("rbridge")) return(invisible(reticulate::py_config()$python))
    stop(no_python_message(paste0("this R session already uses ", reticulate::py_config()$python,
                                  ", which cannot import rbridge")), call. = FALSE)
  }
  for (candidate in candidates) {
    if (file.exists(candidate) && has_rbridge(candidate)) {
      # Set before reticulate starts Python: an explicit choice, not reticulate's guesses.
      Sys.setenv(RETICULATE_PYTHON = candidate)
      return(invisible(candidate))
    }
  }
  stop(no_python_message(if (length(candidates)) {
    paste("none of these can import rbridge:", paste(candidates, collapse = ", "))
  } else {
    "no Python was given or found"
  }), call. = FALSE)
}

venv_pythons <- function() {
  dirs <- character()
  dir <- normalizePath(getwd(), mustWork = FALSE)
  repeat {
    dirs <- c(dirs, dir)
    parent <- dirname(dir)
    if (parent == dir) break
    dir <- parent
  }
  file.path(dirs, ".venv", "bin", "python")
}

has_rbridge <- function(python) {
  status <- suppressWarnings(system2(python, c("-c", shQuote("import rbridge")), stdout = FALSE, stderr = FALSE))
  identical(status, 0L)
}

no_python_message <- function(why) {
  paste0(
    "rbridge needs a Python with the rbridge module (", why, ").\n",
    "Set it up from the rbridge repository with:  bash scripts/setup.sh\n",
    "then either set RBRIDGE_PYTHON=<repository>/.venv/bin/python before starting R, ",
    "or call rbridge::use_rbridge_python(\"<repository>/.venv/bin/python\")."
  )
}

# The Python in use (after use_rbridge_python()).
rbridge_python <- function() {
  rbridge_module()
  reticulate::py_config()$python
}

rbridge_module <- function() {
  if (is.null(.state$bridge)) {
    use_rbridge_python()
    # TensorFlow's C++ start-up chatter is not for R users; an explicit setting wins.
    if (!nzchar(Sys.getenv("TF_CPP_MIN_LOG_LEVEL"))) Sys.setenv(TF_CPP_MIN_LOG_LEVEL = "2")
    bridge <- reticulate::import("rbridge.from_r", convert = TRUE)
    gc()  # a full collection first: attach() runs R code through rpy2 (see R/handoff.R)
    bridge$attach()
    .state$bridge <- bridge
  }
  .state$bridge
}
