# rbridge::verify_parity(): the Python verifier's table, from R.

verify_parity <- function(cases = NULL, ids = NULL, values = c("r", "python")) {
  values <- match.arg(values)
  # The verifier evaluates R code through rpy2 for every case: start with a full
  # collection so that no reticulate garbage is left for it to meet (see R/handoff.R).
  gc()
  records <- rbridge_call("verify", list(cases = cases, ids = ids, values = values))
  jsonlite::fromJSON(records)
}
