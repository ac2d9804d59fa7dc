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




@dataclass(frozen=True)
class LayerSpec:
    r_name: str  # layer_conv_2d
    keras_class: str  # Conv2D, the same name in Keras 2 and Keras 3
    kind: str  # the name of its kind of operation (rbridge/kinds/): spec.operation is the Kind
    rank: int  # spatial dimensions: 1, 2 or 3; 0 for a layer without spatial axes (Dense)
    arguments: tuple[RArgument, ...]
    # layer_depthwise_conv_1d() is made with R keras's capture_args(): only the arguments
    # the caller supplied reach Keras (Keras's defaults apply to the rest), and `...` takes
    # any other named argument for Keras.
    only_supplied: bool = False
    # Where R's `...` sits among the formals (an index into `arguments`); None: at the end
    # when `only_supplied`, else no `...`. layer_concatenate(inputs, ..., axis = -1): 1.
    dots_at: int | None = None
    # --- one function's quirks within its kind, read by the kind (rbridge/kinds/) ---------
    # padding = "causal" is taken when the layer is made and refused when it is built, as
    # R keras 2.15 does (a transposed convolution, a ConvLSTM cannot be causal).
    causal_refused_when_built: bool = False
    # Keras 3 refuses padding = "causal" at construction where R keras 2.15 took it: made
    # with "valid", the R value restored (and computed, or refused when built).
    keras3_refuses_causal: bool = False
    # Keras 2.15 takes dilation_rate and ignores it (Conv3DTranspose): rbridge applies it,
    # with a warning, and Keras 2's config and output shape are made to show it.
    ignores_dilation: bool = False
    # Keras 2.15 refuses unequal dilation rates along the axes (Conv2DTranspose).
    refuses_unequal_dilation: bool = False
    # Keras 2.15 refuses to crop an axis away entirely (Cropping1D/2D; its Cropping3D gives
    # an empty output).
    refuses_whole_axis_crop: bool = False
    # On a tensor with an unknown spatial size, Keras 2.15 (tf.image.resize on a size
    # computed from the input's shape) makes every spatial size of the output unknown, the
    # known ones too (UpSampling2D: (NULL, NULL, NULL, 1) from (NULL, NULL, 4, 1)).
    unknown_size_hides_known_sizes: bool = False
    # The Keras 3 class where Keras 3 lacks Keras 2.15's (ThresholdedReLU: ReLU with a
    # threshold); the kind maps the arguments (keras3_arguments) and the config back.
    keras3_class: str | None = None
    # Arguments R's `...` passes on with coercers of their own, beyond the standard seven
    # (layer_batch_normalization(): virtual_batch_size, fused, renorm ...; as capture_args()'s
    # modifiers convert them).
    dots_arguments: tuple = ()
    # Where R keras is loaded, its own function answers: the R wrapper hands the caller's
    # call over to R keras's (as keras_model_sequential() and the script functions do), so
    # attaching rbridge after library(keras) changes nothing R keras computes (R custom
    # constraints, model_from_json(), its models' call forms stay R keras's). The family's
    # twenty functions are the exception (False): rbridge's own layer is made, works inside
    # R keras's models, and is compared with R keras's own there
    # (tests/testthat/scripts/with-r-keras.R).
    r_keras_answers_when_loaded: bool = True
    title: str = ""
    docs: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def operation(self) -> Any:
        """This spec's kind of operation: the :class:`rbridge.kinds.base.Kind` registered
        under ``kind``."""
        from ..kinds import kind_of

        return kind_of(self.kind)

    @property
    def input_rank(self) -> int | None:
        """The input's number of axes, batch included (ConvLSTM2D has a time axis too); None
        where the kind takes any rank."""
        return self.operation.input_rank(self)

    @property
    def has_dots(self) -> bool:
        return self.only_supplied or self.dots_at is not None

    @property
    def dots_index(self) -> int | None:
        """Where R's ``...`` sits among the formals (None: no ``...``)."""
        if self.dots_at is not None:
            return self.dots_at
        return len(self.arguments) if self.only_supplied else None

    @property
    def first_argument(self) -> str:
        """``object``, or ``inputs`` for a merge layer (the kind says)."""
        return self.arguments[0].name

    @property
    def by_name(self) -> dict[str, RArgument]:
        return {a.name: a for a in self.arguments}

    def python_signature(self) -> inspect.Signature:
        """R's arguments in R's order with R's defaults (MISSING where R has none). R's ``...``:
        ``**dots`` (named arguments); where the kind takes unnamed ones as more inputs
        (merges), also ``*more_inputs`` in its place, the arguments after it keyword-only, as
        in R."""
        dots = self.dots_index
        positional = dots is not None and self.operation.dots_are_inputs
        params = []
        for i, a in enumerate(self.arguments):
            if positional and i == dots:
                params.append(inspect.Parameter("more_inputs", inspect.Parameter.VAR_POSITIONAL, annotation="Any"))
            kind = inspect.Parameter.KEYWORD_ONLY if positional and i >= dots else \
                inspect.Parameter.POSITIONAL_OR_KEYWORD
            params.append(inspect.Parameter(a.name, kind, default=a.py_default, annotation=a.annotation))
        if positional and dots == len(self.arguments):
            params.append(inspect.Parameter("more_inputs", inspect.Parameter.VAR_POSITIONAL, annotation="Any"))
        if self.has_dots:
            params.append(inspect.Parameter("dots", inspect.Parameter.VAR_KEYWORD, annotation="Any"))
        return inspect.Signature(params)

    def r_formals(self) -> list[tuple[str, str | None]]:
        """(name, R default source or None) in R's order, ``...`` included."""
        formals: list[tuple[str, str | None]] = [(a.name, a.r_default) for a in self.arguments]
        dots = self.dots_index
        if dots is not None:
            formals.insert(dots, ("...", None))
        return formals

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
