"""The bad-input matrix: for each R argument, the values worth trying, as R source, and
what rbridge must do with them: "ok" (R keras accepts it too) or "error" (rbridge's
RArgumentError naming that argument, raised before any layer is made).

Used by test_bad_inputs.py and by tools/bad_input_table.py (docs/bad-inputs.md).
"""

from __future__ import annotations

# Values that no argument of this layer takes.
ALWAYS_BAD = ["function(x) x", "new.env()", "list(list(2))"]

INTEGER_BAD = ["NA", "NA_integer_", "NA_real_", "NaN", "Inf", "-Inf", "-1", "3e9", "'a'", "''",
               "integer(0)", "c(2, 3)", "list(2, 3)", "array(1:6, c(1, 2, 3))", "NULL"] + ALWAYS_BAD
INTEGER_OK = ["2", "2L", "2.7", "'3'", "TRUE", "list(2)", "array(2)"]

MATRIX: dict[str, dict[str, list[str]]] = {
    "object": {
        "error": ["'model'", "1", "matrix(1, 2, 3)", "array(1, c(2, 3, 4, 5))", "array('a', c(1, 5, 3))",
                  "function(x) x", "new.env()", "list()", "TRUE"],
        "ok": ["NULL", "array(0, c(1, 5, 3))", "array(1L, c(2, 4, 3))"],
    },
    "filters": {"error": INTEGER_BAD + ["0"], "ok": INTEGER_OK},
    "kernel_size": {"error": INTEGER_BAD + ["0"], "ok": INTEGER_OK},
    "strides": {"error": INTEGER_BAD + ["0"], "ok": INTEGER_OK},
    "dilation_rate": {"error": INTEGER_BAD + ["0"], "ok": INTEGER_OK},
    "output_padding": {  # with strides = 3: 0, 1 and 2 are valid
        "error": [v for v in INTEGER_BAD if v != "NULL"] + ["3"],
        "ok": ["NULL", "0", "2L", "2.7", "'1'", "TRUE", "list(1)"],
    },
    "padding": {
        "error": ["NA_character_", "NA", "'bogus'", "''", "c('same', 'valid')", "character(0)", "1", "NULL",
                  "'causal'"]
                 + ALWAYS_BAD,
        "ok": ["'valid'", "'same'", "'SAME'", "'Valid'", "list('same')"],
    },
    "data_format": {
        "error": ["NA_character_", "'bogus'", "''", "1", "c('channels_last', 'channels_first')"] + ALWAYS_BAD,
        "ok": ["NULL", "'channels_last'", "'channels_first'", "'CHANNELS_LAST'"],
    },
    "activation": {
        "error": ["'nope'", "NA", "NA_character_", "1", "TRUE", "c('relu', 'tanh')", "list(1)",
                  "list(config = list())"] + ALWAYS_BAD,
        "ok": ["NULL", "'relu'", "'linear'", "'tanh'"],
    },
    "use_bias": {
        "error": ["NA", "'yes'", "c(TRUE, FALSE)", "logical(0)", "NULL"] + ALWAYS_BAD,
        "ok": ["TRUE", "FALSE", "0", "1L", "list(TRUE)"],
    },
    "kernel_initializer": {
        "error": ["'nope'", "NA", "1", "list(class_name = 'NoSuchInitializer', config = list())"] + ALWAYS_BAD,
        "ok": ["NULL", "'glorot_uniform'", "'ones'", "list(class_name = 'Constant', config = list(value = 2))"],
    },
    "bias_initializer": {
        "error": ["'nope'", "NA", "1"] + ALWAYS_BAD,
        "ok": ["NULL", "'zeros'", "'ones'"],
    },
    "kernel_regularizer": {
        "error": ["'nope'", "NA", "0.01"] + ALWAYS_BAD,
        "ok": ["NULL", "'l2'", "list(class_name = 'L1', config = list(l1 = 0.01))"],
    },
    "bias_regularizer": {"error": ["'nope'", "NA"] + ALWAYS_BAD, "ok": ["NULL", "'l1'"]},
    "activity_regularizer": {"error": ["'nope'", "NA"] + ALWAYS_BAD, "ok": ["NULL", "'l2'"]},
    "kernel_constraint": {
        "error": ["'nope'", "NA", "2"] + ALWAYS_BAD,
        "ok": ["NULL", "'non_neg'", "list(class_name = 'NonNeg', config = list())"],
    },
    "bias_constraint": {"error": ["'nope'", "NA"] + ALWAYS_BAD, "ok": ["NULL", "'max_norm'"]},
    "input_shape": {
        "error": ["c(0, 3)", "c(-1, 3)", "c(Inf, 3)", "c(3e9, 3)", "c('a', '3')", "integer(0)", "list()",
                  "list(list(1), 3)"] + ALWAYS_BAD[:2],
        "ok": ["NULL", "c(128, 3)", "c(128L, 3L)", "list(NULL, 3)", "c(NA, 3)", "c(NaN, 3)", "c(5.9, 3)",
               "list(5, 3)"],
    },
    "batch_input_shape": {
        "error": ["c(0, 5, 3)", "c(2, -5, 3)", "c(Inf, 5, 3)", "integer(0)", "list(list(1), 5, 3)"]
                 + ALWAYS_BAD[:2],
        "ok": ["NULL", "c(10, 5, 3)", "list(NULL, 5, 3)", "c(NA, NA, 3)"],
    },
    "batch_size": {"error": [v for v in INTEGER_BAD if v != "NULL"] + ["0"], "ok": ["NULL"] + INTEGER_OK},
    "dtype": {
        "error": ["'float77'", "NA_character_", "1", "''", "c('float32', 'float64')"] + ALWAYS_BAD,
        "ok": ["NULL", "'float32'", "'float64'"],
    },
    "name": {
        "error": ["NA_character_", "1", "''", "c('a', 'b')", "character(0)"] + ALWAYS_BAD,
        "ok": ["NULL", "'upsample'"],
    },
    "trainable": {
        "error": ["NA", "'yes'", "c(TRUE, FALSE)", "logical(0)"] + ALWAYS_BAD,
        "ok": ["NULL", "TRUE", "FALSE"],
    },
    "weights": {  # for filters = 2, kernel_size = 3 on 3 channels: kernel c(3, 2, 3), bias 2
        "error": ["list(1:3)", "'a'", "list('a')", "list(array('a', c(3, 2, 3)), array('b', 2))", "list()",
                  "list(array(0, c(3, 2, 4)), array(0, 2))", "list(array(0, c(3, 2, 3)))", "NA"]
                 + ALWAYS_BAD[:2],
        "ok": ["NULL", "list(array(0, c(3, 2, 3)), array(0, 2))"],
    },
}

# The other arguments of each call: valid, so that only the argument under test is wrong.
BASE_ARGS = "list(filters = 2, kernel_size = 3)"
EXTRA_ARGS = {"output_padding": "strides = 3", "dilation_rate": "strides = 1"}
# The object each argument is tried with (an array: the whole path, to the output).
OBJECT = "array(0, c(1, 5, 3))"
OBJECT_FOR = {"input_shape": None, "batch_input_shape": None, "batch_size": None, "object": "<under test>"}

# Refused only once the input is known (as R keras refuses them when the layer is called):
# the layer exists by then, but nothing is built and no model is changed.
CHECKED_WITH_INPUT = {"object", "weights", ("padding", "'causal'")}


# =============================================================================================
# The family: bad values for every argument of every function, generated from the specs (each
# argument's coercer and its settings: rank, minimum, nullable, causal), so that a new layer
# or a new argument is covered without a line here. A coercer this does not know is an error
# (a new kind of argument needs its bad values written down).

import inspect  # noqa: E402
from typing import Any  # noqa: E402

from rbridge.specs import SPECS, LayerSpec, RArgument  # noqa: E402

DOTS = "..."  # R's `...`: an argument no function has (RUnknownArgumentError), or, for
# layer_depthwise_conv_1d(), the standard layer arguments it passes on to Keras.
FUNCTION_R = "function(x) x"  # an R closure: no argument of any function takes one


def coercer_kind(argument: RArgument) -> tuple[str, dict[str, Any]]:
    """The coercer's name (``integer_tuple``, ``scale``, ...) and its settings."""
    coercer = argument.coercer
    if coercer is None:
        return "object", {}
    name = coercer.__qualname__.split(".<locals>")[0]
    settings = {k: v for k, v in inspect.getclosurevars(coercer).nonlocals.items() if not callable(v)}
    return name, settings


# R's as.integer() of a list holding a list is NA (list(list(2))), and of a list holding a
# vector of two an error ("'list' object cannot be coerced to type 'integer'"): R keras
# refuses both wherever it reads an argument with as.integer().
AS_INTEGER_BAD = ["list(list(2))", "list(c(2, 2))"]


def _integer_values(minimum: int, nullable: bool, rank: int, as_integer: bool = True) -> list[str]:
    values = ["0"] if minimum >= 1 else ["5"]  # output_padding = 5: not lower than strides = 1
    values += ["-1", "NA", "'a'", "2.5e10", "list()", "c(1, 2, 3, 4)"]
    if rank == 1:
        values.append("c(1, 2)")
    if as_integer:
        values += AS_INTEGER_BAD
    if not nullable:
        values.append("NULL")
    return values + [FUNCTION_R]


def _object_values(spec: LayerSpec) -> list[str]:
    # A kind that takes any input rank (Flatten: spec.input_rank is None) has no wrong one.
    wrong = "array(0, c(2, 3, 4))" if spec.input_rank == 2 else "array(0, c(2, 3))"  # RepeatVector: rank 2
    wrong_rank = [wrong] if spec.input_rank is not None else []
    return ["'a'", *wrong_rank, "TRUE", f"array('a', {object_dims(spec)})", "list()", FUNCTION_R]


def _weights_values(spec: LayerSpec) -> list[str]:
    return ["list(array(0, c(9, 9, 9)))", "list(array(0, c(9, 9, 9)), array(0, 2))", "'a'", "list(1:3)",
            "list(array('a', c(3, 3)))", FUNCTION_R]


def bad_values(spec: LayerSpec, argument: RArgument) -> list[str]:
    """Every bad value tried for ``argument`` of ``spec``, as R source, most telling first."""
    kind, s = coercer_kind(argument)
    if kind == "object":
        return _object_values(spec)
    if kind == "positive_integer":
        return _integer_values(1, False, 1)
    if kind == "nullable_positive_integer":
        return _integer_values(1, True, 1)
    if kind == "integer_tuple":
        return _integer_values(s["minimum"], s["nullable"], s["rank"], as_integer=not s["list_is_tuple"])
    if kind == "padding_mode":
        return ["'foo'", "NA", "1", "c('same', 'valid')", "NULL", "character(0)"] \
            + ([] if s["causal"] else ["'causal'"]) + [FUNCTION_R]
    if kind == "data_format":
        return ["'foo'", "NA_character_", "1", "c('channels_last', 'channels_first')", FUNCTION_R]
    if kind == "choice":  # interpolation
        return ["'cubic'", "'foo'", "NA", "1", "NULL", FUNCTION_R]
    if kind == "shape":
        return ["c(-1, 3)", "'a'", "c(0, 3)", "list(list(1), 3)", "integer(0)", FUNCTION_R]
    if kind == "keras_object":
        return ["'no_such_name'", "3", "TRUE", "NA", "list(foo = 1)", "c('relu', 'tanh')", FUNCTION_R]
    if kind == "logical":
        return ["NA", "'yes'", "c(TRUE, FALSE)", "NULL", "logical(0)", FUNCTION_R]
    if kind == "nullable_logical":
        return ["NA", "'yes'", "c(TRUE, FALSE)", "logical(0)", FUNCTION_R]
    if kind == "string_or_null":
        return (["'float77'"] if argument.name == "dtype" else []) \
            + ["1", "''", "c('a', 'b')", "NA_character_", FUNCTION_R]
    if kind == "weights":
        return _weights_values(spec)
    if kind == "any_integer":
        # R keras makes the layer with any integer (NA and 0 included) and fails when it runs:
        # refused when built (test_family.py); here, what as.integer() itself refuses.
        return ["NULL", "c(2, 3)", "list()", "list(list(2))", FUNCTION_R]
    if kind == "truthy":  # ConvLSTM2D's flags: R keras passes them on and Keras tests their truth
        return ["NA", "NULL", "c(TRUE, FALSE)", "logical(0)", FUNCTION_R]
    if kind == "fraction":  # dropout, recurrent_dropout
        return ["'a'", "NA", "NULL", "c(0.1, 0.2)", "list()", FUNCTION_R]
    if kind == "scale":  # 2-D/3-D padding and cropping amounts (normalize_padding/cropping)
        # Negative amounts make a layer in R keras 2.15 (padding fails when it runs, cropping
        # slices); cropping a whole axis away fails in Cropping2D, not in Cropping3D (recorded).
        return ["list(1, c(2, 3))", "'1'", "TRUE", "NA", "NULL", "c(1, 2, 3, 4)", "list(c(1, 2, 3))"] \
            + (["-1"] if s.get("minimum") is not None else []) \
            + (["100"] if spec.kind == "cropping" and spec.rank < 3 else []) + [FUNCTION_R]
    if kind == "integer_or_pair":  # 1-D padding and cropping amounts (as.integer)
        return ["list(1, c(2, 3))", "'a'", "-1", "NA", "NULL", "c(1, 2, 3)", *AS_INTEGER_BAD] \
            + (["100"] if spec.kind == "cropping" else []) + [FUNCTION_R]
    # The layers around the convolutions (issue 22 B).
    if kind == "one_based_axis":  # layer_batch_normalization(): as_axis(), 0 an R error
        return ["0", "NA", "'a'", "NULL", "list()", "list(list(2))", "2.5e10", FUNCTION_R]
    if kind == "python_axis":  # softmax, layer normalization, concatenate: as.integer()
        return ["NA", "'a'", "NULL", "list()", "list(list(2))", FUNCTION_R]
    if kind in ("number", "nullable_number"):  # momentum, epsilon, alpha, theta, max_value ...
        return ["'a'", "NA", "c(1, 2)", "TRUE", "list()", FUNCTION_R] + (["NULL"] if kind == "number" else [])
    if kind == "shared_axes":
        return ["0", "NA", "'a'", "list(list(2))", FUNCTION_R]
    if kind == "dot_axes":
        return ["NA", "'a'", "NULL", "c(1, 2, 3)", "list()", FUNCTION_R]
    if kind == "nullable_integer":  # input_length, virtual_batch_size
        return ["0", "-1", "NA", "'a'", "c(1, 2)", FUNCTION_R]
    if kind == "as_is":
        return ["NA", FUNCTION_R]
    # The layers around the convolutions (issue 22 A).
    if kind == "match_arg":  # layer_max_pooling_1d()'s data_format: match.arg()
        return ["'foo'", "'channels'", "''", "NA_character_", "1", FUNCTION_R]
    if kind == "non_negative_integer":  # units, n: as.integer()
        return ["-1", "NA", "'a'", "2.5e10", "NULL", "c(1, 2)", "list()", *AS_INTEGER_BAD, FUNCTION_R]
    if kind == "permutation":  # layer_permute()'s dims: Keras's 1-based axes
        return ["c(0, 1)", "c(1, 1)", "c(1, 3)", "NA", "'a'", "NULL", "list()", FUNCTION_R]
    if kind == "nullable_any_integer":  # seed (as_nullable_integer())
        return ["NA", "'a'", "2.5e10", "c(1, 2)", FUNCTION_R]
    if kind == "nullable_numbers":  # layer_alpha_dropout()'s noise_shape (passed on as R gives it)
        return ["'a'", "NA", "TRUE", FUNCTION_R]
    if kind == "target_shape":  # layer_reshape(): normalize_shape(), -1 to infer
        return ["c(-2, 3)", "c(-1, -1)", "'a'", "TRUE", "NULL", "list(list(1), 3)", FUNCTION_R]
    raise AssertionError(f"{spec.r_name}(): no bad values written down for the coercer of `{argument.name}` ({kind})")


def dots_values(spec: LayerSpec) -> list[str]:
    """``...``: as ``name = value`` R source. Every function refuses an argument it does not
    have; layer_depthwise_conv_1d() checks what its ``...`` passes on to Keras."""
    values = ["no_such_argument = 1", "filter = 2"]
    if spec.has_dots:
        values += ["input_shape = c(-1, 3)", "batch_size = 0", "name = 1", "weights = 'a'", "trainable = NA"]
    return values


def object_dims(spec: LayerSpec) -> str:
    """A valid input's dims as R source: batch 1, (time 2,) 5 along each spatial axis, 3 channels."""
    time = [2] if spec.kind == "conv_lstm" else []
    dims = [1, *time, *([5] * spec.rank), 3]
    return "c(" + ", ".join(map(str, dims)) + ")"


def object_source(spec: LayerSpec) -> str:
    if spec.operation.first_argument == "inputs":  # merges: a list of two inputs
        return f"list(array(0, {object_dims(spec)}), array(0, {object_dims(spec)}))"
    return f"array(0, {object_dims(spec)})"


def input_shape_source(spec: LayerSpec) -> str:
    """A valid ``input_shape`` (batch axis left out)."""
    time = [2] if spec.kind == "conv_lstm" else []
    return "c(" + ", ".join(map(str, [*time, *([5] * spec.rank), 3])) + ")"


def base_arguments(spec: LayerSpec) -> dict[str, str]:
    """The required arguments, valid, as R source: only the argument under test is wrong."""
    base = {}
    for argument in spec.arguments:
        if argument.required and argument.name != spec.first_argument:
            base[argument.name] = {"filters": "2", "kernel_size": "3", "input_dim": "10", "output_dim": "2",
                                   "axes": "1", "units": "2", "activation": "'relu'", "target_shape": "c(3)",
                                   "dims": "c(1)", "n": "2", "rate": "0.5", "stddev": "0.5"}[argument.name]
    return base


# Shape arguments are tried without an input (R keras uses them to make a model's input).
WITHOUT_INPUT = {"input_shape", "batch_input_shape", "batch_size"}


def checked_with_input(argument: str, source: str) -> bool:
    """Refused only once the input is known (as R keras refuses them when the layer is
    called): the layer object exists by then, but nothing is built and no model changed."""
    return argument in ("object", "weights") or source == "100"


# Values that once got through (or crashed), for the function and argument where they did:
# test_bad_inputs.py checks that each is still among the values tried.
FOUND = [
    # rbridge accepted R lists that R's as.integer() refuses (NA, or an error), where R keras
    # reads the argument with as.integer(): found by this matrix, issue 16 item 5.
    ("layer_conv_1d_transpose", "kernel_size", "list(list(2))"),
    ("layer_conv_lstm_2d", "dilation_rate", "list(list(2))"),
    ("layer_cropping_1d", "cropping", "list(c(2, 2))"),
    ("layer_depthwise_conv_1d", "strides", "list(list(2))"),
    ("layer_separable_conv_2d", "dilation_rate", "list(list(2))"),
    ("layer_upsampling_2d", "size", "list(list(2))"),
    ("layer_zero_padding_1d", "padding", "list(list(2))"),
    # layer_depthwise_conv_1d()'s `...` passed shapes on unchecked (issue 24 item 6).
    ("layer_depthwise_conv_1d", DOTS, "input_shape = c(-1, 3)"),
    ("layer_depthwise_conv_1d", DOTS, "batch_size = 0"),
]


def family_rows(spec: LayerSpec) -> list[tuple[str, list[str]]]:
    """(argument, its bad values) for every formal of ``spec`` and its `...`."""
    return [(a.name, bad_values(spec, a)) for a in spec.arguments] + [(DOTS, dots_values(spec))]


def family_cases() -> list[tuple[str, str, str]]:
    """(function, argument, R source): every bad value of every argument of every function.
    Each call fails before any TensorFlow work, in milliseconds: all of them run in CI."""
    return [(r_name, name, v) for r_name, spec in SPECS.items()
            for name, values in family_rows(spec) for v in dict.fromkeys(values)]
