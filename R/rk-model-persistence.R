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
  if (is_keras3())
    return(keras3_save_model_tf(object, filepath, overwrite, include_optimizer, signatures, options))

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

# save_model_tf() on Keras 3: R keras 2.15 wrote a SavedModel directory (any name, ".keras"
# included) that TensorFlow serves and load_model_tf() reads back as the whole model. Keras 3
# exports SavedModels for inference only and reloads only its .keras files, so the directory
# holds both (rbridge/saving.py, save_saved_model()): model$export()'s SavedModel and the whole
# model in rbridge_model.keras, which load_model_tf() reads. What only SavedModel's own writer
# takes (signatures, options) and a model without its optimizer (a .keras file always holds
# it) are refused, saying what to do instead.
keras3_save_model_tf <- function(object, filepath, overwrite, include_optimizer, signatures, options) {
  if (!is.null(signatures) || !is.null(options))
    keras3_unsupported("save_model_tf()'s `signatures` and `options` (TensorFlow's own SavedModel writer)",
      paste("Call save_model_tf() without them, or object$export(filepath, input_signature = ...)",
            "for an inference-only SavedModel with its own signature."), call = sys.call(-1))
  if (!isTRUE(include_optimizer))
    keras3_unsupported("save_model_tf(include_optimizer = FALSE)",
      paste("Keras 3 saves a model with its optimizer; call save_model_tf() with include_optimizer = TRUE",
            "(load_model_tf(filepath, compile = FALSE) gives the model without it)."), call = sys.call(-1))
  filepath <- normalize_path(filepath)
  if (!confirm_overwrite(filepath, overwrite)) return(invisible(FALSE))
  reticulate::import("rbridge.saving")$save_saved_model(object, filepath)
  invisible(TRUE)
}

# R tensorflow's export_savedmodel() for a Keras 3 model (registered by register_on_tensorflow(),
# R/model.R), with R keras 2.15's method's arguments: a SavedModel TensorFlow serves, written by
# Keras 3's model$export() (Keras 3 has no learning phase to remove: what it exports is the
# inference graph, which remove_learning_phase = TRUE asked Keras 2.15 for). Returns the path.
export_savedmodel_keras3_model <- function(object, export_dir_base, overwrite = TRUE, versioned = !overwrite,
                                           remove_learning_phase = TRUE, as_text = FALSE, ...) {
  if (length(list(...)))
    keras3_unsupported("export_savedmodel()'s further arguments (passed to TensorFlow's SavedModel writer)",
      "Call it without them, or object$export(export_dir_base, input_signature = ...) for a signature of your own.")
  export_dir_base <- normalize_path(export_dir_base)
  if (versioned)
    export_dir_base <- file.path(export_dir_base, format(Sys.time(), "%Y%m%d%H%M%OS", tz = "GMT"))
  if (overwrite && file.exists(export_dir_base))
    unlink(export_dir_base, recursive = TRUE)
  if (as_text)
    warning("as_text is ignored in TensorFlow 1.14")
  object$export(export_dir_base, verbose = FALSE)
  invisible(export_dir_base)
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
  if (is_keras3() && dir.exists(filepath)) {
    # (a directory save_model_tf() wrote on Keras 3 holds the whole model: keras3_save_model_tf())
    keras_file <- reticulate::import("rbridge.saving")$saved_model_keras_file(normalize_path(filepath))
    if (is.null(keras_file))
      keras3_unsupported("Loading a model from a SavedModel directory written by Keras 2 (R keras 2.15's save_model_tf())",
        paste("Keras 3 reads back only the SavedModel directories rbridge's save_model_tf() writes, and .keras and .h5 files:",
              "save the model with R keras 2.15's save_model_hdf5() and load that with load_model_hdf5(); for inference only,",
              "keras$layers$TFSMLayer(filepath, call_endpoint = \"serving_default\") reads the SavedModel."))
    filepath <- keras_file
  }

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
