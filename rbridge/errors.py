"""rbridge's own error and warning types.

Every bad input is reported with the R argument's name, the value as an R user
would have typed it, and what is allowed, in the style of Keras's own
validation messages ("... Received: filters=0"), but before Keras is asked to
do anything.
"""

from __future__ import annotations

import re


class RBridgeError(Exception):
    """Base class of every error rbridge raises on purpose."""


class RArgumentError(RBridgeError, ValueError):
    """An R argument has a value that R keras 2.15 cannot use.

    ``argument`` is the R argument's name, ``received`` the value as R would
    print it (``"a"``, ``NA``, ``c(5, 3)``), ``allowed`` a short statement of
    what the argument takes.
    """

    def __init__(self, argument: str, received: str | None = None, allowed: str | None = None, hint: str = "",
                 *, notation: str = "R"):
        if received is None and allowed is None:
            # One argument: a whole message. Keras 2 re-raises an error from inside a model
            # call as type(error)(message with its context added); it stays rbridge's error,
            # naming the argument its message names.
            found = re.search(r"Invalid `([^`]+)`", argument)
            self.argument, self.received, self.allowed, self.hint = (found and found.group(1)), None, None, ""
            super().__init__(argument)
            return
        self.argument = argument
        self.received = received
        self.allowed = allowed
        self.hint = hint
        self.notation = notation
        # Keras's own style for Python callers ("Received: strides=(2, 2)"), R's for R callers.
        shown = f"{argument}={received}" if notation == "Python" else f"{argument} = {received}"
        message = f"Invalid `{argument}`: {allowed}. Received: {shown}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)

    def in_python_notation(self, value: object = None, *, given: bool = False) -> "RArgumentError":
        """The same error for a Python caller: the value as Python writes it (``value`` when
        ``given``, else the R text translated), None/True/False for NULL/TRUE/FALSE."""
        if self.allowed is None or self.notation == "Python":
            return self
        received = repr(value) if given else python_words(self.received or "")
        error = RArgumentError(self.argument, received, python_words(self.allowed), python_words(self.hint),
                               notation="Python")
        return error


_R_WORDS = [
    (re.compile(r"\bNULL\b"), "None"), (re.compile(r"\bTRUE\b"), "True"), (re.compile(r"\bFALSE\b"), "False"),
    (re.compile(r"\bNA(_integer_|_real_|_character_)?\b"), "NA"),
    (re.compile(r"\b(\d+)L\b"), r"\1"),
    (re.compile(r"\bc\(([^()]*)\)"), r"(\1)"),
    (re.compile(r"\blist\(\)"), "[]"),
]


def python_words(text: str) -> str:
    """R notation in a message, as a Python caller writes it (``c(3L, 3L)`` -> ``(3, 3)``)."""
    for pattern, replacement in _R_WORDS:
        text = pattern.sub(replacement, text)
    return text


class RMissingArgumentError(RBridgeError, TypeError):
    """A required R argument was not supplied (R: 'argument "x" is missing, with no default')."""

    def __init__(self, argument: str):
        self.argument = argument
        super().__init__(f'argument "{argument}" is missing, with no default')


class RUnknownArgumentError(RBridgeError, TypeError):
    """A call that R would refuse before running the function: an argument the function does
    not have (``filter = 4``: 'unused argument'), or too many positional arguments."""

    def __init__(self, function: str, argument: str | None, suggestion: str | None, detail: str = ""):
        self.function, self.argument, self.suggestion = function, argument, suggestion
        if argument is None:
            message = f"{function}(): {detail}"
        else:
            message = f"{function}() has no argument `{argument}`"
            if suggestion:
                message += f": did you mean `{suggestion}`?"
        super().__init__(message)


class RCoercionWarning(UserWarning):
    """An R coercion produced NA, as R's "NAs introduced by coercion" warning."""


class RBridgeWarning(UserWarning):
    """Where rbridge knowingly does what R keras 2.15 did not (and says why), e.g. a
    ``layer_conv_3d_transpose()`` dilation, which R keras 2.15 ignored without a word."""
