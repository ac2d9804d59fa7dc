# The report of tools/r-keras-tests-with-rbridge.sh: per R keras test file, the expectations
# rbridge passes and fails next to R keras 2.15's own counts, then each failing test with what
# it depends on. Exit status 1 when a file passes fewer than its floor (what rbridge passed when
# the floor was last raised: a regression), or, without a floor file, fewer than R keras does.
#   Rscript tools/r-keras-tests-report.R <rbridge.tsv> <baseline.tsv> <depends.tsv> [floor.tsv]
args <- commandArgs(trailingOnly = TRUE)
runs <- read.delim(args[[1]], quote = "", stringsAsFactors = FALSE)
base <- read.delim(args[[2]], quote = "", stringsAsFactors = FALSE)
depends <- read.delim(args[[3]], quote = "", stringsAsFactors = FALSE, comment.char = "#")
floor <- if (length(args) >= 4) read.delim(args[[4]], quote = "", stringsAsFactors = FALSE) else NULL

short <- 0L
regressed <- 0L
cat(sprintf("%-26s %18s %20s\n", "R keras 2.15 test file", "rbridge (Keras 3)", "R keras 2.15 (TF 2.15)"))
for (f in base$file) {
  r <- runs[runs$file == f, ]
  b <- base[base$file == f, ]
  passed <- sum(r$passed); failed <- sum(r$failed)
  least <- if (is.null(floor)) b$passed else floor$passed[floor$file == f]
  if (!length(least)) stop("no floor for ", f, " in ", args[[4]])
  if (passed < b$passed) short <- short + 1L
  if (passed < least) regressed <- regressed + 1L
  cat(sprintf("%-26s %6d passed %4d failed %6d passed %4d failed%s\n", f, passed, failed, b$passed, b$failed,
              if (passed < least) sprintf("  <- REGRESSION: below rbridge's floor %d", least)
              else if (passed < b$passed) "  <- fewer than R keras" else ""))
}
cat(sprintf("%-26s %6d passed %4d failed %6d passed %4d failed\n", "total",
            sum(runs$passed), sum(runs$failed), sum(base$passed), sum(base$failed)))

why <- function(test, problem) {
  for (i in seq_len(nrow(depends))) {
    if (grepl(depends$pattern[[i]], paste(test, problem), perl = TRUE)) return(depends$depends_on[[i]])
  }
  missing <- regmatches(problem, regexpr('could not find function "[^"]+"', problem))
  if (length(missing)) return(paste(sub('.*"([^"]+)"', "\\1", missing), "not in rbridge yet"))
  paste("not classified:", substr(problem, 1, 160))
}
failing <- runs[runs$failed > 0, ]
if (nrow(failing)) cat("\nfailing tests, and what each depends on:\n")
for (i in seq_len(nrow(failing))) {
  cat(sprintf("  %s :: %s\n      -> %s\n", failing$file[[i]], failing$test[[i]],
              why(failing$test[[i]], failing$problem[[i]])))
}
cat(sprintf("\n%d of %d files pass at least what R keras 2.15 passes; %d below rbridge's floor\n",
            nrow(base) - short, nrow(base), regressed))
quit(status = if (regressed) 1L else 0L)
