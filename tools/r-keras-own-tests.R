# R keras 2.15.0's own test suite (tests/testthat in its source tarball), run with rbridge
# attached or not, to show that attaching rbridge breaks nothing of R keras's.
#   Rscript tools/r-keras-own-tests.R <tests dir> <alone|keras-first|rbridge-first>
# Tests run in an environment below the global one, so they see the attached packages in
# search order: what a user's script sees. Prints one line: "<mode>: N passed, N failed, ...".
args <- commandArgs(trailingOnly = TRUE)
dir <- args[[1]]; mode <- args[[2]]
suppressPackageStartupMessages({
  library(testthat)
  switch(mode,
    alone = library(keras),
    "keras-first" = { library(keras); library(rbridge) },
    "rbridge-first" = { library(rbridge); library(keras) })
})
Sys.setenv(NOT_CRAN = "true")
results <- as.data.frame(testthat::test_dir(dir, load_package = "none", stop_on_failure = FALSE,
                                            reporter = "silent", env = new.env(parent = globalenv())))
failed <- results[results$failed > 0 | results$error, c("file", "test")]
cat(sprintf("%s: %d passed, %d failed, %d skipped\n", mode, sum(results$passed), nrow(failed),
            sum(results$skipped)))
for (i in seq_len(nrow(failed))) cat("  FAILED", failed$file[i], "::", failed$test[i], "\n")
