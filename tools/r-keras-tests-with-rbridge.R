# R keras 2.15.0's own test files (its tests/testthat, helper-*.R and setup.R included), run
# with one package attached in place of `library(keras)`:
#   Rscript tools/r-keras-tests-with-rbridge.R <tests dir> <rbridge|keras> <out.tsv> FILE...
# `rbridge`: library(rbridge) on Keras 3, R keras not installed (R tensorflow is, as R keras
# users have it). `keras`: the real R keras 2.15 on TF 2.15, to measure its own counts.
# Writes one row per test (file, test, passed, failed, skipped, first failure message) to
# <out.tsv> and prints per file: "<file>: N passed, N failed".
args <- commandArgs(trailingOnly = TRUE)
dir <- args[[1]]; package <- args[[2]]; out <- args[[3]]; files <- args[-(1:3)]
suppressPackageStartupMessages({
  library(testthat)
  library(package, character.only = TRUE)
})
Sys.setenv(NOT_CRAN = "true")
# Only the chosen files: test_dir() still sources helper-*.R and setup.R, as R keras's run did.
filter <- paste0("^(", paste(sub("^test-?", "", sub("\\.[rR]$", "", files)), collapse = "|"), ")$")
results <- testthat::test_dir(dir, filter = filter, load_package = "none", stop_on_failure = FALSE,
                              stop_on_warning = FALSE, reporter = "silent",
                              # in the package's namespace, as R keras's own tests/testthat.R
                              # (test_check("keras")) runs them: its internals are in scope
                              env = new.env(parent = asNamespace(package)))

first_problem <- function(test) {
  for (r in test$results) {
    if (inherits(r, c("expectation_failure", "expectation_error"))) {
      return(gsub("[\t\n\r]+", " ", substr(conditionMessage(r), 1, 300)))
    }
  }
  ""
}
rows <- do.call(rbind, lapply(results, function(test) {
  kinds <- vapply(test$results, function(r) class(r)[[1]], "")
  data.frame(file = test$file, test = gsub("[\t\n]", " ", test$test),
             passed = sum(kinds == "expectation_success"),
             failed = sum(kinds %in% c("expectation_failure", "expectation_error")),
             skipped = sum(kinds == "expectation_skip"),
             problem = first_problem(test), stringsAsFactors = FALSE)
}))
utils::write.table(rows, out, sep = "\t", quote = FALSE, row.names = FALSE)
for (f in unique(rows$file)) {
  r <- rows[rows$file == f, ]
  cat(sprintf("%s: %d passed, %d failed, %d skipped\n", f, sum(r$passed), sum(r$failed), sum(r$skipped)))
}
