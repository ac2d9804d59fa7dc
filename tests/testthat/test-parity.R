# Every recorded R keras 2.15.0 case, called from R exactly as an R keras user would.

# A case names its R function in "function" (the first 80 cases, recorded before the family,
# are layer_conv_1d_transpose()'s).
case_function <- function(case) getExportedValue("rbridge", case[["function"]] %||% "layer_conv_1d_transpose")
is_python_object <- function(x) inherits(x, "python.builtin.object")

replay_in_r <- function(case, env, model = NULL) {
  args <- eval_source(case$args, env)
  input <- eval_source(case$input, env)
  fun <- case_function(case)
  switch(case$object,
    missing = do.call(fun, args),
    null = do.call(fun, c(list(NULL), args)),
    sequential = do.call(fun, c(list(model), args)),
    tensor = do.call(fun, c(list(layer_input(shape = input)), args)),
    # merges: one layer_input() per shape, as one list or spread over `...`
    tensors = do.call(fun, c(list(lapply(input, function(s) layer_input(shape = s))), args)),
    tensors_dots = do.call(fun, c(lapply(input, function(s) layer_input(shape = s)), args)),
    array = do.call(fun, c(list(input), args))
  )
}

test_that("every recorded R keras case replays from R, for every family function recorded", {
  skip_if_no_rbridge_python()
  files <- list.files(fixtures_dir(), pattern = "\\.json$", full.names = TRUE)
  expect_gte(length(files), 80)
  env <- case_env()
  verify <- reticulate::import("rbridge.verify", convert = TRUE)
  compare_module <- reticulate::import("rbridge.verify.compare", convert = TRUE)
  # Cases rbridge answers with its own error by design (tests/fixtures/parity_exceptions.json).
  exceptions <- jsonlite::fromJSON(file.path(dirname(fixtures_dir()), "parity_exceptions.json"))
  on_keras3 <- reticulate::import("rbridge.engine")$get_engine()$name == "keras3"
  by_design <- c(names(exceptions$refused), if (on_keras3) names(exceptions$engine))
  for (file in files) {
    case <- read_case(file)
    expected <- case$result
    if (case$id %in% by_design) {
      err <- tryCatch(suppressWarnings(replay_in_r(case, env)), error = function(e) e)
      expect_s3_class(err, "rbridge_error")
      next
    }
    recorded_warnings <- unlist(expected$warnings)
    # Where R keras failed inside TensorFlow's kernel, rbridge computes: check_case compares
    # its numbers with the NumPy reference.
    if (expected$kind == "error" && !verify$failed_inside_tensorflow(expected$error)) {
      model <- if (case$object == "sequential") keras_model_sequential()
      err <- tryCatch(suppressWarnings(replay_in_r(case, env, model)), error = function(e) e)
      if (startsWith(expected$error$message, "unused argument")) {
        # R itself refuses an argument the function does not have, as it did R keras's
        expect_match(conditionMessage(err), "unused argument", fixed = TRUE, label = case$id)
        next
      }
      expect_s3_class(err, "rbridge_error")
      expect_true(grepl(err$argument, conditionMessage(err), fixed = TRUE), label = case$id)
      # and the argument R keras's message names, where it names any (verify's rule)
      named <- unlist(compare_module$named_arguments(case, expected$error$message))
      if (length(named)) expect_true(err$argument %in% named, label = paste(case$id, err$argument))
      next
    }
    seen <- character()
    model <- if (case$object == "sequential") keras_model_sequential()
    out <- withCallingHandlers(replay_in_r(case, env, model), warning = function(w) {
      seen <<- c(seen, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
    for (w in recorded_warnings) expect_true(any(startsWith(seen, w)), label = paste(case$id, w))
    if (expected$kind == "array" && verify$dilation_ignored_by_r_keras(case)) {
      # R keras 2.15 ignored dilation_rate; rbridge applies it: check_case (below) compares
      # with the NumPy reference, as verify does
    } else if (expected$kind == "array" && is.list(out) && !is_python_object(out)) {
      # several outputs (return_state = TRUE): R arrays, recorded one after the other in C order
      expect_true(all(vapply(out, is.array, logical(1))), label = case$id)
      flat <- unlist(lapply(out, function(a) as.vector(aperm(a, rev(seq_along(dim(a)))))))
      expect_equal(flat, as.numeric(unlist(expected$output$data)), tolerance = 1e-5, label = case$id)
    } else if (expected$kind == "array") {
      expect_true(is.array(out), label = case$id)
      expect_equal(as.array(out), recorded_array(expected$output), tolerance = 1e-5, label = case$id)
    }
    problems <- rbridge:::rbridge_call(
      "check_case", list(case_file = file, result = out, input = eval_source(case$input, env), model = model),
      evaluates_r = TRUE)
    problems <- as.character(unlist(problems))
    # R's warnings reached R's handler here (checked above against the recording), not check_case
    problems <- problems[!startsWith(problems, "R warns")]
    expect_identical(problems, character(), label = case$id)
  }
})
