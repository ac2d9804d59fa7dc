"""The R signature of ``layer_conv_1d_transpose()`` as data: the one table.

Each row is one of R keras 2.15.0's 24 arguments, in R's order, with its R
default (as R source, for the R wrapper and the help page), the same default as
a Python value, its coercer, whether R keras drops it when NULL, and its help
text from R keras's documentation. The Python function's signature and
docstring, the R wrapper (``tools/generate_r.py``), the R help page and the
tests are all made from or checked against :data:`ARGUMENTS`.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from . import coercers
from .coercers import Coercer


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


@dataclass(frozen=True)
class RArgument:
    name: str
    r_default: str | None  # R source of the default; None: no default (must be supplied)
    py_default: Any
    coercer: Coercer | None  # None: handled by dispatch (``object``)
    drop_if_null: bool  # R keras leaves the argument out of the Keras call when NULL
    annotation: str
    doc: str

    @property
    def required(self) -> bool:
        return self.r_default is None


def _arg(name, r_default, py_default, coercer, annotation, doc, drop_if_null=False) -> RArgument:
    return RArgument(name, r_default, py_default, coercer, drop_if_null, annotation, doc)


_KERAS_OBJ = "str | dict | Callable | None"

ARGUMENTS: tuple[RArgument, ...] = (
    _arg("object", None, MISSING, None, "Any",
         "What to compose the new Layer instance with. Typically a Sequential model or a Tensor "
         "(e.g., as returned by layer_input()). The return value depends on object. If object is: "
         "missing or NULL, the Layer instance is returned; a Sequential model, the model with an "
         "additional layer is returned; a Tensor, the output tensor from layer_instance(object) is "
         "returned; an array, the layer is applied eagerly and its output tensor is returned."),
    _arg("filters", None, MISSING, coercers.positive_integer, "int",
         "Integer, the dimensionality of the output space (i.e. the number of output filters in "
         "the convolution)."),
    _arg("kernel_size", None, MISSING, coercers.positive_integer_tuple, "int | Sequence[int]",
         "An integer or list of a single integer, specifying the length of the 1D convolution window."),
    _arg("strides", "1", 1, coercers.positive_integer_tuple, "int | Sequence[int]",
         "An integer or list of a single integer, specifying the stride length of the convolution. "
         "Specifying any stride value != 1 is incompatible with specifying any dilation_rate value != 1."),
    _arg("padding", '"valid"', "valid", coercers.padding, "str",
         'one of "valid" or "same" (case-insensitive).'),
    _arg("output_padding", "NULL", None, coercers.nullable_output_padding, "int | None",
         "An integer specifying the amount of padding along the time dimension of the output "
         "tensor. The amount of output padding must be lower than the stride. If set to NULL "
         "(default), the output shape is inferred."),
    _arg("data_format", "NULL", None, coercers.data_format, "str | None",
         'A string, one of "channels_last" (default) or "channels_first". The ordering of the '
         'dimensions in the inputs. "channels_last" corresponds to inputs with shape (batch, '
         'length, channels) while "channels_first" corresponds to inputs with shape (batch, '
         "channels, length)."),
    _arg("dilation_rate", "1", 1, coercers.positive_integer_tuple, "int | Sequence[int]",
         "an integer or list of a single integer, specifying the dilation rate to use for dilated "
         "convolution. Currently, specifying any dilation_rate value != 1 is incompatible with "
         "specifying any strides value != 1."),
    _arg("activation", "NULL", None, coercers.keras_object, _KERAS_OBJ,
         "Activation function to use. If you don't specify anything, no activation is applied "
         '(ie. "linear" activation: a(x) = x).'),
    _arg("use_bias", "TRUE", True, coercers.logical, "bool",
         "Boolean, whether the layer uses a bias vector."),
    _arg("kernel_initializer", '"glorot_uniform"', "glorot_uniform", coercers.keras_object, _KERAS_OBJ,
         "Initializer for the kernel weights matrix."),
    _arg("bias_initializer", '"zeros"', "zeros", coercers.keras_object, _KERAS_OBJ,
         "Initializer for the bias vector."),
    _arg("kernel_regularizer", "NULL", None, coercers.keras_object, _KERAS_OBJ,
         "Regularizer function applied to the kernel weights matrix."),
    _arg("bias_regularizer", "NULL", None, coercers.keras_object, _KERAS_OBJ,
         "Regularizer function applied to the bias vector."),
    _arg("activity_regularizer", "NULL", None, coercers.keras_object, _KERAS_OBJ,
         'Regularizer function applied to the output of the layer (its "activation").'),
    _arg("kernel_constraint", "NULL", None, coercers.keras_object, _KERAS_OBJ,
         "Constraint function applied to the kernel matrix."),
    _arg("bias_constraint", "NULL", None, coercers.keras_object, _KERAS_OBJ,
         "Constraint function applied to the bias vector."),
    _arg("input_shape", "NULL", None, coercers.shape, "Sequence[int | None] | None",
         "Dimensionality of the input (integer) not including the samples axis. This argument is "
         "required when using this layer as the first layer in a model.", drop_if_null=True),
    _arg("batch_input_shape", "NULL", None, coercers.shape, "Sequence[int | None] | None",
         "Shapes, including the batch size. For instance, batch_input_shape=c(10, 32) indicates "
         "that the expected input will be batches of 10 32-dimensional vectors. "
         "batch_input_shape=list(NULL, 32) indicates batches of an arbitrary number of "
         "32-dimensional vectors.", drop_if_null=True),
    _arg("batch_size", "NULL", None, coercers.nullable_positive_integer, "int | None",
         "Fixed batch size for layer", drop_if_null=True),
    _arg("dtype", "NULL", None, coercers.string_or_null, "str | None",
         "The data type expected by the input, as a string (float32, float64, int32...)",
         drop_if_null=True),
    _arg("name", "NULL", None, coercers.string_or_null, "str | None",
         "An optional name string for the layer. Should be unique in a model (do not reuse the "
         "same name twice). It will be autogenerated if it isn't provided.", drop_if_null=True),
    _arg("trainable", "NULL", None, coercers.nullable_logical, "bool | None",
         "Whether the layer weights will be updated during training.", drop_if_null=True),
    _arg("weights", "NULL", None, coercers.weights, "Sequence[Any] | None",
         "Initial weights for layer.", drop_if_null=True),
)

ARGUMENTS_BY_NAME: dict[str, RArgument] = {a.name: a for a in ARGUMENTS}


def python_signature() -> inspect.Signature:
    """The Python signature: R's 24 arguments, R's order, R's defaults (MISSING where R has none)."""
    return inspect.Signature([
        inspect.Parameter(a.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=a.py_default,
                          annotation=a.annotation)
        for a in ARGUMENTS
    ])


def r_usage() -> str:
    """The R usage line, as R keras's help page prints it."""
    formals = [a.name if a.required else f"{a.name} = {a.r_default}" for a in ARGUMENTS]
    return "layer_conv_1d_transpose(\n  " + ",\n  ".join(formals) + "\n)"


def docstring(summary: str) -> str:
    """A NumPy-style docstring made from the table."""
    lines = [summary, "", "R usage::", ""]
    lines += ["    " + line for line in r_usage().splitlines()]
    lines += ["", "Parameters", "----------"]
    for a in ARGUMENTS:
        default = "required" if a.required else f"R default ``{a.r_default}``"
        lines.append(f"{a.name} : {a.annotation}, {default}")
        lines.append(f"    {a.doc}")
    return "\n".join(lines)
