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
