# R's garbage collector vs reticulate 1.28 vs rpy2: see R/handoff.R. Each script runs in
# its own R process, so that an abort is reported here instead of ending this session.

run_script <- function(name) {
  script <- normalizePath(test_path("scripts", name))
  rscript <- file.path(R.home("bin"), "Rscript")
  env <- c(paste0("RETICULATE_PYTHON=", rbridge:::rbridge_python()), "TF_CPP_MIN_LOG_LEVEL=3")
  out <- suppressWarnings(system2(rscript, script, stdout = TRUE, stderr = TRUE, env = env))
  list(status = attr(out, "status") %||% 0L, output = out)
}

# Measured: Debian's reticulate 1.28 has the hazard; reticulate 1.46 (CRAN today) does not.
test_that("the hazard is real with reticulate 1.28 and gone with 1.46", {
  skip_if_no_rbridge_python()
  version <- utils::packageVersion("reticulate")
  if (version > "1.28" && version < "1.46") skip(paste("reticulate", version, "was not measured"))
  run <- run_script("gc-hazard.R")
  if (version <= "1.28") {
    # If such a reticulate ever stops aborting, this fails, and R/handoff.R's care can go.
    expect_false(any(grepl("survived", run$output)))
    expect_true(any(grepl("GIL is released", run$output)))
  } else {
    expect_true(any(grepl("survived", run$output)), label = paste(tail(run$output, 5), collapse = "\n"))
  }
})

test_that("a hand-off survives collections inside rpy2 with reticulate garbage waiting", {
  skip_if_no_rbridge_python()
  run <- run_script("gc-stress.R")
  expect_identical(run$status, 0L)
  expect_true(any(grepl("^ok", run$output)), label = paste(tail(run$output, 5), collapse = "\n"))
})
