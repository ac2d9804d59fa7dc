"""R keras 2.15's ``RConstraint`` (its ``inst/python/kerastools/constraint.py``, MIT licence,
RStudio): a Keras constraint that calls an R function, for a layer's ``*_constraint``
argument given as an R function or an R6 ``KerasConstraint`` (R/rk-constraints.R's
``as_constraint()``), on Keras 3 (``keras.constraints.Constraint``) or Keras 2.15
(``tf.keras.constraints.Constraint``, which is Keras 2.15's own)."""

from __future__ import annotations

import functools
from typing import Any, Callable

from .engine import get_engine


@functools.lru_cache(maxsize=1)
def _constraint_class() -> type:
    """``RConstraint``, made once on the engine's Keras's ``Constraint``."""
    base: Any = get_engine().keras.constraints.Constraint

    class RConstraint(base):
        """Constrains a weight with ``r_call(w)`` (R code, run through reticulate when Keras
        applies the constraint, i.e. when the training step is traced); ``get_config()``
        is ``r_get_config()``."""

        def __init__(self, r_call: Callable[[Any], Any], r_get_config: Callable[[], Any]):
            self.r_call = r_call
            self.r_get_config = r_get_config

        def __call__(self, w: Any) -> Any:
            return self.r_call(w)

        def get_config(self) -> Any:
            return self.r_get_config()

    RConstraint.__module__ = __name__
    RConstraint.__qualname__ = "RConstraint"
    return RConstraint


def RConstraint(r_call: Callable[[Any], Any], r_get_config: Callable[[], Any]) -> Any:  # noqa: N802
    """A Keras ``Constraint`` calling the R function ``r_call`` (R keras 2.15's
    ``kerastools.constraint.RConstraint(r_call, r_get_config)``)."""
    return _constraint_class()(r_call, r_get_config)
