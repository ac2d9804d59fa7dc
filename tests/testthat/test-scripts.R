# R keras 2.15 users' scripts, each run by Rscript in an R process of its own, from outside the
# checkout (a temporary directory), on this session's R libraries (so on whichever reticulate
# this check runs with) and rbridge's Python. Their output is a log, not a terminal: it must
# hold no progress-bar escapes, and TensorFlow's start-up lines at most once.

# (run_rscript(): helper-rbridge.R)

expect_quiet_log <- function(output) {
  expect_false(any(grepl("\033[", output, fixed = TRUE)), label = "terminal escapes in the log")
  start_up <- grep("oneDNN custom operations are on|All log messages before absl", output, value = TRUE)
  expect_false(any(duplicated(sub("^.*\\] ", "", start_up))), label = "a TensorFlow start-up line twice")
}

test_that("the README's training snippet runs as written (scripts/train-conv.R)", {
  # TF_CPP_MIN_LOG_LEVEL=0: TensorFlow's start-up lines are shown, each once (2.16+ prints them
  # twice by itself)
  run <- run_rscript(normalizePath(test_path("scripts", "train-conv.R")), "TF_CPP_MIN_LOG_LEVEL=0")
  expect_true(run$status == 0L && any(run$output == "ok"), label = paste(tail(run$output, 20), collapse = "\n"))
  expect_true(any(grepl("^Epoch 10/10", run$output)))          # verbose 2: a line per epoch
  expect_quiet_log(run$output)
})

test_that("1-D, 2-D, 3-D and ConvLSTM models train unchanged (scripts/conv-models.R)", {
  run <- run_rscript(normalizePath(test_path("scripts", "conv-models.R")))
  expect_true(run$status == 0L && any(run$output == "ok"), label = paste(tail(run$output, 20), collapse = "\n"))
  for (model in c("1-D", "2-D", "3-D", "ConvLSTM")) expect_true(any(startsWith(run$output, model)), label = model)
  expect_quiet_log(run$output)
})

test_that("a Python named by RBRIDGE_PYTHON that cannot import rbridge is refused, saying so", {
  skip_if_no_rbridge_python()
  # A Python without rbridge (as /usr/bin/python3 is): what it says to `import rbridge`.
  python <- tempfile("python")
  writeLines(c("#!/bin/sh", "echo \"ModuleNotFoundError: No module named 'rbridge'\" >&2", "exit 1"), python)
  Sys.chmod(python, "755")
  script <- tempfile(fileext = ".R")
  writeLines("tryCatch(rbridge:::use_rbridge_python(), error = function(e) cat('refused:', conditionMessage(e), '\\n'))", script)
  libs <- paste(.libPaths(), collapse = .Platform$path.sep)
  out <- suppressWarnings(system2(file.path(R.home("bin"), "Rscript"), script, stdout = TRUE, stderr = TRUE,
                                  env = c(paste0("R_LIBS=", libs), paste0("RBRIDGE_PYTHON=", python),
                                          "RETICULATE_PYTHON=")))
  text <- paste(out, collapse = "\n")
  expect_match(text, "refused:", fixed = TRUE)
  expect_match(text, paste0("RBRIDGE_PYTHON is ", python, ", which cannot import rbridge"), fixed = TRUE)
  expect_match(text, "No module named", fixed = TRUE)
})

test_that("the vignettes are installed with the package, so vignette() finds them", {
  # Under R CMD check (which builds them) and after scripts/setup.sh (which installs the built
  # package); a bare `R CMD INSTALL .` of the source folder installs none.
  if (!nzchar(Sys.getenv("_R_CHECK_PACKAGE_NAME_")) && !identical(Sys.getenv("RBRIDGE_REQUIRE_PYTHON"), "true")) {
    skip("not under R CMD check: the package may have been installed from the source folder")
  }
  items <- utils::vignette(package = "rbridge")$results[, "Item"]
  expect_true(all(c("rbridge", "conv-models") %in% items), label = paste(items, collapse = ", "))
})
