"""The NumPy reference where R keras failed inside TensorFlow (or ignored an argument):
the truth is then the operation's definition (:mod:`rbridge.reference`).

:func:`reference_output` is the one place verify dispatches on the kind of operation, and
it asks the kind (``Kind.reference``, :mod:`rbridge.kinds`). The reference's settings
(strides, padding, dilation, data format, depth multiplier, groups, output padding, bias)
come from the case's R arguments, read here with R keras 2.15's rules (R's defaults from
the spec's formals, ``as.integer()`` truncation, one value for every axis, Keras's
lower-cased padding), never from rbridge's own layer or coercers: a coercion bug in rbridge
would otherwise check itself.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from .cases import spec_of
from .numbers import FLOAT32_RTOL, FLOAT64_RTOL, _max_errors, first_difference
from .r_session import case_args, evaluate_r
from .replay import _output, layer_function
from .weights import initializer_arguments, initializers_deterministic


def r_arguments(case: dict) -> dict[str, Any]:
    """The case function's R arguments as R keras 2.15 sees them: the spec's R defaults,
    then the case's arguments (plain Python values)."""
    spec = spec_of(case)
    args = {a.name: a.py_default for a in spec.arguments if a.r_default is not None}
    args.update(case_args(case))
    return args


def _r_integers(value: Any, rank: int, name: str) -> tuple[int, ...]:
    """R keras's ``as_integer_tuple()`` and Keras's ``normalize_tuple()``: as.integer()
    (truncating), one value for every spatial axis."""
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    values = [int(math.trunc(float(v))) for v in values]
    if len(values) == 1:
        values = values * rank
    if len(values) != rank:
        raise ValueError(f"{name} has {len(values)} values for {rank} axes")
    return tuple(values)


def r_keras_arguments(case: dict) -> dict[str, Any]:
    """The R arguments as R keras 2.15 hands them to Keras (:func:`r_arguments` read with its
    rules: ``as_integer_tuple()`` for strides, dilation and output padding, one value per
    axis; ``as.integer()`` for counts; Keras's lower-cased padding and data format), for a
    kind's own reference (``Kind.reference``)."""
    spec = spec_of(case)
    args = r_arguments(case)
    for name in ("strides", "dilation_rate", "output_padding"):
        if args.get(name) is not None and spec.rank:
            args[name] = _r_integers(args[name], spec.rank, name)
    for name in ("filters", "groups", "depth_multiplier"):
        if isinstance(args.get(name), (int, float)):
            args[name] = int(math.trunc(float(args[name])))
    for name in ("padding", "data_format"):
        if isinstance(args.get(name), str):
            args[name] = args[name].lower()
    if "data_format" in args and args["data_format"] is None:
        args["data_format"] = "channels_last"
    return args


def _plain_config(layer: Any) -> dict:
    """The layer's config in R keras 2.15's form, as plain JSON values."""
    from ..engine import get_engine

    return json.loads(json.dumps(get_engine().r_keras_config(layer.get_config()), default=list))


def reference_problems(case: dict, observed: dict, row: dict) -> list[str]:
    """rbridge's output for ``case`` against the NumPy reference, with the weights the case
    fixes: given (``weights``, ``set_weights``) or made by non-random initializers of the
    weights the layer has. With random weights only the output shape can be checked."""
    from ..convert import to_python

    out = observed.get("output")
    if out is None or not case.get("input"):
        return ["R keras failed inside TensorFlow, and rbridge gave no output to check"]
    x = np.asarray(to_python(evaluate_r(case["input"])), dtype=np.float64)
    args = case_args(case)
    # A twin of the layer, for its initial weights where none are given (and the activation
    # function of a name the reference does not know); never for its settings.
    twin = layer_function(case)(**{k: v for k, v in args.items() if k != "weights"})
    twin.build(x.shape)
    given = to_python(evaluate_r(case["set_weights"])) if case.get("set_weights") else args.get("weights")
    weights = [np.asarray(w, dtype=np.float64) for w in (given or twin.get_weights())]
    config = _plain_config(twin)
    fixed = given is not None or initializers_deterministic(config, initializer_arguments(case))
    expected = _output(reference_output(case, x, weights))
    if expected["shape"] != out["shape"]:
        return [f"output shape: reference {expected['shape']}, rbridge {out['shape']}"]
    if not fixed:
        return []
    row["output_max_abs_err"], row["output_max_rel_err"] = _max_errors(expected, out)
    # The reference computes in float64 from the unrounded input: allow the layer dtype's
    # rounding, relative to the output's scale.
    rtol = FLOAT64_RTOL if twin.compute_dtype == "float64" else FLOAT32_RTOL
    atol = rtol * max(1.0, float(np.abs(np.asarray(expected["data"])).max(initial=0.0)))
    if where := first_difference(expected, out, rtol, atol, truth="reference"):
        return [f"outputs differ from the reference {where}"]
    return []


def reference_output(case: dict, x: np.ndarray, weights: list) -> Any:
    """What the NumPy reference computes for the case's layer on ``x`` with ``weights``: the
    truth where R keras failed inside TensorFlow's kernel. The one dispatch on the kind of
    operation is the kind's own (``rbridge.kinds``: ``Kind.reference``); its settings come
    from the case's R arguments read with R keras's rules (:func:`r_keras_arguments`)."""
    from ..kinds import KINDS

    spec = spec_of(case)
    return KINDS[spec.kind].reference(spec, r_keras_arguments(case), x, weights)
