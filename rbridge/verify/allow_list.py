"""Case files are data, not code: R source in a case is checked against an allow-list, and
within limits, before R evaluates any of it.

A case's ``args``, ``input`` and ``set_weights`` are R source (so that they mean exactly
what an R user's values mean: ``4L``, ``NA``, ``list(NULL, 3)``). Cases are shared between
people, so by default verify evaluates only what cases need: literals, ``c()``, ``list()``,
``array()``/``matrix()``, ``seq_len()``, ``rep()``, arithmetic, the usual maths functions,
``as.integer()`` and friends, and the R keras helpers verify defines
(``initializer_constant()``, ``regularizer_l2()``, ...). The sandbox (:mod:`.sandbox`, a
separate R process) parses the source with R's own parser and walks the parse tree
iteratively; anything else (a function not on the list, a call of a call such as
``(f)(x)``, ``::``, ``$``, ``{``, ``<-``, a backtick-quoted name, a variable) is refused,
with an error naming the case, the field and the offence, before R evaluates anything.
So is source over the limits (:mod:`.limits`): too long, nested too deep, making too many
elements, too slow. ``verify --trust-cases`` skips all of this.
"""

from __future__ import annotations

import re

from ..errors import RBridgeError
from .limits import DEFAULT, Limits
from .sandbox import Sandbox, SandboxFailure

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


class UnsafeCaseError(RBridgeError):
    """A case's R source uses something the case evaluator does not allow, is over a limit,
    or R cannot parse or evaluate it. ``case``, ``field`` and ``reason`` say which and why."""

    def __init__(self, case: str, field: str, reason: str):
        self.case, self.field, self.reason = case, field, reason
        super().__init__(f'case "{case}" field "{field}": {reason}')


def helper_names() -> frozenset[str]:
    """The R keras helpers verify defines for cases (``initializer_constant``, ...)."""
    from .r_session import R_HELPERS

    return frozenset(re.findall(r"^\s*([A-Za-z][\w.]*)\s*<-\s*function", R_HELPERS, flags=re.M))


def allowed_functions() -> frozenset[str]:
    """Every function a case's R source may call."""
    return ALLOWED_FUNCTIONS | helper_names()


_sandboxes: dict[Limits, Sandbox] = {}


def sandbox(limits: Limits = DEFAULT) -> Sandbox:
    """The sandbox for ``limits`` (one R process per set of limits, started on first use),
    allowing this module's functions and symbols and R keras's helpers."""
    if limits not in _sandboxes:
        from .r_session import R_HELPERS

        _sandboxes[limits] = Sandbox(limits, sorted(allowed_functions()), sorted(ALLOWED_SYMBOLS), R_HELPERS)
    return _sandboxes[limits]


def _too_long(source: str, limits: Limits) -> str | None:
    if len(source) > limits.source_chars:
        return (f"{len(source):,} characters of R source, over the limit of {limits.source_chars:,} "
                f"(--max-source-chars)")
    return None


def why_refused(source: str, limits: Limits = DEFAULT) -> str | None:
    """None if ``source`` is allowed in a case file, else the reason (nothing is evaluated)."""
    if reason := _too_long(source, limits):
        return reason
    try:
        ((verdict, message),) = sandbox(limits).run("check", [source])
    except SandboxFailure as exc:
        return str(exc)
    return None if verdict == "OK" else message


def check(case: dict, fields: tuple[str, ...] = R_FIELDS, limits: Limits = DEFAULT,
          evaluate: bool = False) -> None:
    """Raise :class:`UnsafeCaseError` for the first R field of ``case`` that is not allowed
    (with ``evaluate``: or that the sandbox cannot evaluate within ``limits``). One request
    to the sandbox for all of the case's fields."""
    case_id = case.get("id", "?")
    present = []
    for field in fields:
        source = case.get(field)
        if source is None:
            continue
        if not isinstance(source, str):
            raise UnsafeCaseError(case_id, field, "must be R source as a JSON string or null")
        if reason := _too_long(source, limits):
            raise UnsafeCaseError(case_id, field, reason)
        present.append((field, source))
    if not present:
        return
    try:
        answers = sandbox(limits).run("eval" if evaluate else "check", [source for _, source in present])
    except SandboxFailure as exc:
        raise UnsafeCaseError(case_id, "/".join(field for field, _ in present), str(exc)) from None
    for (field, _), (verdict, message) in zip(present, answers):
        if verdict == "ERROR":
            raise UnsafeCaseError(case_id, field, f"R cannot evaluate it: {' '.join(message.split())}")
        if verdict != "OK":
            raise UnsafeCaseError(case_id, field, message)
