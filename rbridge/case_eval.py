"""Case files are data, not code: R source in a case is checked against an allow-list
before R evaluates any of it.

A case's ``args``, ``input`` and ``set_weights`` are R source (so that they mean exactly
what an R user's values mean: ``4L``, ``NA``, ``list(NULL, 3)``). Cases are shared
between people, so by default verify evaluates only what cases need: literals, ``c()``,
``list()``, ``array()``/``matrix()``, ``seq_len()``, ``rep()``, arithmetic, the usual
maths functions, ``as.integer()`` and friends, and the R keras helpers verify defines
(``initializer_constant()``, ``regularizer_l2()``, ...). :func:`check` parses the
source with R's own parser and walks the parse tree in R (walking it from Python would
make rpy2 evaluate the language objects it hands to R); anything else (a function not
on the list, a call of a call such as ``(f)(x)``, ``::``, ``$``, ``{``, ``<-``, a
backtick-quoted name, a variable) is refused, with an error naming the case, the field
and the offence, before R evaluates anything. ``verify --trust-cases`` skips the check.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import RBridgeError

# The fields of a case that hold R source.
R_FIELDS = ("args", "input", "set_weights")

ALLOWED_FUNCTIONS = frozenset({
    # building values
    "c", "list", "array", "matrix", "seq_len", "seq", "seq_along", "rep", "rev", "numeric",
    "integer", "double", "character", "logical",
    "as.integer", "as.numeric", "as.double", "as.character", "as.logical",
    # arithmetic and grouping; `:` ranges
    "+", "-", "*", "/", "^", "%%", "%/%", ":", "(",
    # the usual maths
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "expm1", "log",
    "log1p", "log2", "log10", "sqrt", "abs", "round", "signif", "floor", "ceiling", "trunc",
    "sign", "sum", "prod", "cumsum", "cumprod", "min", "max", "mean", "length",
})

# Names a case may use as values (NULL, NA, TRUE, NA_integer_, ... are literals already).
ALLOWED_SYMBOLS = frozenset({"T", "F", "pi", "Inf", "NaN"})

# The walker, in R: parse (R's parser), then visit every node without evaluating any.
# Returns NULL when the source is allowed, else a one-element character vector saying why.
_R_CHECKER = r"""
function(src, functions, symbols) {
  exprs <- tryCatch(parse(text = src, keep.source = TRUE), error = function(e) e)
  if (inherits(exprs, "error")) {
    return(paste("R cannot parse it:", gsub("\\s+", " ", conditionMessage(exprs))))
  }
  if (length(exprs) != 1L) return("it must be one R expression")
  data <- utils::getParseData(exprs)
  quoted <- data$text[data$token %in% c("SYMBOL", "SYMBOL_FUNCTION_CALL", "SYMBOL_SUB") &
                        startsWith(data$text, "`")]
  if (length(quoted)) return(paste("backtick-quoted name", quoted[[1]], "is not allowed in a case file"))
  refuse <- NULL
  visit <- function(node) {
    if (!is.null(refuse)) return(invisible())
    if (is.call(node)) {
      head <- node[[1L]]
      if (!is.symbol(head)) {
        visit(head)  # names what it calls first: `::`, get(), function, ...
        if (is.null(refuse)) refuse <<- paste0("calling the result of ", paste(deparse(head), collapse = " "),
                          " is not allowed in a case file")
        return(invisible())
      }
      name <- as.character(head)
      if (!(name %in% functions)) {
        refuse <<- paste("function", name, "is not allowed in a case file")
        return(invisible())
      }
      if (length(node) > 1L) {
        for (i in 2:length(node)) {
          if (is.symbol(node[[i]]) && !nzchar(as.character(node[[i]]))) {
            refuse <<- paste0("an empty argument in ", name, "() is not allowed in a case file")
            return(invisible())
          }
          visit(node[[i]])
        }
      }
    } else if (is.symbol(node)) {
      if (!(as.character(node) %in% symbols)) {
        refuse <<- paste("variable", as.character(node), "is not allowed in a case file")
      }
    } else if (!(is.null(node) || is.atomic(node))) {
      refuse <<- paste("a value of type", typeof(node), "is not allowed in a case file")
    }
    invisible()
  }
  visit(exprs[[1L]])
  refuse
}
"""

_checker: list[Any] = []


class UnsafeCaseError(RBridgeError):
    """A case's R source uses something the case evaluator does not allow (or R cannot
    parse it). ``case``, ``field`` and ``reason`` say which and why."""

    def __init__(self, case: str, field: str, reason: str):
        self.case, self.field, self.reason = case, field, reason
        super().__init__(f'case "{case}" field "{field}": {reason}')


def helper_names() -> frozenset[str]:
    """The R keras helpers verify defines for cases (``initializer_constant``, ...)."""
    from .verify import R_HELPERS

    return frozenset(re.findall(r"^\s*([A-Za-z][\w.]*)\s*<-\s*function", R_HELPERS, flags=re.M))


def allowed_functions() -> frozenset[str]:
    """Every function a case's R source may call."""
    return ALLOWED_FUNCTIONS | helper_names()


def _r_checker() -> Any:
    if not _checker:
        from .rsession import ensure_rpy2

        ensure_rpy2()
        import rpy2.rinterface as ri

        # The checker is rbridge's own code, made once from a constant string.
        _checker.append(ri.baseenv["eval"](ri.parse(_R_CHECKER), ri.baseenv))
    return _checker[0]


def why_refused(source: str) -> str | None:
    """None if ``source`` is allowed in a case file, else the reason (nothing is evaluated)."""
    import rpy2.rinterface as ri

    from .rlock import locked

    with locked():
        verdict = _r_checker()(ri.StrSexpVector([source]),
                               ri.StrSexpVector(sorted(allowed_functions())),
                               ri.StrSexpVector(sorted(ALLOWED_SYMBOLS)))
        return None if verdict is ri.NULL else str(verdict[0])


def check(case: dict, fields: tuple[str, ...] = R_FIELDS) -> None:
    """Raise :class:`UnsafeCaseError` for the first R field of ``case`` that is not allowed."""
    for field in fields:
        source = case.get(field)
        if source is None:
            continue
        if not isinstance(source, str):
            raise UnsafeCaseError(case.get("id", "?"), field, "must be R source as a JSON string or null")
        reason = why_refused(source)
        if reason:
            raise UnsafeCaseError(case.get("id", "?"), field, reason)
