# Ported from R keras 2.15.0's R/py-classes.R (MIT licence, RStudio), with the two S3
# methods its R/package.R registers for `super` (active_extract2()).
#
# r_to_py() of an R6 class generator makes a Python class: its public fields and methods
# become the class's namespace, active bindings become Python properties, `initialize`
# becomes `__init__`, `inherit` (a Python type, an R6 class, or a list of them and keyword
# arguments for type()) its bases. `convert` is the conversion of the methods' arguments
# and results: convert = FALSE hands the methods Python objects (a dict argument can be
# modified in place), convert = TRUE R values. The class's `__module__` is "R6type" (its
# S3 class is "R6type.<classname>"), and `private` is an R environment per instance.
#
# Changes from R keras: glue::trim() (docstrings) is trim_docstring() here, rlang's `%||%`
# is written out. Where R keras is loaded, R keras's own r_to_py.R6ClassGenerator() makes the
# class (the exported `%py_class%`, `%<-active%` and mark_active() hand over through
# R/zz-r-keras-handover.R).

r_to_py.R6ClassGenerator <- function(x, convert = FALSE) {
  if (r_keras_loaded())
    return(utils::getFromNamespace("r_to_py.R6ClassGenerator", "keras")(x, convert))

  inherit <- resolve_py_type_inherits(x$get_inherit(), convert)

  mask_env <- new.env(parent = x$parent_env)
  # common-mask-env: `super`, `__class__`, classname

  # R6 by default includes this in public methods list, not applicable here.
  methods <- x$public_methods
  methods$clone <- NULL

  methods <- as_py_methods(methods, mask_env, convert, x$classname)
  active <- as_py_methods(x$active, mask_env, convert, x$classname)

  # having convert=FALSE here means py callables are not wrapped in R functions
  # https://github.com/rstudio/reticulate/issues/1024
  builtins <- reticulate::import_builtins(convert)

  py_property <- builtins$property
  active <- lapply(active, function(fn) reticulate::py_call(py_property, fn, fn))

  namespace <- c(x$public_fields, methods, active)

  # we need a __module__ because python-keras introspects to see if a layer is
  # subclassed by consulting layer.__module__
  # `__module__` is used to construct the S3 class() of py_class instances,
  # it needs to be stable (e.g, can't use format(x$parent_env))
  if (!"__module__" %in% names(namespace))
    namespace$`__module__` <- "R6type"

  new_exec_body <- reticulate::py_eval("lambda ns_entries: (lambda ns: ns.update(ns_entries))",
                                       convert = convert)
  exec_body <- reticulate::py_call(new_exec_body,
                                   reticulate::py_dict(names(namespace), unname(namespace), convert))

  py_class <- reticulate::py_call(reticulate::import("types", convert = convert)$new_class,
    name = x$classname,
    bases = inherit$bases,
    kwds = inherit$keywords,
    exec_body = exec_body
  )

  # https://github.com/rstudio/reticulate/issues/1024
  py_class <- reticulate::py_to_r(py_class)
  assign("convert", convert, as.environment(py_class))

  mask_env$`__class__` <- py_class
  mask_env[[x$classname]] <- py_class
  attr(mask_env, "get_private") <-
    new_get_private(r6_class = x, shared_mask_env = mask_env)

  eval(quote({
    super <- base::structure(
      function(type = get("__class__"),
               object = base::get("self", parent.frame())) {
        convert <- get("convert", envir = as.environment(object))
        bt <- reticulate::import_builtins(convert)
        reticulate::py_call(bt$super, type, object)
      },
      class = "python_class_super")
  }), mask_env)

  attr(py_class, "r6_class") <- x
  class(py_class) <- c("py_R6ClassGenerator", class(py_class))

  py_class
}

# One `private` environment per Python instance, keyed by py_id(), dropped when the
# instance is finalized.
new_get_private <- function(r6_class, shared_mask_env) {
  force(r6_class); force(shared_mask_env)

  privates <- list()

  new_instance_private <- function(self, key) {

    private <- new.env(parent = emptyenv())
    privates[[key]] <<- private

    reticulate::import("weakref")$finalize(
      self, finalize_instance_private, key)

    if (length(r6_class$private_fields))
      list2env(r6_class$private_fields, envir = private)

    if (length(r6_class$private_methods)) {
      instance_mask_env <- new.env(parent = shared_mask_env)
      instance_mask_env$self <- self
      instance_mask_env$private <- private

      for (nm in names(r6_class$private_methods)) {
        method <- r6_class$private_methods[[nm]]
        environment(method) <- instance_mask_env
        private[[nm]] <- method
      }
    }

    private
  }

  finalize_instance_private <- function(key) {
    privates[[key]] <<- NULL
  }

  function(self) {
    key <- reticulate::py_id(self)
    private <- .subset2(privates, key)
    if (is.null(private)) private <- new_instance_private(self, key)
    private
  }
}


resolve_py_type_inherits <- function(inherit, convert = FALSE) {

  # inherits can be
  # a) NULL %||% list()
  # b) a python.builtin.type or R6ClassGenerator
  # c) a list or tuple of python.builtin.types and/or R6ClassGenerators
  # d) a list, with keyword args meant to be passed to builtin.type()
  #
  # returns: list(tuple_of_'python.builtin.type's, r_named_list_of_kwds)
  # (both potentially of length 0)

  if (is.null(inherit) || identical(inherit, list()))
    return(list(bases = reticulate::tuple(), keywords = list()))

  bases <-
    if (inherits(inherit, "python.builtin.tuple")) as.list(inherit)
    else if (is.list(inherit)) inherit
    else list(inherit)

  # split out keyword args (e.g., metaclass=)
  keywords <- list()
  for (nm in names(bases)) {
    if (is.na(nm) || !nzchar(nm)) next
    keywords[[nm]] <- bases[[nm]]
    bases[[nm]] <- NULL
  }
  names(bases) <- NULL

  bases <- lapply(bases, function(cls) {
    if (inherits(cls, "R6ClassGenerator"))
      return(r_to_py.R6ClassGenerator(cls, convert))

    if (!inherits(cls, "python.builtin.object"))
      tryCatch(
        cls <- reticulate::r_to_py(cls),
        error = function(e)
          stop(e, "Supplied superclasses must be python objects, not: ",
               paste(class(cls), collapse = ", "))
      )

    if (inherits(cls, "python.builtin.type") && is.function(cls))
      force(environment(cls)$callable)

    cls
  })

  bases <- do.call(reticulate::tuple, bases)

  list(bases = bases, keywords = keywords)
}


as_py_methods <- function(x, env, convert, class_name) {
  out <- list()

  if ("initialize" %in% names(x) && "__init__" %in% names(x))
    stop("You should not specify both `__init__` and `initialize` methods.")

  if ("finalize" %in% names(x) && "__del__" %in% names(x))
    stop("You should not specify both `__del__` and `finalize` methods.")

  for (name in names(x)) {
    fn <- x[[name]]
    label <- sprintf("%s$%s", class_name, name)
    name <- switch(name,
                   initialize = "__init__",
                   finalize = "__del__",
                   name)
    out[[name]] <- as_py_method(fn, name, env, convert, label)
  }
  out
}

as_py_method <- function(fn, name, env, convert, label) {

  # if user did conversion, they're responsible for ensuring it is right.
  if (inherits(fn, "python.builtin.object")) {
    return(fn)
  }

  srcref <- attr(fn, "srcref")

  if (!is.function(fn))
    stop("Cannot coerce non-function to a python class method")

  environment(fn) <- env

  if (!identical(formals(fn)[1], alist(self =)))
    formals(fn) <- c(alist(self =), formals(fn))

  doc <- NULL
  if (is.call(body(fn)) &&
      body(fn)[[1]] == quote(`{`) &&
      length(body(fn)) > 1 &&
      typeof(body(fn)[[2]]) == "character") {
    doc <- trim_docstring(body(fn)[[2]])
    body(fn)[[2]] <- NULL
  }

  # __init__ must return NULL
  if (name == "__init__") {
    body(fn) <- substitute({
      body
      invisible(NULL)
    }, list(body = body(fn)))
  }

  if (!"private" %in% names(formals(fn)) &&
      "private" %in% all.names(body(fn))) {
    body(fn) <- substitute({
      private <- attr(env, "get_private", TRUE)(self)
      body
    }, list(body = body(fn), env = env))
  }

  # python tensorflow does quite a bit of introspection on user-supplied
  # functions e.g., as part of determining which of the optional arguments
  # should be passed to layer.call(,training=,mask=). Here, we try to make
  # user supplied R function present to python tensorflow introspection
  # tools as faithfully as possible, but with a silent fallback.
  py_sig <- tryCatch(r_formals_to_py__signature__(fn),
                     error = function(e) NULL)

  if (!is.null(py_sig) && "..." %in% names(formals(fn)))
    fn <- splice_r_dots_keywords(fn)

  attr(fn, "py_function_name") <- name
  attr(fn, "pillar") <- list(label = label) # for print method of rlang::trace_back()

  # https://github.com/rstudio/reticulate/issues/1024
  fn <- reticulate::py_to_r(reticulate::r_to_py(fn, convert))
  assign("convert", convert, as.environment(fn))

  if (!is.null(py_sig)) {
    method <- if (name %in% c("build", "quantize") && is_keras3()) tryCatch(py_def_with_signature(fn, py_sig, name, convert),
                                        error = function(e) NULL)
    if (is.null(method)) fn$`__signature__` <- py_sig else fn <- method
  }

  if (!is.null(doc))
    fn$`__doc__` <- doc

  attr(fn, "srcref") <- srcref

  fn
}

# (rbridge) On Keras 3 a build() (or quantize()) method is a Python function whose own parameters
# are the R function's (`py_sig`), not one that carries a `__signature__` attribute: Keras 3's
# Layer wraps these two methods with functools.wraps(), which copies the attribute, `self`
# included, from the bound method, and then refuses build(self, input_shape) ("all arguments
# should have a `_shape` suffix"). The function calls the R function with `self` and the
# arguments given: one left at its default is not passed, so that it is missing() in R as
# before; `*` and `**` arguments are passed on as such. (Other methods keep the attribute: a
# Python function's parameters without a default are required, and R methods may be called
# without theirs. Parameter names that are not Python identifiers: the attribute, as before.)
py_def_with_signature <- function(fn, py_sig, name, convert) {
  if (is.null(.state$py_def_with_signature)) {
    main <- reticulate::py_run_string(local = TRUE, convert = FALSE, "
def _rbridge_def_with_signature(fn, sig, name):
    import inspect
    P = inspect.Parameter
    head, pass_on, star, defaults = [], [], False, {}
    params = list(sig.parameters.values())
    for i, p in enumerate(params):
        if not p.name.isidentifier():
            raise ValueError(p.name)
        if p.kind == P.VAR_POSITIONAL:
            head.append('*' + p.name); star = True
            pass_on.append('_a.extend(' + p.name + ')')
        elif p.kind == P.VAR_KEYWORD:
            head.append('**' + p.name)
            pass_on.append('_k.update(' + p.name + ')')
        else:
            if p.kind == P.KEYWORD_ONLY and not star:
                head.append('*'); star = True
            if p.default is P.empty:
                head.append(p.name)
                pass_on.append('_a.append(' + p.name + ')' if i == 0 else '_k[' + repr(p.name) + '] = ' + p.name)
            else:
                defaults[p.name] = p.default
                head.append(p.name + '=_d[' + repr(p.name) + ']')
                pass_on.append('if ' + p.name + ' is not _d[' + repr(p.name) + ']: _k[' + repr(p.name) + '] = ' + p.name)
    src = ('def _r_method(' + ', '.join(head) + '):\\n    _a, _k = [], {}\\n' +
           ''.join('    ' + line + '\\n' for line in pass_on) + '    return _fn(*_a, **_k)\\n')
    ns = {'_fn': fn, '_d': defaults}
    exec(src, ns)
    method = ns['_r_method']
    method.__name__ = method.__qualname__ = name
    return method
")
    .state$py_def_with_signature <- main$`_rbridge_def_with_signature`
  }
  method <- reticulate::py_call(.state$py_def_with_signature, reticulate::r_to_py(fn), py_sig, name)
  method <- reticulate::py_to_r(method)
  assign("convert", convert, as.environment(method))
  method
}

# (rbridge) The signature above names an R method's `...` as Python's *_R_dots_positional_args
# and **_R_dots_keyword_args. Python code that binds a call to the signature and passes on the
# bound arguments by name (Keras 3's Layer builds a layer by
# compute_output_spec(self.call, **bound_arguments)) hands the method those two names as
# keywords: they are spliced back into the call here, as the positional and named arguments
# they stand for (R keras on Keras 2 never met them).
splice_r_dots_keywords <- function(fn) {
  force(fn)
  star_names <- c("_R_dots_positional_args", "_R_dots_keyword_args")
  function(...) {
    args <- list(...)
    at <- match(star_names, names(args))
    if (all(is.na(at))) return(fn(...))
    as_r_list <- function(x) {
      if (is.null(x)) return(list())
      if (inherits(x, "python.builtin.object")) x <- reticulate::py_to_r(x)
      as.list(x)
    }
    positional <- if (!is.na(at[[1L]])) as_r_list(args[[at[[1L]]]]) else list()
    keywords <- if (!is.na(at[[2L]])) as_r_list(args[[at[[2L]]]]) else list()
    args <- args[-at[!is.na(at)]]
    do.call(fn, c(args, positional, keywords))
  }
}

r_formals_to_py__signature__ <- function(fn) {
  inspect <- reticulate::import("inspect", convert = FALSE)
  params <- reticulate::py_eval("[]", convert = FALSE)
  Param <- inspect$Parameter

  frmls <- formals(fn)
  kind <- Param$POSITIONAL_OR_KEYWORD
  for (nm in names(frmls)) {
    if (nm == "...") {
      params$extend(list(
        Param("_R_dots_positional_args", Param$VAR_POSITIONAL),
        Param("_R_dots_keyword_args", Param$VAR_KEYWORD)
      ))
      kind <- Param$KEYWORD_ONLY
      next
    }

    if (identical(frmls[[nm]], quote(expr=))) {
      params$append(
        inspect$Parameter(nm, kind)
      )
      next
    }

    default <- reticulate::r_to_py(eval(frmls[[nm]], environment(fn)))
    params$append(
      inspect$Parameter(nm, kind, default = default)
    )
  }
  inspect$Signature(params)
}

# glue::trim() (glue 1.6.2, R keras 2.15's time), which R keras uses for docstrings: a string
# without a newline is left as is; otherwise blanks and a newline that open it are dropped, the
# least indentation of the lines after the first is taken off each of them, a backslash at a
# line's end joins the next line, and a blank last line is dropped.
trim_docstring <- function(x) {
  if (!grepl("\n", x, fixed = TRUE)) return(x)
  xx <- strsplit(x, "")[[1]]
  n <- length(xx)
  blank <- function(ch) ch == " " || ch == "\t"
  start <- 1L
  new_line <- FALSE
  while (start <= n && blank(xx[[start]])) start <- start + 1L
  if (start <= n && xx[[start]] == "\n") {
    new_line <- TRUE
    start <- start + 1L
  }
  i <- start
  if (!new_line) {  # the first line does not count for the indentation
    while (i <= n && xx[[i]] != "\n") i <- i + 1L
    new_line <- TRUE
  }
  indent <- 0L
  min_indent <- Inf
  while (i <= n) {
    if (xx[[i]] == "\n") {
      new_line <- TRUE
      indent <- 0L
    } else if (new_line) {
      if (blank(xx[[i]])) {
        indent <- indent + 1L
      } else {
        min_indent <- min(min_indent, indent)
        indent <- 0L
        new_line <- FALSE
      }
    }
    i <- i + 1L
  }
  # a last line of blanks counts (a newline at the end is not a line)
  if (xx[[n]] != "\n" && new_line) min_indent <- min(min_indent, indent)

  out <- character()
  new_line <- TRUE
  i <- start
  while (i <= n) {
    if (xx[[i]] == "\n") {
      new_line <- TRUE
    } else if (xx[[i]] == "\\" && i < n && xx[[i + 1L]] == "\n") {
      new_line <- TRUE
      i <- i + 2L
      next
    } else if (new_line) {
      skipped <- 0L
      while (i + skipped <= n && blank(xx[[i + skipped]])) skipped <- skipped + 1L
      if (i + skipped <= n && xx[[i + skipped]] == "\n" && skipped < min_indent) {
        # a line of blanks shorter than the indentation is kept as it is
        out <- c(out, xx[seq_len(skipped) + i - 1L])
        i <- i + skipped
      } else if (i - 1L + min_indent < n && blank(xx[[i]])) {
        i <- i + min_indent
      }
      new_line <- FALSE
      next
    }
    out <- c(out, xx[[i]])
    i <- i + 1L
  }
  # blanks after the last newline go, with that newline
  j <- length(out)
  while (j >= 2L && blank(out[[j]])) j <- j - 1L
  if (j >= 2L && out[[j]] == "\n") out <- out[seq_len(j - 1L)]
  paste(out, collapse = "")
}


# Make a python class constructor (R keras 2.15's `%py_class%`)
`%py_class%` <- function(spec, body) {
  spec <- substitute(spec)
  body <- substitute(body)
  parent_env <- parent.frame()

  inherit <- NULL
  convert <- TRUE
  delay_load <- !identical(topenv(parent_env), globalenv()) # likely in a package

  if (is.call(spec)) {
    classname <- as.character(spec[[1L]])

    # `convert` keyword argument is intercepted here
    if (!is.null(spec$convert)) {
      convert <- eval(spec$convert, parent_env)
      spec$convert <- NULL
    }

    # `delay_load` keyword argument is intercepted here
    if (!is.null(spec$delay_load)) {
      delay_load <- eval(spec$delay_load, parent_env)
      spec$delay_load <- NULL
    }

    # all other keyword args are passed on to __builtin__.type() (e.g, metaclass=)
    if (length(spec) <= 2) {
      spec <- spec[[length(spec)]]
    } else {
      spec[[1]] <- quote(base::list)
    }

    inherit <- spec # R6Class wants an expression for this

  } else {
    stopifnot(is.symbol(spec))
    classname <- as.character(spec)
  }

  env <- new.env(parent = parent_env)
  env$private <- new.env(parent = emptyenv())

  eval(body, env)

  if (!"__doc__" %in% names(env) &&
      body[[1]] == quote(`{`) &&
      typeof(body[[2]]) == "character")
    env$`__doc__` <- trim_docstring(body[[2]])

  private <- as.list.environment(env$private, all.names = TRUE)
  rm(list = "private", envir = env)

  public <- active <- list()
  for (nm in names(env)) {
    if (bindingIsActive(nm, env))
      active[[nm]] <- activeBindingFunction(nm, env)
    else if (is_marked_active(env[[nm]]))
      active[[nm]] <- env[[nm]]
    else
      public[[nm]] <- env[[nm]]
  }

  # R6Class() calls substitute() on inherit;
  r6_class <- eval(as.call(list(
    quote(R6::R6Class),
    classname = classname,
    public = public,
    private = private,
    active = active,
    inherit = inherit,
    cloneable = FALSE,
    parent_env = parent_env
  )))

  if (delay_load)
    py_class <- delayed_r_to_py_R6ClassGenerator(r6_class, convert)
  else
    py_class <- r_to_py.R6ClassGenerator(r6_class, convert)

  attr(py_class, "r6_class") <- r6_class

  assign(classname, py_class, envir = parent_env)
  invisible(py_class)
}

py_callable_as_function2 <- function(callable, convert) {
  force(callable)
  force(convert)

  function(...) {
    result <- reticulate::py_call(callable, ...)

    if (convert)
      result <- reticulate::py_to_r(result)

    if (is.null(result))
      invisible(result)
    else
      result
  }
}

# A class made in a package (`%py_class%` outside the global environment) is made in Python
# when first used, not when the package is built or loaded.
delayed_r_to_py_R6ClassGenerator <- function(r6_class, convert) {
  force(r6_class)
  force(convert)

  py_object <- new.env(parent = emptyenv())
  py_object$delayed <- TRUE
  attr(py_object, "class") <- c("py_R6ClassGenerator",
                                "python.builtin.type",
                                "python.builtin.object")
  attr(py_object, "r6_class") <- r6_class
  py_object_real <- NULL
  # keep a reference alive here, since this object
  # has the C finalizer registered
  force_py_object <- function(nm) {
    if (exists("delayed", envir = py_object, inherits = FALSE)) {
      py_object_real <<-
        attr(r_to_py.R6ClassGenerator(r6_class, convert), "py_object")
      list2env(as.list.environment(py_object_real, all.names = TRUE),
               py_object)
      rm(list = "delayed", envir = py_object)
    }

    if (missing(nm))
      py_object
    else
      get(nm, envir = py_object)
  }

  delayedAssign("pyobj", force_py_object("pyobj"), assign.env = py_object)
  delayedAssign("convert", force_py_object("convert"), assign.env = py_object)

  fn <- py_callable_as_function2(NULL, convert)
  attributes(fn) <- attributes(py_object)
  attr(fn, "py_object") <- py_object

  delayedAssign("callable", force_py_object(), assign.env = environment(fn))

  fn
}

print.py_R6ClassGenerator <- function(x, ...) {
  r6_class <- attr(x, "r6_class")
  if (isTRUE(get0("delayed", attr(x, "py_object"))))
    cat(sprintf("<R6type.%s> (delayed)\n", r6_class$classname))
  else
    NextMethod()

  print(r6_class)
}

# R6's `Class$new(...)` spelling: `$new` of the Python class is the class itself.
`$.py_R6ClassGenerator` <- function(x, name) {
  if (identical(name, "new"))
    return(x)
  NextMethod()
}

# `super$method(...)` in a method: Python's super() of the class and `self`, R6's
# initialize/finalize spelled as Python's __init__/__del__ (R keras's R/package.R
# registers this for `$` and `[[`).
python_class_super_extract <- function(x, name) {
  name <- switch(name,
                 "initialize" = "__init__",
                 "finalize" = "__del__",
                 name)
  cl <- substitute(x()$name, list(x = substitute(x), name = as.symbol(name)))
  eval.parent(cl)
}

# Make an active binding; in a `%py_class%` body it becomes a Python property.
`%<-active%` <- function(sym, value) {
  makeActiveBinding(substitute(sym), value, parent.frame())
  invisible(value)
}

maybe_delayed_r_to_py_R6ClassGenerator <-
  function(x, convert = FALSE,
           parent_env = parent.frame()) {
    if (identical(topenv(parent_env), globalenv()))
      # not in a package
      r_to_py.R6ClassGenerator(x, convert)
    else
      delayed_r_to_py_R6ClassGenerator(x, convert)
  }

new_py_class <-
  function(classname,
           members = list(),
           inherit = NULL,
           parent_env = parent.frame(),
           convert = TRUE,
           inherit_expr = substitute(inherit)) {

    force(inherit_expr)
    active <- NULL
    for (nm in names(members)) {
      if (is_marked_active(members[[nm]])) {
        active[[nm]] <- members[[nm]]
        members[[nm]] <- NULL
      }
    }
    # R6Class calls substitute() on inherit
    r6_class <- eval(as.call(list(
      quote(R6::R6Class),
      classname = classname,
      public = members,
      active = active,
      inherit = inherit_expr,
      cloneable = FALSE,
      parent_env = parent_env
    )))
    maybe_delayed_r_to_py_R6ClassGenerator(r6_class, convert, parent_env)
  }

mark_active <- function(x) {
  if (!is.function(x))
    stop("Only R functions can be marked active")
  attr(x, "marked_active") <- TRUE
  x
}

is_marked_active <- function(x)
  identical(attr(x, "marked_active", TRUE), TRUE)
