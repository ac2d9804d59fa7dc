# Ported from R keras 2.15.0's R/new-py-types.R, R/Layer.R, R/layer-custom.R (create_layer_wrapper(),
# py_formals(), as_tf_shape()) and R/layers-core.R (create_layer(), compose_layer()) (MIT licence,
# RStudio).
#
# new_layer_class(), new_model_class(), new_callback_class(), new_metric_class() and
# new_loss_class() make a Python subclass of Keras's Layer, Model, Callback, Metric or Loss from
# R methods (through new_py_class() and r_to_py.R6ClassGenerator(), R/rk-py-classes.R); the layer
# class comes back as a layer function, as create_layer_wrapper() makes one: called with
# `object` (a model or tensor) it composes the new layer with it, as layer_dense() does.
#
# Changes from R keras: the base classes are named by keras_base_class() (the `keras` module
# rbridge runs on, Keras 3 or Keras 2.15), not `keras::keras`; as_tf_shape() gives Keras a tuple
# of integers (NA or NULL for an unknown axis) where R keras made a tensorflow::shape(); rlang's
# `%||%` and glue are written out. The deprecated KerasLayer (R6 layers run by R keras's Python
# RLayer) is not ported.

# Keras's base class `name` of the `keras` module rbridge runs on, looked up when the class is
# made in Python (new_py_class() keeps the call unevaluated: defining a class does not start
# Python).
keras_base_class <- function(name) {
  switch(name,
         Layer = keras$layers$Layer,
         Model = keras$Model,
         Callback = keras$callbacks$Callback,
         Metric = keras$metrics$Metric,
         Loss = keras$losses$Loss,
         stop("unknown Keras base class: ", name))
}

# The call R6 evaluates (in the class's parent environment) for the base class `name`: through
# rbridge's namespace, so the caller need not see it.
base_class_call <- function(name) {
  substitute(get("keras_base_class", envir = asNamespace(PKG))(NAME),
             list(PKG = environmentName(topenv()), NAME = name))
}

new_metric_class <-
function(classname, ..., initialize, update_state, result) {
  members <- capture_args(match.call(), ignore = "classname")
  new_py_class(classname, members,
               inherit_expr = base_class_call("Metric"),
               parent_env = parent.frame())
}

new_loss_class <-
function(classname, ..., call = NULL) {
  members <- capture_args(match.call(), ignore = "classname")
  members$call <- call
  new_py_class(classname, members,
               inherit_expr = base_class_call("Loss"),
               parent_env = parent.frame())
}

new_callback_class <-
function(classname,
         ...,
         on_epoch_begin = NULL,
         on_epoch_end = NULL,
         on_train_begin = NULL,
         on_train_end = NULL,
         on_batch_begin = NULL,
         on_batch_end = NULL,
         on_predict_batch_begin = NULL,
         on_predict_batch_end = NULL,
         on_predict_begin = NULL,
         on_predict_end = NULL,
         on_test_batch_begin = NULL,
         on_test_batch_end = NULL,
         on_test_begin = NULL,
         on_test_end = NULL,
         on_train_batch_begin = NULL,
         on_train_batch_end = NULL) {

  members <- capture_args(match.call(), ignore = "classname")
  members <- drop_nulls(members,
    names(which(vapply(formals(sys.function()), is.null, TRUE))))

  new_py_class(classname, members,
               inherit_expr = base_class_call("Callback"),
               parent_env = parent.frame())
}

new_model_class <-
function(classname, ...,
         initialize = NULL, call = NULL,
         train_step = NULL, predict_step = NULL, test_step = NULL,
         compute_loss = NULL, compute_metrics = NULL) {
  members <- capture_args(match.call(), ignore = "classname")
  members <- drop_nulls(members,
    names(which(vapply(formals(sys.function()), is.null, TRUE))))

  new_py_class(classname, members,
               inherit_expr = base_class_call("Model"),
               parent_env = parent.frame())
}

new_layer_class <-
function(classname, ...,
         initialize = NULL, build = NULL, call = NULL, get_config = NULL) {
  members <- capture_args(match.call(),  ignore = "classname")
  members <- drop_nulls(members,
    names(which(vapply(formals(sys.function()), is.null, TRUE))))

  type <- new_py_class(classname, members,
                       inherit_expr = base_class_call("Layer"),
                       parent_env = parent.frame())

  create_layer_wrapper(type)
}

# (Deprecated in R keras 2.15) A layer function from methods: an R6 class inheriting `inherit`.
Layer <-
function(classname, initialize, build = NULL, call = NULL,
         compute_output_shape = NULL, ...,
         inherit = keras_base_class("Layer")) {

  public <- capture_args(match.call(), ignore = c("classname", "inherit"))
  for (ignore_if_null in c("build", "call", "compute_output_shape"))
    public[[ignore_if_null]] <- public[[ignore_if_null]]

  inherit <- if (missing(inherit)) base_class_call("Layer") else substitute(inherit)
  parent_env <- parent.frame()

  # R6Class() calls substitute() on inherit;
  r_cls <- eval(as.call(list(
    quote(R6::R6Class),
    classname = classname,
    public = public,
    active = NULL,
    inherit = inherit,
    cloneable = FALSE,
    parent_env = parent_env
  )))

  create_layer_wrapper(r_cls)
}


# Python function formals as an R formals list (like base::formals()).
py_formals <- function(py_obj) {
  inspect <- reticulate::import("inspect")
  sig <- if (inspect$isclass(py_obj)) {
    inspect$signature(py_obj$`__init__`)
  } else
    inspect$signature(py_obj)

  args <- pairlist()
  it <- sig$parameters$items()$`__iter__`()
  repeat {
    x <- reticulate::iter_next(it)
    if (is.null(x))
      break

    name <- x[[1]]
    param <- x[[2]]

    if (param$kind == inspect$Parameter$VAR_KEYWORD ||
        param$kind == inspect$Parameter$VAR_POSITIONAL) {
      args[["..."]] <- quote(expr = )
      next
    }

    default <- param$default

    if (inherits(default, "python.builtin.object")) {
      if (default != inspect$Parameter$empty)
        # must be something complex that failed to convert
        warning(sprintf("Failed to convert default arg %s for %s", format(param), name))
      args[name] <- list(quote(expr = ))
      next
    }

    args[name] <- list(default) # default can be NULL
  }
  args
}

# A layer function (as layer_dense()) for a Layer class: an R6 class generator or a Python type
# inheriting keras$layers$Layer. Its arguments are `object` and those of the class's
# `initialize` (or `__init__`); `modifiers` are functions applied to the arguments given.
create_layer_wrapper <- function(Layer, modifiers = NULL, convert = TRUE) {

  force(Layer)
  modifiers <- utils::modifyList(
    list(
      # include helpers for standard layer args by default,
      # but leave an escape hatch allowing users to override/opt-out.
      input_shape = as_tf_shape,
      batch_input_shape = as_tf_shape,
      batch_size = as.integer
    ),
    as.list(modifiers)
  )

  wrapper <- function(object) {
    args <- capture_args(match.call(), modifiers, ignore = "object")
    create_layer(Layer, object, args)
  }

  formals(wrapper) <- local({

    if (inherits(Layer, "py_R6ClassGenerator"))
      Layer <- attr(Layer, "r6_class")

    if (inherits(Layer, "python.builtin.type")) {
      f <- py_formals(Layer)
    } else if (inherits(Layer, "R6ClassGenerator")) {
      m <- Layer$public_methods
      init <- m$initialize
      if (is.null(init)) init <- m$`__init__`
      if (is.null(init)) init <- function() {}
      f <- formals(init)
    } else
      stop('Unrecognized type passed `create_layer_wrapper()`.',
           ' class() must be an "R6ClassGenerator" or a "python.builtin.type"')
    f$self <- NULL
    c(formals(wrapper), f)
  })

  class(wrapper) <- c("keras_layer_wrapper", "function")
  attr(wrapper, "Layer") <- Layer

  # create_layer() will call r_to_py() as needed, but we create a promise here
  # to avoid creating the class constructor from scratch every time a class
  # instance is created.
  if (!inherits(Layer, "python.builtin.type"))
    delayedAssign("Layer", reticulate::r_to_py(attr(wrapper, "Layer", TRUE), convert))

  wrapper
}

r_to_py.keras_layer_wrapper <- function(x, convert = FALSE) {
  layer <- attr(x, "Layer", TRUE)
  if (!inherits(layer, "python.builtin.type"))
    layer <- reticulate::r_to_py(layer, convert)
  layer
}

# A shape argument for Keras: a tuple of integers, NA or NULL an unknown axis (R keras 2.15 made
# a tensorflow::shape(); Keras 3 wants a tuple).
as_tf_shape <- function(x) {
  if (is.null(x) || inherits(x, "python.builtin.object")) return(x)
  dims <- if (is.list(x)) x else as.list(x)
  reticulate::tuple(lapply(dims, function(d) {
    if (is.null(d) || (length(d) == 1L && is.na(d))) NULL else as.integer(d)
  }))
}

# Make a layer of `layer_class` (a Python class, an R6 class generator or a function) from `args`
# and, if `object` is given, compose it with `object` (a Sequential model gets it added, a
# tensor or layer is called with it).
create_layer <- function(layer_class, object, args = list()) {

  safe_to_drop_nulls <- c(
    "input_shape",
    "batch_input_shape",
    "batch_size",
    "dtype",
    "name",
    "trainable",
    "weights"
  )
  for (nm in safe_to_drop_nulls)
    args[[nm]] <- args[[nm]]

  # convert custom constraints
  constraint_args <- grepl("^.*_constraint$", names(args))
  constraint_args <- names(args)[constraint_args]
  for (arg in constraint_args)
    args[[arg]] <- as_constraint(args[[arg]])

  if (is_keras3()) args <- keras3_shape_args_as_input(if (missing(object)) NULL else object, args)

  if (inherits(layer_class, "R6ClassGenerator")) {
    if (identical(layer_class$get_inherit(), KerasLayer)) {
      # old-style custom class, inherits KerasLayer (R/rk-layer-custom.R)
      made <- compat_custom_KerasLayer_handler(layer_class, args)
      layer <- made[[1]]
      args <- made[[2]]
      layer_class <- function(...) layer
    } else {
      # new-style custom class, inherits anything else, typically keras$layers$Layer
      layer_class <- r_to_py.R6ClassGenerator(layer_class, convert = TRUE)
    }
  }

  # create layer from class
  layer <- do.call(layer_class, args)

  # compose if we have an x
  if (missing(object) || is.null(object))
    layer
  else
    invisible(compose_layer(object, layer))
}

# Keras 3's layers take neither `batch_size` nor `batch_input_shape` (Keras 2.15's did, for a
# model's first layer: stateful RNNs need the batch size), and warn on `input_shape`. What Keras
# 2.15 made of them for a new Sequential model's first layer, an input of that shape, is added
# to the model first, and the arguments dropped. Elsewhere `input_shape` stays on the layer (a
# Sequential model reads it when the layer is added); a batch size there is an error saying what
# to do instead.
keras3_shape_args_as_input <- function(object, args) {
  batch_given <- !is.null(args$batch_size) || !is.null(args$batch_input_shape)
  if (!batch_given && is.null(args$input_shape)) return(args)
  first_of_new_sequential <- !is.null(object) && inherits(object, "keras.src.models.sequential.Sequential") &&
    !length(object$layers)
  if (!first_of_new_sequential) {
    if (batch_given && (!is.null(args$batch_input_shape) || !is.null(args$input_shape))) {
      keras3_unsupported("A layer's `batch_size` or `batch_input_shape`, other than for a new Sequential model's first layer",
                         "Start the model with layer_input(batch_shape = ...) instead.", call = sys.call(-2))
    }
    args$batch_size <- NULL  # without a shape, Keras 2.15 did nothing with it either
    return(args)
  }
  batch_shape <- args$batch_input_shape
  if (is.null(batch_shape) && !is.null(args$input_shape)) {
    batch_shape <- reticulate::tuple(c(list(args$batch_size), as.list(reticulate::py_to_r(args$input_shape))))
  }
  args$batch_size <- args$batch_input_shape <- args$input_shape <- NULL
  if (!is.null(batch_shape)) object$add(keras$Input(batch_shape = batch_shape))
  args
}

# Compose a layer with a model or layer (R keras 2.15's S3 generic).
compose_layer <- function(object, layer, ...) {
  UseMethod("compose_layer")
}

compose_layer.default <- function(object, layer, ...) {
  layer(object, ...)
}

compose_layer.keras.models.Sequential <- function(object, layer, ...) {
  if (length(list(...)) > 0) warning("arguments passed via ellipsis will be ignored")

  object$add(layer)
  object
}

compose_layer.keras.engine.sequential.Sequential <- compose_layer.keras.models.Sequential
compose_layer.keras.src.engine.sequential.Sequential <- compose_layer.keras.models.Sequential
compose_layer.keras.src.models.sequential.Sequential <- compose_layer.keras.models.Sequential
