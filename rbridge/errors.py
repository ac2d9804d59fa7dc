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

    def __init__(self, argument: str, received: str | None = None, allowed: str | None = None, hint: str = ""):
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
        message = f"Invalid `{argument}`: {allowed}. Received: {argument} = {received}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


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
