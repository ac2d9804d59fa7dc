# Ported from R keras 2.15.0's R/model-persistence.R (MIT licence, RStudio): its functions, signatures and
# argument handling, with Keras 3's renames handled (see R/rk-support.R, is_keras3()).

save_model_hdf5 <- function(object, filepath, overwrite = TRUE, include_optimizer = TRUE) {

  if (!have_h5py())
    stop("The h5py Python package is required to save and load models")

  filepath <- normalize_path(filepath)

  args <- list(
    model = object,
    filepath = filepath,
    overwrite = overwrite,
    include_optimizer = include_optimizer
  )

  if (tf_version() >= "1.14.0" && !is_backend("plaidml") && !is_keras3()) {
    args[["save_format"]] <- "h5"  # (Keras 3: a path ending .h5/.hdf5 is its legacy HDF5 format)
  }

  if (confirm_overwrite(filepath, overwrite)) {
    do.call(keras$models$save_model, args)
    invisible(TRUE)
  } else {
    invisible(FALSE)
  }
}

save_model_tf <- function(object, filepath, overwrite = TRUE, include_optimizer = TRUE,
                          signatures = NULL, options = NULL) {

  if (tf_version() < "2.0.0")
    stop("save_model_tf only works with TF >= 2.0.0", call.=FALSE)
  if (is_keras3() && grepl("\\.keras$", filepath, ignore.case = TRUE) &&
      isTRUE(include_optimizer) && is.null(signatures) && is.null(options))
    return(keras3_save_model_keras(object, filepath, overwrite))
  if (is_keras3())
    keras3_unsupported("Saving a whole model in TensorFlow's SavedModel format (save_model_tf())",
      paste("Use save_model_hdf5(object, \"model.h5\") to save and reload the model, or",
            "object$export(filepath) for an inference-only SavedModel."))

  filepath <- normalize_path(filepath)

  args <- list(
    model = object,
    filepath = filepath,
    overwrite = overwrite,
    include_optimizer = include_optimizer,
    signatures = signatures,
    options = options,
    save_format = "tf"
  )

  if (confirm_overwrite(filepath, overwrite)) {
    do.call(keras$models$save_model, args)
    invisible(TRUE)
  } else {
    invisible(FALSE)
  }

}

# save_model_tf() to a path ending ".keras" on Keras 3: Keras 2.15 wrote a SavedModel directory
# of that name, which only TensorFlow's Keras 2 reads back; Keras 3 writes no SavedModel that its
# load_model() reads (it reads .keras and HDF5 files only; model$export() is for inference), so
# the model is saved in the native .keras file the name asks for, which load_model_tf() reads
# back with its custom objects, and a warning says so.
# (The .keras file always holds the optimizer: include_optimizer = FALSE, signatures and options
# are SavedModel's, and refused as before.)
keras3_save_model_keras <- function(object, filepath, overwrite) {
  filepath <- normalize_path(filepath)
  if (!confirm_overwrite(filepath, overwrite)) return(invisible(FALSE))
  warning(warningCondition(paste0(
    "save_model_tf(): Keras 3 (which rbridge runs on) cannot save a model in the SavedModel format ",
    "for reloading; '", basename(filepath), "' is saved in Keras 3's native .keras format instead ",
    "(load_model_tf() and load_model_hdf5() read it back; model$export() writes an inference-only SavedModel)."),
    class = "rbridge_warning", call = sys.call(-1)))
  keras$models$save_model(object, filepath, overwrite = TRUE)
  invisible(TRUE)
}

load_model_hdf5 <- function(filepath, custom_objects = NULL, compile = TRUE) {

  if (!have_h5py())
    stop("The h5py Python package is required to save and load models")

  load_model(filepath, custom_objects, compile)
}

load_model_tf <- function(filepath, custom_objects = NULL, compile = TRUE) {

  if (tf_version() < "2.0.0")
    stop("TensorFlow version >= 2.0.0 is requires to load models in the SavedModel format.",
         call. = FALSE)
  if (is_keras3() && dir.exists(filepath))
    keras3_unsupported("Loading a model from a SavedModel directory (load_model_tf())",
      paste("Load a model saved with save_model_hdf5() with load_model_hdf5(); for inference only,",
            "keras$layers$TFSMLayer(filepath, call_endpoint = \"serving_default\") reads the SavedModel."))

  load_model(filepath, custom_objects, compile)
}

load_model <- function(filepath, custom_objects = NULL, compile = TRUE) {
  # prepare custom objects
  custom_objects <- objects_with_py_function_names(custom_objects)
  if (is_keras3() && isTRUE(compile) && grepl("\\.(h5|hdf5)$", filepath, ignore.case = TRUE)) {
    # (rbridge/r_verbs.py: Keras 3 cannot compile a model from an R keras 2.15 HDF5 file itself)
    objects <- if (length(custom_objects)) lapply(custom_objects, as_py_function)
    return(reticulate::import("rbridge.r_verbs")$load_model_hdf5(normalize_path(filepath), objects))
  }

  # build args dynamically so we can only pass `compile` if it's supported
  # (compile requires keras 2.0.4 / tensorflow 1.3)
  args <- list(
    filepath = normalize_path(filepath),
    custom_objects = custom_objects
  )
  if (keras_version() >= "2.0.4")
    args$compile <- compile

  do.call(keras$models$load_model, args)
}

save_model_weights_hdf5 <- function(object, filepath, overwrite = TRUE) {

  if (!have_h5py())
    stop("The h5py Python package is required to save and load model weights")
  filepath <- normalize_path(filepath)
  if (confirm_overwrite(filepath, overwrite)) {
    if (is_keras3()) keras3_save_weights(object, filepath, overwrite)
    else object$save_weights(filepath = filepath, overwrite = overwrite,
                        save_format = "h5")
    invisible(TRUE)
  } else {
    invisible(FALSE)
  }
}

save_model_weights_tf <- function(object, filepath, overwrite = TRUE) {

  if (!is_tensorflow_implementation())
    stop("Save weights to the SavedModel format requires the TensorFlow implementation.")

  if (!tf_version() >= "2.0")
    stop("Save weights to the SavedModel format requires TensorFlow version >= 2.0")

  filepath <- normalize_path(filepath)
  if (confirm_overwrite(filepath, overwrite)) {
    if (is_keras3()) keras3_save_weights(object, filepath, overwrite)
    else object$save_weights(filepath = filepath, overwrite = overwrite,
                        save_format = "tf")
    invisible(TRUE)
  } else {
    invisible(FALSE)
  }
}

load_model_weights_hdf5 <- function(object, filepath, by_name = FALSE,
                                    skip_mismatch = FALSE, reshape = FALSE) {
  if (!have_h5py())
    stop("The h5py Python package is required to save and load model weights")

  args <- list(
    filepath = normalize_path(filepath),
    by_name = by_name
  )

  if (keras_version() >= "2.1.4" && !is_tensorflow_implementation()) {
    args$skip_mismatch <- skip_mismatch
    args$reshape <- reshape
  }

  if (is_keras3()) keras3_load_weights(object, args$filepath, by_name)
  else do.call(object$load_weights, args)

  invisible(object)
}

load_model_weights_tf <- function(object, filepath, by_name = FALSE,
                                    skip_mismatch = FALSE, reshape = FALSE) {

  args <- list(
    filepath = normalize_path(filepath),
    by_name = by_name
  )

  if (keras_version() >= "2.1.4" && !is_tensorflow_implementation()) {
    args$skip_mismatch <- skip_mismatch
    args$reshape <- reshape
  }

  if (is_keras3()) keras3_load_weights(object, args$filepath, by_name)
  else do.call(object$load_weights, args)

  invisible(object)
}

model_to_json <- function(object) {
  object$to_json()
}

model_from_json <- function(json, custom_objects = NULL) {
  keras$models$model_from_json(json, custom_objects)
}

#
model_to_yaml <- function(object) {
  warning("The ability to serialize models to/from yaml was removed in Tensorflow due to security risk of arbitrary code execution. Please us `model_to_json()` instead.")

  if (!have_pyyaml())
    stop("The pyyaml Python package is required to save and load models as YAML")

  object$to_yaml()
}

model_from_yaml <- function(yaml, custom_objects = NULL) {
  warning("The ability to serialize models to/from yaml was removed in Tensorflow due to security risk of arbitrary code execution. Please us `model_to_json()` instead.")

  if (!have_pyyaml())
    stop("The pyyaml Python package is required to save and load models as YAML")

  keras$models$model_from_yaml(yaml, custom_objects)
}

serialize_model <- function(model, include_optimizer = TRUE) {

  if (!inherits(model, c("keras.engine.training.Model", "keras.src.models.model.Model")))
    stop("You must pass a Keras model object to serialize_model")

  # write hdf5 file to temp file
  tmp <- tempfile(pattern = "keras_model", fileext = ".h5")
  on.exit(unlink(tmp), add = TRUE)
  save_model_hdf5(model, tmp, include_optimizer = include_optimizer)

  # read it back into a raw vector
  readBin(tmp, what = "raw", n = file.size(tmp))
}

unserialize_model <- function(model, custom_objects = NULL, compile = TRUE) {

  # write raw hdf5 bytes to temp file
  tmp <- tempfile(pattern = "keras_model", fileext = ".h5")
  on.exit(unlink(tmp), add = TRUE)
  writeBin(model, tmp)

  # read in from hdf5
  load_model_hdf5(tmp, custom_objects = custom_objects, compile = compile)
}

reload_model <- function(object) {
  old_config <- get_config(object)
  old_weights <- get_weights(object)

  new_model <- from_config(old_config)
  set_weights(new_model, old_weights)

  new_model
}


# Keras 3 writes and reads weights only at paths ending ".weights.h5"; R keras 2.15 took any
# path. So the weights go through a temporary file of that name; a file that is not Keras 3's
# weights format (an R keras 2.15 / Keras 2 HDF5 file) is read as Keras 3 reads those.
keras3_save_weights <- function(object, filepath, overwrite) {
  if (grepl("\\.weights\\.h5$", filepath)) return(object$save_weights(filepath, overwrite = overwrite))
  tmp <- tempfile(fileext = ".weights.h5")
  on.exit(unlink(tmp), add = TRUE)
  object$save_weights(tmp)
  if (!file.copy(tmp, filepath, overwrite = TRUE)) stop("could not write '", filepath, "'", call. = FALSE)
}

keras3_load_weights <- function(object, filepath, by_name = FALSE) {
  if (!grepl("\\.weights\\.h5$", filepath)) {
    tmp <- tempfile(fileext = ".weights.h5")
    on.exit(unlink(tmp), add = TRUE)
    file.copy(filepath, tmp)
    loaded <- tryCatch({ object$load_weights(tmp); TRUE }, error = function(e) FALSE)
    if (loaded) return(invisible(object))
  }
  if (isTRUE(by_name)) object$load_weights(filepath, by_name = TRUE) else object$load_weights(filepath)
}
