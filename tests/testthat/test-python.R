# After library(rbridge), reticulate's first choice of Python is rbridge's (as R keras arranges
# for its own), so that reticulate::import() or tensorflow::tf before any rbridge function binds
# reticulate to it; a user's own choice still wins. The choice is made once per R session, so
# each case is a fresh Rscript, run from a directory outside the checkout.

rscript_python <- function(code, libs = .libPaths(), env = character()) {
  old <- setwd(tempdir())
  on.exit(setwd(old))
  # A fresh session, as a user starts one: without the RETICULATE_PYTHON that this session's
  # own rbridge set when it started (env -u), with the given settings.
  out <- suppressWarnings(system2("env", c("-u", "RETICULATE_PYTHON", paste0("R_LIBS=", paste(libs, collapse = ":")),
                                           env, file.path(R.home("bin"), "Rscript"), "-e", shQuote(code)),
                                  stdout = TRUE, stderr = TRUE))
  python <- sub("^PY: ", "", grep("^PY: ", out, value = TRUE))
  if (length(python) != 1L) stop("no Python reported:\n", paste(out, collapse = "\n"))
  trimws(python)  # (not normalizePath(): a virtual environment's python links to its base Python)
}

first_import <- 'library(rbridge); invisible(reticulate::import("sys")); cat("PY:", reticulate::py_config()$python, "\\n")'

test_that("reticulate's first choice after library(rbridge) is rbridge's Python, with reticulate 1.28 and 1.46", {
  skip_if_no_rbridge_python()
  # The Python rbridge itself chooses in a fresh session (checked: it imports rbridge).
  expected <- rscript_python('library(rbridge); cat("PY:", use_rbridge_python(), "\\n")')
  expect_identical(rscript_python(first_import), expected)
  # reticulate 1.46, where set-up installed it beside R keras 2.15 (the checkout of `expected`)
  rkeras_lib <- file.path(dirname(dirname(dirname(expected))), ".Rlib-rkeras")
  if (dir.exists(file.path(rkeras_lib, "reticulate"))) {
    version <- rscript_python('cat("PY:", format(packageVersion("reticulate")), "\\n")', libs = c(rkeras_lib, .libPaths()))
    expect_match(basename(version), "^1\\.(4[0-9]|[5-9][0-9])")
    expect_identical(rscript_python(first_import, libs = c(rkeras_lib, .libPaths())), expected)
  }
})

test_that("the user's choice of Python still wins over rbridge's suggestion", {
  skip_if_no_rbridge_python()
  other <- "/usr/bin/python3"
  skip_if_not(file.exists(other), "no second Python to choose")
  expect_identical(rscript_python(first_import, env = paste0("RETICULATE_PYTHON=", other)), other)
  chosen_after <- sprintf('library(rbridge); reticulate::use_python("%s", required = TRUE); %s', other,
                          sub("library(rbridge); ", "", first_import, fixed = TRUE))
  expect_identical(rscript_python(chosen_after), other)
})

test_that("RBRIDGE_PYTHON may be a path relative to the working directory, as shells give it", {
  skip_if_no_rbridge_python()
  expected <- rscript_python('library(rbridge); cat("PY:", use_rbridge_python(), "\\n")')
  # the same Python, named from its checkout's directory (rscript_python runs in tempdir())
  relative <- file.path(".", basename(dirname(dirname(expected))), "bin", basename(expected))
  code <- sprintf('setwd("%s"); library(rbridge); cat("PY:", use_rbridge_python(), "\\n")',
                  dirname(dirname(dirname(expected))))
  chosen <- rscript_python(code, env = paste0("RBRIDGE_PYTHON=", relative))
  expect_identical(normalizePath(chosen), normalizePath(expected))
  expect_true(startsWith(chosen, "/"))
})
