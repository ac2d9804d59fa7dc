# Living side by side with the real R keras 2.15 (installed from ../shared/r-src by
# scripts/setup-r-keras.sh), attached in either order. R keras 2.15 needs Keras 2, so each
# order runs in its own R process on the Keras 2 Python that scripts/test.sh names:
#   RBRIDGE_R_KERAS_LIB     the R library with R keras 2.15 (and reticulate 1.46)
#   RBRIDGE_KERAS2_PYTHON   a Python with TensorFlow 2.15 and rbridge
# Without them this is a skip, except where RBRIDGE_REQUIRE_R_KERAS=true (CI).

r_keras_env <- function() {
  lib <- Sys.getenv("RBRIDGE_R_KERAS_LIB")
  python <- Sys.getenv("RBRIDGE_KERAS2_PYTHON")
  if (nzchar(lib) && nzchar(python) && file.exists(file.path(lib, "keras", "DESCRIPTION"))) {
    return(c(paste0("R_LIBS=", paste(c(lib, .libPaths()), collapse = .Platform$path.sep)),
             paste0("RBRIDGE_PYTHON=", python), paste0("RETICULATE_PYTHON=", python),
             "TF_CPP_MIN_LOG_LEVEL=3"))
  }
  why <- "the real R keras 2.15 is not set up (RBRIDGE_R_KERAS_LIB, RBRIDGE_KERAS2_PYTHON)"
  if (identical(Sys.getenv("RBRIDGE_REQUIRE_R_KERAS"), "true")) stop(why)
  skip(why)
}

run_with_r_keras <- function(order) {
  env <- r_keras_env()
  script <- normalizePath(test_path("scripts", "with-r-keras.R"))
  out <- suppressWarnings(system2(file.path(R.home("bin"), "Rscript"), c(script, order),
                                  stdout = TRUE, stderr = TRUE, env = env))
  list(status = attr(out, "status"), output = out)
}

for (order in c("keras-first", "rbridge-first")) {
  test_that(paste("an R keras 2.15 script runs with both packages attached:", order), {
    run <- run_with_r_keras(order)
    expect_true(is.null(run$status) && any(run$output == "ok"),
                label = paste(tail(run$output, 20), collapse = "\n"))
    # every family function: same weights, same numbers as R keras's; each in the other's model
    expect_true(any(run$output == "family: the same numbers from the same weights for all 20 functions"))
  })
}
