# rbridge::verify_parity(): the Python verifier's table, from R.

verify_parity <- function(cases = NULL, ids = NULL, values = c("r", "python")) {
  values <- match.arg(values)
  # The verifier evaluates R code through rpy2 for every case (see R/handoff.R).
  records <- rbridge_call("verify", list(cases = cases, ids = ids, values = values), evaluates_r = TRUE)
  jsonlite::fromJSON(records)
}
