# Finding and loading the Python that has the rbridge module.
# Public: use_rbridge_python() (documented in man/use_rbridge_python.Rd).

.state <- new.env(parent = emptyenv())

use_rbridge_python <- function(python = NULL) {
  candidates <- c(python, Sys.getenv("RBRIDGE_PYTHON"), Sys.getenv("RETICULATE_PYTHON"), venv_pythons(),
                  configured_python())
  candidates <- unique(candidates[nzchar(candidates)])
  if (reticulate::py_available(initialize = FALSE)) {
    # reticulate's Python is already chosen for this session (e.g. by R keras): use it if it can.
    failure <- embedded_import_failure()
    if (is.null(failure)) return(invisible(reticulate::py_config()$python))
    stop(no_python_message(paste0("this R session already runs ", reticulate::py_config()$python,
                                  ", and `import rbridge` fails there: ", failure)), call. = FALSE)
  }
  # A Python the user named (the argument, or RBRIDGE_PYTHON) is used or refused, never
  # skipped for another: a silent fallback would hide the mistake.
  named <- c(python, Sys.getenv("RBRIDGE_PYTHON"))
  named <- named[nzchar(named)]
  if (length(named)) {
    chosen <- absolute_path(named[[1L]])  # the checks run from another directory
    failure <- if (file.exists(chosen)) subprocess_import_failure(chosen) else "no such file"
    if (!is.null(failure)) {
      how <- if (!is.null(python)) "use_rbridge_python() was given " else "RBRIDGE_PYTHON is "
      stop(errorCondition(no_python_message(paste0(how, chosen, ", which cannot import rbridge: ", failure)),
                          class = c("rbridge_python_error", "rbridge_error")), call. = FALSE)
    }
    Sys.setenv(RETICULATE_PYTHON = chosen)
    return(invisible(chosen))
  }
  tried <- character()
  for (candidate in candidates) {
    failure <- if (file.exists(candidate)) subprocess_import_failure(candidate) else "no such file"
    if (is.null(failure)) {
      # Set before reticulate starts Python: an explicit choice, not reticulate's guesses.
      Sys.setenv(RETICULATE_PYTHON = candidate)
      return(invisible(candidate))
    }
    tried <- c(tried, paste0(candidate, ": ", failure))
  }
  stop(no_python_message(if (length(tried)) {
    paste0("tried ", paste(tried, collapse = "; "))
  } else {
    "no Python was given or found"
  }), call. = FALSE)
}

# reticulate's first choice of Python, made when rbridge loads (.onLoad), as R keras arranges
# for its own: the Python rbridge would use, so that reticulate::import("keras") or
# tensorflow::tf before any rbridge function binds reticulate to it (not to another Python,
# or to none: "Installation of Python not found"). A suggestion only, use_python(required =
# FALSE), documented in reticulate 1.28 and 1.46 alike: RETICULATE_PYTHON, RETICULATE_PYTHON_ENV,
# use_python(required = TRUE), and in 1.46 an activated VIRTUAL_ENV, a ./.venv or a delay-loaded
# module's environment, still win. No Python runs here (candidates are not tried, only
# found): use_rbridge_python() checks the one it uses.
suggest_rbridge_python <- function() {
  if (reticulate::py_available(initialize = FALSE)) return(invisible(NULL))
  candidates <- c(Sys.getenv("RBRIDGE_PYTHON"), venv_pythons(), configured_python())
  candidates <- candidates[nzchar(candidates) & file.exists(candidates)]
  if (!length(candidates)) return(invisible(NULL))
  reticulate::use_python(candidates[[1L]], required = FALSE)
  invisible(candidates[[1L]])
}

# The last line of what `python -c "import rbridge"` printed when it failed; NULL on success.
# A relative path made absolute, without resolving links (a venv's python is a link).
absolute_path <- function(path) {
  if (grepl("^(/|~|[A-Za-z]:)", path)) path.expand(path) else file.path(getwd(), path)
}

subprocess_import_failure <- function(python) {
  out <- tryCatch(
    in_neutral_directory(suppressWarnings(system2(python, c("-c", shQuote("import rbridge")), stdout = TRUE, stderr = TRUE))),
    error = function(e) structure(conditionMessage(e), status = 127L))
  status <- attr(out, "status")
  if (is.null(status) || identical(status, 0L)) return(NULL)
  lines <- out[nzchar(trimws(out))]
  if (length(lines)) lines[length(lines)] else paste("exit status", status)
}

# Does `import rbridge` work in the Python embedded in this R session? NULL if so, else why not.
embedded_import_failure <- function() in_neutral_directory({
  activate_site_packages()
  tryCatch({
    reticulate::import("rbridge", convert = FALSE)
    NULL
  }, error = function(e) conditionMessage(e))
})

# reticulate 1.28 starts Python with PYTHONHOME set, and then Debian's own python3 skips the
# .pth files of a virtual environment's site-packages: an editable install of rbridge (a
# .pth file) is invisible, although site-packages itself is on sys.path. Processing those
# directories with site.addsitedir() does what Python's start-up would have done.
activate_site_packages <- function() {
  if (reticulate::py_module_available("rbridge")) return(invisible(FALSE))
  sys <- reticulate::import("sys", convert = TRUE)
  site <- reticulate::import("site", convert = FALSE)
  for (dir in unique(grep("site-packages$", unlist(sys$path), value = TRUE))) site$addsitedir(dir)
  invisible(TRUE)
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
  file.path(sub("/$", "", dirs), ".venv", "bin", "python")
}

# The Python that scripts/setup.sh made, as it recorded it: library(rbridge) then works from
# any directory.
# First the one recorded in the installed package (set-up writes it there, so an install into
# a clone's own library, RBRIDGE_R_LIBRARY, needs nothing outside the clone), then ~/.config's.
configured_python <- function() {
  files <- c(system.file("python-path", package = "rbridge"),
             file.path(tools::R_user_dir("rbridge", "config"), "python"))
  files <- files[nzchar(files) & file.exists(files)]
  unlist(lapply(files, readLines, n = 1L, warn = FALSE))
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

# Python looks for modules in the working directory first, and a folder there named `rbridge`
# (R CMD check runs examples next to the installed R package, rbridge.Rcheck/rbridge) would be
# taken for a namespace package that shadows rbridge's editable install. So the first import
# of rbridge happens in a neutral directory; after it, Python has the right module.
in_neutral_directory <- function(expr) {
  old <- setwd(tempdir())
  on.exit(setwd(old))
  expr
}

rbridge_module <- function() {
  if (is.null(.state$bridge)) {
    use_rbridge_python()  # (it looks for a .venv from the working directory up)
    in_neutral_directory({
    # TensorFlow's C++ start-up chatter is not for R users; an explicit setting wins.
    if (!nzchar(Sys.getenv("TF_CPP_MIN_LOG_LEVEL"))) Sys.setenv(TF_CPP_MIN_LOG_LEVEL = "2")
    failure <- embedded_import_failure()
    if (!is.null(failure)) {
      stop(no_python_message(paste0(reticulate::py_config()$python, " imports rbridge in a ",
                                    "subprocess but not inside R: ", failure)), call. = FALSE)
    }
    bridge <- reticulate::import("rbridge.from_r", convert = TRUE)
    gc()  # a full collection first: attach() runs R code through rpy2 (see R/handoff.R)
    bridge$attach()
    # The Python functions each call uses, looked up once: every `$` on a Python module is
    # a reticulate call of its own (about 0.1 ms).
    .state$bridge <- list(call_function = bridge$call, fill_function = bridge$fill,
                          layer_name = bridge$layer_name)
    })
    load_r_tensorflow()
  }
  .state$bridge
}

# R keras 2.15 imports R's tensorflow package, so in an R keras script tensors have its S3
# methods: arithmetic (`x - K$mean(x)` in a custom layer's call()), 1-based `[` slicing,
# as.array(), dim(). Where R tensorflow is installed (R keras users have it) rbridge loads it
# too, once its own Python is bound, so that R tensorflow's delay-loaded "r-tensorflow"
# environment cannot choose another Python. rbridge does not depend on it: without it,
# reticulate's own methods for Python objects apply.
load_r_tensorflow <- function() {
  r_tensorflow <- "tensorflow"  # (a neighbour's package, not a dependency: so not named to R CMD check)
  if (isNamespaceLoaded(r_tensorflow) || !nzchar(system.file(package = r_tensorflow))) return(invisible(FALSE))
  invisible(requireNamespace(r_tensorflow, quietly = TRUE))
}
