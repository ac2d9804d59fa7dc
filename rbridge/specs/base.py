"""What a spec is: one R function of the family as data.

A :class:`LayerSpec` holds an R keras 2.15 layer function's arguments in R's order
(:class:`RArgument`: name, R default as R source and as a Python value, coercer,
whether R keras drops it when NULL, the Python annotation) and what rbridge needs to
build and check it (the Keras class, the kind of operation, the rank). The Python
function, its docstring and type stub, the R wrapper, the R help page, the NAMESPACE
export and the tests are all made from or checked against the specs.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field, replace
from typing import Any

from ..coercers import Coercer


class _Missing:
    """The default of an R argument that has none (``object``, ``filters``, ``kernel_size``)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self):
        return (_Missing, ())


MISSING: Any = _Missing()

# What a Keras-object argument names, for the engines' look-ups ("relu", "glorot_uniform").
ACTIVATION, INITIALIZER, REGULARIZER, CONSTRAINT = "activation", "initializer", "regularizer", "constraint"


@dataclass(frozen=True)
class RArgument:
    name: str
    r_default: str | None  # R source of the default; None: no default (must be supplied)
    py_default: Any
    coercer: Coercer | None  # None: handled by dispatch (``object``)
    drop_if_null: bool = False  # R keras leaves the argument out of the Keras call when NULL
    annotation: str = "Any"
    keras_kind: str | None = None  # an activation/initializer/regularizer/constraint name
    doc: str = ""  # plain text (from R keras's help page), filled in by the spec's module

    @property
    def required(self) -> bool:
        return self.r_default is None


# The kinds of operation: one Keras base class each, one checker and one call each.
KINDS = ("conv", "conv_transpose", "separable", "depthwise", "conv_lstm", "upsampling", "zero_padding",
         "cropping")


@dataclass(frozen=True)
class LayerSpec:
    r_name: str  # layer_conv_2d
    keras_class: str  # Conv2D, the same name in Keras 2 and Keras 3
    kind: str  # one of KINDS
    rank: int  # spatial dimensions: 1, 2 or 3
    arguments: tuple[RArgument, ...]
    # layer_depthwise_conv_1d() is made with R keras's capture_args(): only the arguments
    # the caller supplied reach Keras (Keras's defaults apply to the rest), and `...` takes
    # any other named argument for Keras.
    only_supplied: bool = False
    title: str = ""
    docs: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def input_rank(self) -> int:
        """The input's number of axes, batch included (ConvLSTM2D has a time axis too)."""
        return self.rank + (3 if self.kind == "conv_lstm" else 2)

    @property
    def has_dots(self) -> bool:
        return self.only_supplied

    @property
    def by_name(self) -> dict[str, RArgument]:
        return {a.name: a for a in self.arguments}

    def python_signature(self) -> inspect.Signature:
        """R's arguments in R's order with R's defaults (MISSING where R has none); R's
        ``...`` as ``**dots``."""
        params = [inspect.Parameter(a.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=a.py_default,
                                    annotation=a.annotation) for a in self.arguments]
        if self.has_dots:
            params.append(inspect.Parameter("dots", inspect.Parameter.VAR_KEYWORD, annotation="Any"))
        return inspect.Signature(params)

    def r_formals(self) -> list[tuple[str, str | None]]:
        """(name, R default source or None) in R's order, ``...`` included."""
        formals = [(a.name, a.r_default) for a in self.arguments]
        return formals + [("...", None)] if self.has_dots else formals

    def r_usage(self) -> str:
        """The R usage, as R keras's help page prints it."""
        formals = [name if default is None else f"{name} = {default}" for name, default in self.r_formals()]
        return f"{self.r_name}(\n  " + ",\n  ".join(formals) + "\n)"

    def with_docs(self, docs: dict) -> "LayerSpec":
        """The spec with R keras's help text: the title and each argument's description."""
        arguments = docs.get("arguments", {})
        return replace(
            self, title=docs.get("title", self.title), docs=docs,
            arguments=tuple(replace(a, doc=arguments.get(a.name, a.doc)) for a in self.arguments),
        )
