# Timing helpers shared by the R benchmarks: median of repeated runs after warm-up, and the
# same for several functions run in turn (interleaved), so that their ratio is fair.
median_seconds <- function(fn, number, repeat_) {
  for (i in 1:3) fn()
  runs <- vapply(seq_len(repeat_), function(r) {
    start <- proc.time()[["elapsed"]]
    for (i in seq_len(number)) fn()
    (proc.time()[["elapsed"]] - start) / number
  }, numeric(1))
  stats::median(runs)
}
interleaved <- function(fns, number, repeat_) {
  for (fn in fns) for (i in 1:3) fn()
  runs <- matrix(NA_real_, repeat_, length(fns), dimnames = list(NULL, names(fns)))
  for (r in seq_len(repeat_)) for (name in names(fns)) {
    start <- proc.time()[["elapsed"]]
    for (i in seq_len(number)) fns[[name]]()
    runs[r, name] <- (proc.time()[["elapsed"]] - start) / number
  }
  apply(runs, 2, stats::median)
}
