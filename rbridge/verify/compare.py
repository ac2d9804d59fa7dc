"""Comparing what rbridge gave with a case's expected result: every disagreement, in words.

:func:`compare` checks configs, weights, shapes, outputs, errors and warnings. Numbers are
compared wherever the case determines the weights (given, or made by non-random
initializers of the weights the layer has: :func:`weights_fixed`); a mismatch names the
element, the expected value and rbridge's. Where R keras failed inside TensorFlow's CPU
kernel (a recorded or live truth only: a user-written error is never described as R
keras's), rbridge's numbers are checked against the NumPy reference (:mod:`.references`).
"""

from __future__ import annotations

import math
import re
from typing import Any

from .cases import case_function, recorded_by_r_keras, spec_of
from .numbers import FLOAT32_ATOL, FLOAT32_RTOL, FLOAT64_RTOL, _max_errors, first_difference
from .r_session import case_args
from .references import reference_problems
from .weights import weights_fixed


def _close(expected: Any, actual: Any, rtol: float) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        if not isinstance(expected, (int, float)) or not isinstance(actual, (int, float)):
            return False
        if math.isnan(expected) or math.isnan(actual):  # an R NA handed on as NaN (R keras's `...`)
            return math.isnan(expected) and math.isnan(actual)
        return math.isclose(expected, actual, rel_tol=rtol, abs_tol=1e-12)
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(_close(expected[k], actual[k], rtol) for k in expected)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(_close(e, a, rtol) for e, a in zip(expected, actual))
    return expected == actual


def config_differences(expected: dict, actual: dict) -> list[str]:
    """Config fields that differ. Floats compare at float32 precision: Keras 2 stores
    regularizer factors as float32 (0.01 is recorded as 0.00999999977648258)."""
    diffs = []
    for key in sorted(set(expected) | set(actual)):
        if key == "name" and _auto_name(expected.get(key)) and _auto_name(actual.get(key)):
            continue  # Keras's name counters depend on what else the session made
        if key not in actual:
            diffs.append(f"{key}: missing (R keras: {expected[key]!r})")
        elif key not in expected:
            diffs.append(f"{key}: unexpected {actual[key]!r}")
        elif not _close(expected[key], actual[key], 1e-6):
            diffs.append(f"{key}: R keras {expected[key]!r}, rbridge {actual[key]!r}")
    return diffs


def keras_auto_name(keras_class: str) -> str:
    """The name Keras gives a layer of ``keras_class`` that was not named (Keras 2's and
    Keras 3's ``to_snake_case``): conv2d, conv2d_transpose, separable_conv1d,
    depthwise_conv2d, conv_lstm2d, up_sampling2d, zero_padding2d, cropping2d, ..."""
    intermediate = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", keras_class)
    return re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()


def _auto_names() -> re.Pattern:
    from ..specs import SPECS

    bases = sorted({keras_auto_name(spec.keras_class) for spec in SPECS.values()}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(bases) + r")(?:_\d+)?")


def _auto_name(name: Any) -> bool:
    """Is ``name`` one Keras made (``conv2d``, ``conv2d_3``)? Its counter depends on what
    else the session made, so two auto names are not compared."""
    global _AUTO_NAMES
    if _AUTO_NAMES is None:
        _AUTO_NAMES = _auto_names()
    return isinstance(name, str) and _AUTO_NAMES.fullmatch(name) is not None


_AUTO_NAMES: re.Pattern | None = None


# How a case ended, in the table's `status` column.
AGREES = "agrees"
COMPUTED_WHERE_R_KERAS_FAILED = "R keras failed in TensorFlow; rbridge computed, matches the reference"
MISMATCH = "mismatch"
DILATION_APPLIED = "R keras 2.15 ignores dilation_rate here; rbridge applies it, matches the reference"

# R keras's failures inside TensorFlow's CPU kernels: engine refusals, not argument errors.
# TensorFlow 2.15's CPU kernels refuse channels_first (NCHW/NCDHW) for Conv2D (which
# Conv1D, SeparableConv1D and ConvLSTM2D run on too), Conv3D, their backprops (the
# transposes) and depthwise convolutions, and dilation in a transposed convolution, unless
# oneDNN computes the setting (oneDNN is on by default on x86 and has no float64). rbridge
# computes these settings; verify checks its numbers against the NumPy reference.
_TENSORFLOW_KERNEL_REFUSALS = (
    "only supports NHWC",  # Conv2DBackpropInput (Conv1DTranspose, Conv2DTranspose)
    "only supports the NHWC tensor format",  # Conv2D; "CPU implementation of Conv3D currently ..."
    "only supports NDHWC",  # Conv3DBackpropInputOpV2 (Conv3DTranspose)
    "only supported for NHWC format",  # DepthwiseConv2dNative (depthwise and separable)
    "do not yet support dilation rates",  # a dilated transposed convolution's backprop kernels
    # oneDNN's own kernels failing where TensorFlow's plain ones compute (depth_multiplier = 0:
    # an empty channel axis); the node names them _MklNative...
    "__MklNative",
    # TensorFlow's plain Conv2D kernel on a convolution over no channels (a separable layer's
    # pointwise step after depth_multiplier = 0), which is the bias alone.
    "filter depth must be stricly positive",
)


def failed_inside_tensorflow(error: dict) -> bool:
    """Is a recorded R keras error TensorFlow's CPU kernel refusing the setting?"""
    return any(text in error.get("message", "") for text in _TENSORFLOW_KERNEL_REFUSALS)


def truth_is_r_keras(case: dict) -> bool:
    """Did R keras make the case's expected result (a recording, or R keras run now)? A case
    verify loaded says so (``_provenance``); a bare case (a fixture read directly, a live
    recording) does by naming what recorded it."""
    if "_provenance" in case:
        return recorded_by_r_keras(case)
    return isinstance(case.get("r_keras_version"), str) or isinstance(case.get("recorded_by"), str)


# What is not R keras naming an argument: TensorFlow's dump of a call's arguments and tensors
# ("Call arguments received ...: inputs=tf.Tensor(shape=(2, 5, 3), dtype=float32)"), and of
# the graph node it refused ("for '{{node conv2d/Conv2D}} = Conv2D[..., padding="SAME",
# strides=[1, 1, 1, 1]](...)'").
_NOT_NAMING = re.compile(r"Call arguments received.*|tf\.Tensor\([^)]*\)|'\{\{node [^']*'", re.S)


def named_arguments(case: dict, message: str) -> list[str]:
    """The case function's R arguments R keras's error ``message`` names as an argument:
    quoted (`kernel_size`, 'strides', "padding"), given a value (``filters=0``, ``size =``),
    "argument padding", or starting R's own message ("cropping must be a list of ...")."""
    text = _NOT_NAMING.sub("", message)
    named = []
    for argument in spec_of(case).arguments:
        name = re.escape(argument.name)
        if re.search(rf"[`'\"]{name}[`'\"]|(?<![\w.]){name} ?=(?!=)|argument {name}(?![\w.])|^{name} (?:must|should)",
                     text):
            named.append(argument.name)
    return named


def compare(case: dict, observed: dict, r_keras_truth: bool | None = None) -> dict:
    """Every way ``observed`` (from :func:`~.replay.replay`) disagrees with the case's
    expected result. ``r_keras_truth``: whether R keras made that result (default: the case
    says, :func:`truth_is_r_keras`); only then can an expected error be R keras failing
    inside TensorFlow, and rbridge's numbers be checked against the NumPy reference instead."""
    expected = case["result"]
    r_keras_truth = truth_is_r_keras(case) if r_keras_truth is None else r_keras_truth
    problems: list[str] = []
    row: dict[str, Any] = {"id": case["id"], "function": case_function(case), "object": case["object"],
                           "kind": observed.get("kind"), "expected_kind": expected["kind"]}
    status = AGREES

    if r_keras_truth and expected["kind"] == "error" and failed_inside_tensorflow(expected["error"]) \
            and observed["kind"] != "error":
        # Where R keras fails inside TensorFlow's kernel, the math is the truth.
        status = COMPUTED_WHERE_R_KERAS_FAILED
        problems += reference_problems(case, observed, row)
    elif dilation_ignored_by_r_keras(case) and observed["kind"] == expected["kind"] != "error":
        # R keras 2.15's Conv3DTranspose drops dilation_rate without a word; rbridge applies it
        # (and warns): the output is checked against the reference of the dilated layer, the
        # rest against R keras, less the dilation R keras left out of its config.
        status = DILATION_APPLIED
        if observed.get("output") is not None:
            problems += reference_problems(case, observed, row)
        problems += [p for p in _compare_success(case, _without_output(expected), _without_output(observed), row)
                     if not p.startswith("config dilation_rate")]
    elif expected["kind"] == "error":
        problems += _error_problems(case, expected["error"], observed, row)
    elif observed["kind"] != expected["kind"]:
        problems.append(f"R keras gives {_a(expected['kind'])}, rbridge {_a(observed['kind'])}: "
                        f"{(observed.get('error') or {}).get('message', '')}")
    else:
        problems += _compare_success(case, expected, observed, row)

    missing_warnings = [w for w in expected.get("warnings", [])
                        if not any(o.startswith(w) for o in observed.get("warnings", []))]
    if missing_warnings:
        problems.append(f"R warns {missing_warnings}; rbridge did not")
    row["shape"] = _observed_shape(observed)
    row["seconds"] = observed.get("seconds")
    row["problems"] = problems
    row["ok"] = not problems
    row["status"] = status if not problems else MISMATCH
    return row


def _error_problems(case: dict, expected: dict, observed: dict, row: dict) -> list[str]:
    """An expected error: rbridge must fail with its own error naming the R argument, and
    where R keras's message names arguments of the function, one of those."""
    error = observed.get("error") or {}
    row["error_agrees"] = False
    if observed["kind"] != "error":
        return [f"R keras fails ({expected['message'].splitlines()[0] if expected['message'] else ''}); "
                f"rbridge succeeded"]
    if error.get("unexpected"):
        return [f"rbridge failed without its own error: {error['message']}"]
    argument = error.get("argument")
    if not argument or f"`{argument}`" not in error["message"] and f'"{argument}"' not in error["message"]:
        return [f"rbridge's error does not name the argument: {error['message']}"]
    named = named_arguments(case, expected["message"])
    if named and argument not in named:
        return [f"rbridge's error names `{argument}`, R keras's names {', '.join(f'`{n}`' for n in named)}: "
                f"{error['message']}"]
    row["error_agrees"] = True
    return []


def dilation_ignored_by_r_keras(case: dict) -> bool:
    """A layer_conv_3d_transpose() case with a dilation R keras 2.15 ignored (rbridge applies it)."""
    if case_function(case) != "layer_conv_3d_transpose":
        return False
    try:
        dilation = case_args(case).get("dilation_rate", 1)
    except Exception:  # noqa: BLE001 - arguments R cannot evaluate dilate nothing
        return False
    values = dilation if isinstance(dilation, (list, tuple)) else [dilation]
    return any(isinstance(v, (int, float)) and v > 1 for v in values)


def _without_output(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("output", "output_shape", "model_output_shape")}

def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _observed_shape(observed: dict) -> str | None:
    """The shape rbridge produced, as text (output array, tensor or model output)."""
    shape = (observed.get("output") or {}).get("shape") or observed.get("output_shape") \
        or observed.get("model_output_shape")
    return None if shape is None else "(" + ", ".join("NA" if d is None else str(d) for d in shape) + ")"


def _compare_success(case: dict, expected: dict, observed: dict, row: dict) -> list[str]:
    problems = []
    # float64 cases compute in float64 end to end, in R keras and here.
    rtol = FLOAT64_RTOL if "float64" in case["args"] else FLOAT32_RTOL
    if "config" in expected:
        diffs = config_differences(expected["config"], observed.get("config", {}))
        row["config_agrees"] = not diffs
        problems += [f"config {d}" for d in diffs]
    for key in ("built", "same_object", "n_layers", "output_shape", "model_output_shape"):
        if key in expected and expected[key] != observed.get(key):
            problems.append(f"{key}: R keras {expected[key]!r}, rbridge {observed.get(key)!r}")
    if "weights" in expected:
        e_shapes = [w["shape"] for w in expected["weights"]]
        a_shapes = [w["shape"] for w in observed.get("weights", [])]
        if e_shapes != a_shapes:
            problems.append(f"weight shapes: R keras {e_shapes}, rbridge {a_shapes}")
        elif weights_fixed(case, expected):
            errs = [_max_errors(e, a) for e, a in zip(expected["weights"], observed["weights"])]
            row["weights_max_abs_err"] = max((e[0] for e in errs), default=0.0)
            for n, (e, a) in enumerate(zip(expected["weights"], observed["weights"])):
                if where := first_difference(e, a, rtol, FLOAT32_ATOL):
                    problems.append(f"weights[{n}] differ {where}")
                    break
    if "output" in expected:
        out = observed.get("output")
        if out is None or out["shape"] != expected["output"]["shape"]:
            problems.append(f"output shape: R keras {expected['output']['shape']}, "
                            f"rbridge {out and out['shape']}")
        elif weights_fixed(case, expected):
            row["output_max_abs_err"], row["output_max_rel_err"] = _max_errors(expected["output"], out)
            if where := first_difference(expected["output"], out, rtol, FLOAT32_ATOL):
                problems.append(f"outputs differ {where}")
    return problems


