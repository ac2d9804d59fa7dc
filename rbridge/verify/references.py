"""The NumPy reference where R keras failed inside TensorFlow (or ignored an argument):
the truth is then the operation's definition (:mod:`rbridge.reference`).

:func:`reference_output` is the one place verify dispatches on the kind of operation. The
reference's settings (strides, padding, dilation, data format, depth multiplier, groups,
output padding, bias) come from the case's R arguments, read here with R keras 2.15's rules
(R's defaults from the spec's formals, ``as.integer()`` truncation, one value for every
axis, Keras's lower-cased padding), never from rbridge's own layer: a coercion bug in
rbridge would otherwise check itself.
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


def r_settings(case: dict, rank: int) -> dict[str, Any]:
    """strides, padding, dilation and data format as R keras 2.15 hands them to Keras."""
    args = r_arguments(case)
    data_format = args.get("data_format") or "channels_last"
    return dict(strides=_r_integers(args.get("strides", 1), rank, "strides"),
                padding=str(args.get("padding", "valid")).lower(),
                dilation=_r_integers(args.get("dilation_rate", 1), rank, "dilation_rate"),
                channels_first=str(data_format).lower() == "channels_first")


def _plain_config(layer: Any) -> dict:
    """The layer's config in R keras 2.15's form, as plain JSON values."""
    from ..engine import get_engine

    return json.loads(json.dumps(get_engine().r_keras_config(layer.get_config()), default=list))


def _ints(value: Any, rank: int) -> tuple[int, ...]:
    values = tuple(value) if isinstance(value, (list, tuple)) else (value,) * rank
    return tuple(int(v) for v in values)


def _pairs(value: Any, rank: int) -> list[tuple[int, int]]:
    """ZeroPadding/Cropping's amounts as one (before, after) pair per axis."""
    if rank == 1:
        return [tuple(_ints(value, 2))]  # type: ignore[list-item]
    return [tuple(_ints(pair, 2)) for pair in value]  # type: ignore[misc]


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
    expected = _output(reference_output(case, config, x, weights, twin))
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


def _kind_reference(spec: Any) -> Any:
    """The kind's own reference (``rbridge.kinds``: ``Kind.reference``), where the kind
    defines one; None otherwise."""
    try:
        from ..kinds import KINDS
        from ..kinds.base import Kind
    except ImportError:
        return None
    kind = KINDS.get(spec.kind)
    if kind is None or type(kind).reference is Kind.reference:
        return None
    return kind


def reference_output(case: dict, config: dict, x: np.ndarray, weights: list, layer: Any = None) -> Any:
    """What the NumPy reference (:mod:`rbridge.reference`) computes for the case's layer on
    ``x`` with ``weights``: the truth where R keras failed inside TensorFlow's kernel. The
    settings come from the case's R arguments (:func:`r_settings`); ``config`` (the layer's,
    R keras 2.15's form) only names the activations, and ``layer``'s own activation is used
    for a name the reference does not know."""
    from .. import reference as ref

    spec = spec_of(case)
    kind_with_reference = _kind_reference(spec)
    if kind_with_reference is not None:
        return kind_with_reference.reference(spec, r_arguments(case), x, weights)

    rank = spec.rank
    kind = spec.kind
    r_args = r_arguments(case)
    channels_first = str(r_args.get("data_format") or "channels_last").lower() == "channels_first"

    def activation(key: str = "activation") -> Any:
        name = config.get(key)
        if name is None or (isinstance(name, str) and name in ref.ACTIVATION_NAMES):
            return name
        fn = getattr(layer, key, None)
        return (lambda v: np.asarray(fn(v))) if fn is not None else name

    def bias(index: int) -> Any:
        return weights[index] if bool(r_args.get("use_bias", True)) and len(weights) > index else None

    def integer(name: str, default: int) -> int:
        value = r_args.get(name, default)
        return default if value is None else int(math.trunc(float(value)))

    if kind in ("conv", "conv_transpose", "depthwise", "separable", "conv_lstm"):
        settings = r_settings(case, rank)
    if kind == "conv":
        return ref.conv(x, weights[0], bias(1), groups=integer("groups", 1), activation=activation(), **settings)
    if kind == "conv_transpose":
        extra = r_args.get("output_padding")
        return ref.conv_transpose(x, weights[0], bias(1), activation=activation(),
                                  output_padding=None if extra is None else _r_integers(extra, rank, "output_padding"),
                                  **settings)
    if kind == "depthwise":
        return ref.depthwise_conv(x, weights[0], bias(1), depth_multiplier=integer("depth_multiplier", 1),
                                  activation=activation(), **settings)
    if kind == "separable":
        return ref.separable_conv(x, weights[0], weights[1], bias(2), depth_multiplier=integer("depth_multiplier", 1),
                                  activation=activation(), **settings)
    if kind == "conv_lstm":
        return ref.conv_lstm_2d(x, weights[0], weights[1], bias(2), activation=activation(),
                                recurrent_activation=activation("recurrent_activation"),
                                return_sequences=bool(r_args.get("return_sequences")),
                                return_state=bool(r_args.get("return_state")),
                                go_backwards=bool(r_args.get("go_backwards")), **settings)
    # Resampling, padding and cropping: R keras never fails inside TensorFlow on these; their
    # amounts are read from the layer's config (R keras's normalize_scale() forms).
    if kind == "upsampling":
        return ref.upsampling(x, _ints(config["size"], rank), channels_first=channels_first,
                              interpolation=config.get("interpolation", "nearest"))
    if kind == "zero_padding":
        return ref.zero_padding(x, _pairs(config["padding"], rank), channels_first=channels_first)
    if kind == "cropping":
        return ref.cropping(x, _pairs(config["cropping"], rank), channels_first=channels_first)
    raise ValueError(f"no reference for {spec.r_name} (kind {kind!r})")
