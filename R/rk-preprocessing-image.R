# Ported from R keras 2.15.0's R/preprocessing.R (MIT licence, RStudio): its image functions,
# signatures and argument handling. R keras's convolutional scripts augment their images with
# image_data_generator(), fit_image_data_generator() and flow_images_from_data() (cifar10_cnn.R
# does by default) and read image folders with flow_images_from_directory().
# Keras 3 dropped ImageDataGenerator from its public API and kept the same code (same numbers,
# same random transforms for a seed: measured against Keras 2.15) in
# keras.src.legacy.preprocessing.image, which rbridge uses there. Its transforms need SciPy and
# its image files Pillow, as on Keras 2.15 (R keras's install_keras() installed both).

# Keras's ImageDataGenerator class: Keras 2.15's public one, or Keras 3's kept copy.
image_data_generator_class <- function() {
  if (!is_keras3()) return(keras$preprocessing$image$ImageDataGenerator)
  reticulate::import("keras.src.legacy.preprocessing.image")$ImageDataGenerator
}

image_data_generator <- function(featurewise_center = FALSE, samplewise_center = FALSE,
                                 featurewise_std_normalization = FALSE, samplewise_std_normalization = FALSE,
                                 zca_whitening = FALSE, zca_epsilon = 1e-6, rotation_range = 0.0, width_shift_range = 0.0,
                                 height_shift_range = 0.0, brightness_range = NULL, shear_range = 0.0, zoom_range = 0.0, channel_shift_range = 0.0,
                                 fill_mode = "nearest", cval = 0.0, horizontal_flip = FALSE, vertical_flip = FALSE,
                                 rescale = NULL, preprocessing_function = NULL, data_format = NULL, validation_split=0.0) {
  args <- list(
    featurewise_center = featurewise_center,
    samplewise_center = samplewise_center,
    featurewise_std_normalization = featurewise_std_normalization,
    samplewise_std_normalization = samplewise_std_normalization,
    zca_whitening = zca_whitening,
    rotation_range = rotation_range,
    width_shift_range = width_shift_range,
    height_shift_range = height_shift_range,
    shear_range = shear_range,
    zoom_range = zoom_range,
    channel_shift_range = channel_shift_range,
    fill_mode = fill_mode,
    cval = cval,
    horizontal_flip = horizontal_flip,
    vertical_flip = vertical_flip,
    rescale = rescale,
    preprocessing_function = preprocessing_function,
    data_format = data_format
  )

  if (keras_version() >= "2.0.4")
    args$zca_epsilon <- zca_epsilon
  if (keras_version() >= "2.1.5") {
    args$brightness_range <- brightness_range
    args$validation_split <- validation_split
  }

  if(is.function(preprocessing_function) &&
     !inherits(preprocessing_function, "python.builtin.object"))
    args$preprocessing_function <-
      reticulate::py_main_thread_func(preprocessing_function)

  do.call(image_data_generator_class(), args)

}

generator_next <- function(generator, completed = NULL) {
  reticulate::iter_next(generator, completed = completed)
}

fit_image_data_generator <- function(object, x, augment = FALSE, rounds = 1, seed = NULL) {
  generator <- object
  history <- generator$fit(
    x = keras_array(x),
    augment = augment,
    rounds = as.integer(rounds),
    seed = seed
  )
  invisible(history)
}

flow_images_from_data <- function(
  x, y = NULL, generator = image_data_generator(), batch_size = 32,
  shuffle = TRUE, sample_weight = NULL, seed = NULL,
  save_to_dir = NULL, save_prefix = "", save_format = 'png', subset = NULL) {

  args <- list(
    x = keras_array(x),
    y = keras_array(y),
    batch_size = as.integer(batch_size),
    shuffle = shuffle,
    seed = as_nullable_integer(seed),
    save_to_dir = normalize_path(save_to_dir),
    save_prefix = save_prefix,
    save_format = save_format
  )
  stopifnot(args$batch_size > 0)

  if (keras_version() >= "2.1.5")
    args$subset <- subset

  if (keras_version() >= "2.2.0")
    args$sample_weight <- sample_weight

  iterator <- do.call(generator$flow, args)

  if(!is.null(generator$preprocessing_function)) {
    # user supplied a custom preprocessing function, which likely is an R function that must
    # be called from the main thread: R keras wrapped the flow in py_iterator(prefetch = 1L);
    # rbridge's r_function_iterator() is that on every reticulate (1.28 has no `prefetch`).
    # A batch (x, y) comes back to R as a list: it goes on as the tuple it was, which Keras 3
    # requires (Keras 2.15 took a list as a tuple).
    python_iterator <- iterator
    iterator <- r_function_iterator(function() {
      batch <- reticulate::iter_next(python_iterator)
      if (is.list(batch)) do.call(reticulate::tuple, batch) else batch
    })
  }

  iterator

}

flow_images_from_directory <- function(
  directory, generator = image_data_generator(), target_size = c(256, 256), color_mode = "rgb",
  classes = NULL, class_mode = "categorical",
  batch_size = 32, shuffle = TRUE, seed = NULL,
  save_to_dir = NULL, save_prefix = "", save_format = "png",
  follow_links = FALSE, subset = NULL, interpolation = "nearest") {

  args <- list(
    directory = normalize_path(directory),
    target_size = as.integer(target_size),
    color_mode = color_mode,
    classes = classes,
    class_mode = class_mode,
    batch_size = as.integer(batch_size),
    shuffle = shuffle,
    seed = as_nullable_integer(seed),
    save_to_dir = normalize_path(save_to_dir),
    save_prefix = save_prefix,
    save_format = save_format,
    follow_links = follow_links
  )
  stopifnot(args$batch_size > 0)

  if (keras_version() >= "2.1.2")
    args$interpolation <- interpolation

  if (keras_version() >= "2.1.5")
    args$subset <- subset

  do.call(generator$flow_from_directory, args)
}

flow_images_from_dataframe <- function(
  dataframe, directory = NULL, x_col = "filename", y_col = "class",
  generator = image_data_generator(), target_size = c(256,256),
  color_mode = "rgb", classes = NULL, class_mode = "categorical",
  batch_size = 32, shuffle = TRUE, seed = NULL, save_to_dir = NULL,
  save_prefix = "", save_format = "png", subset = NULL,
  interpolation = "nearest", drop_duplicates = NULL) {

  if (!reticulate::py_module_available("pandas"))
    stop("Pandas (Python module) must be installed in the same environment as Keras.",
         'Install it using reticulate::virtualenv_install("pandas", envname = "r-tensorflow") ',
         'or reticulate::conda_install("pandas", envname = "r-tensorflow") depending on ',
         'the kind of environment you are using.')

  args <- list(
    dataframe = as.data.frame(dataframe),
    directory = normalize_path(directory),
    x_col = x_col, y_col = y_col,
    target_size = as.integer(target_size),
    color_mode = color_mode,
    classes = classes,
    class_mode = class_mode,
    batch_size = as.integer(batch_size),
    shuffle = shuffle,
    seed = as_nullable_integer(seed),
    save_to_dir = normalize_path(save_to_dir),
    save_prefix = save_prefix,
    save_format = save_format,
    drop_duplicates = drop_duplicates
  )
  stopifnot(args$batch_size > 0)

  if (keras_version() >= "2.1.2")
    args$interpolation <- interpolation

  if (keras_version() >= "2.1.5")
    args$subset <- subset

  if(!is.null(drop_duplicates) && tf_version() >= "2.3") {
    warning("\'drop_duplicates\' is deprecated as of tensorflow 2.3 and will be ignored. Make sure the supplied dataframe does not contain duplicates.")
    args$drop_duplicates <- NULL
  }

  if (is.null(drop_duplicates) && tf_version() < "2.3")
    args$drop_duplicates <- TRUE

  do.call(generator$flow_from_dataframe, args)
}

image_load <- function(path, grayscale = FALSE, color_mode='rgb',
                       target_size = NULL,
                       interpolation = "nearest") {

  if (!have_pillow())
    stop("The Pillow Python package is required to load images")

  # normalize target_size
  if (!is.null(target_size)) {
    if (length(target_size) != 2)
      stop("target_size must be 2 element integer vector")
    target_size <- as.integer(target_size)
    target_size <- reticulate::tuple(target_size[[1]], target_size[[2]])
  }

  args <- list(
    path = normalize_path(path),
    color_mode = color_mode,
    grayscale = grayscale,
    target_size = target_size
  )
  if (is_keras3()) {
    # (Keras 3's load_img() has no `grayscale`; Keras 2.15's made it color_mode = "grayscale")
    if (isTRUE(grayscale)) args$color_mode <- "grayscale"
    args$grayscale <- NULL
  }

  if (keras_version() >= "2.0.9")
    args$interpolation <- interpolation

  do.call(keras$preprocessing$image$load_img, args)
}

image_to_array <- function(img, data_format = c("channels_last", "channels_first")) {
  keras$preprocessing$image$img_to_array(
    img = img,
    data_format = match.arg(data_format)
  )
}

image_array_resize <- function(img, height, width,
                               data_format = c("channels_last", "channels_first")) {

  # imports
  np <- reticulate::import("numpy")
  scipy <- reticulate::import("scipy.ndimage")

  # make copy as necessary
  img <- np$copy(img)

  # capture dimensions and reduce to 3 if necessary
  dims <- dim(img)
  is_4d_array <- FALSE
  if (length(dims) == 4 && dims[[1]] == 1) {
    is_4d_array <- TRUE
    img <- array_reshape(img, dims[-1])
  }

  # calculate zoom factors (invert the dimensions to reflect height,width
  # order of numpy/scipy array represenations of images)
  data_format <- match.arg(data_format)
  if (data_format == "channels_last") {
    factors <- reticulate::tuple(
      height / dim(img)[[1]],
      width / dim(img)[[2]],
      1
    )
  } else {
    # (R keras 2.15 passed a trailing empty argument to tuple() here, an error; and zoomed the
    # wrong axes: a channels_first image's height and width are its 2nd and 3rd dimensions)
    factors <- reticulate::tuple(
      1,
      height / dim(img)[[2]],
      width / dim(img)[[3]]
    )
  }

  # zoom
  img <- scipy$zoom(img, factors, order = 1L)

  # reshape if necessary
  if (is_4d_array)
    img <- array_reshape(img, dim = c(1, dim(img)))

  # return
  img
}

image_array_save <- function(img, path, data_format = NULL, file_format = NULL, scale = TRUE) {
  keras$preprocessing$image$save_img(
    path, img,
    data_format = data_format,
    file_format = file_format,
    scale = scale
  )
}
