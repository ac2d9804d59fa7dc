"""Live differential testing against the real R keras 2.15 (run by test_differential.py in a
subprocess of a Keras 2 Python with R keras on R_LIBS, so that a crash is a failure).

Hypothesis writes R calls of every function of the family: the function is drawn, then each
of its arguments, read from its spec (:data:`rbridge.specs.SPECS`: names, rank, kind), in
several R spellings (3, 3L, 3.7, "3", TRUE, c()/list() shapes, NA, NULL, R keras's padding
and cropping forms, the recurrent flags, ...), and every kind of object; where outputs are
compared every initializer is fixed (initializer_constant, "ones"). Each call runs in R keras
(rbridge.live.record) and in rbridge (rbridge.verify.replay), in this one process, and
rbridge.verify.compare says where they disagree: success or failure (rbridge may refuse
earlier, never accept what R keras refuses), config, weights, output shape and values,
warnings.

    python tests/python/differential_worker.py EXAMPLES SEED [FUNCTION ...]
Prints one JSON line per disagreement and exits 1 if there was any; its closing line (stderr)
gives the number of calls actually run, which test_differential.py checks.
"""

from __future__ import annotations

import json
import sys

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from rbridge.live import record
from rbridge.specs import SPECS
from rbridge.verify import compare, replay

SPATIAL = {1: [7], 2: [5, 5], 3: [4, 4, 4]}
CHANNELS = 3
TIME = 3


def _c(values) -> str:
    return "c(" + ", ".join(str(v) for v in values) + ")"


def _list(values) -> str:
    return "list(" + ", ".join(str(v) for v in values) + ")"


def integer_spellings(rank: int, small: int) -> list[str]:
    """An integer argument (kernel_size, strides, dilation_rate, size) in R's spellings:
    double, integer, fraction, string, logical, one per axis, R lists (a length-1 list is a
    tuple to as_integer_tuple() and a number to as.integer()), a wrong length, zero."""
    spellings = [str(small), f"{small}L", f"{small}.7", f"'{small}'", "TRUE", f"c({small})", f"list({small}L)", "0"]
    per_axis = [small] + [1] * (rank - 1)
    if rank > 1:
        spellings += [_c(per_axis), _c([small] * (rank + 1)), _list([f"{v}L" for v in per_axis])]
    else:
        spellings += [_c([small, small])]
    return spellings


def _amounts(rank: int, cropping: bool) -> list[str]:
    """ZeroPadding's padding and Cropping's cropping in R keras's forms (normalize_padding /
    normalize_cropping for 2-D and 3-D; as.integer for 1-D), good and bad."""
    if rank == 1:
        return ["1", "1L", "c(1, 2)", "1.9", "'1'", "TRUE", "list(1L, 0L)", "c(1, 2, 3)", "-1", "NA"]
    pairs = _list([_c([i % 2, 1]) for i in range(rank)])
    return ["1", "1L", _c([1, 0, 1][:rank]), pairs, "1.9", _list(["1L"] * rank), "'1'", "TRUE",
            _list(["1", _c([0, 1])] + ["1"] * (rank - 2)), _list([_c([1, 1, 1])] + [_c([1, 1])] * (rank - 1)),
            _c([1] * (rank + 1)), "-1"]


def spellings_for(spec, argument) -> list[str] | None:
    """The R spellings drawn for one of the spec's arguments; None: leave it out."""
    name, rank, kind = argument.name, spec.rank, spec.kind
    if name == "filters":
        return ["2", "2L", "2.7", "'2'", "TRUE", "c(3)", "0", "NA"]
    if name in ("kernel_size", "strides", "dilation_rate", "size"):
        return integer_spellings(rank, 3 if name == "kernel_size" else 2)
    if name == "output_padding":
        return ["NULL", "0", "1L", "1.5", "'1'"]
    if name == "padding":
        if kind in ("zero_padding",):
            return _amounts(rank, cropping=False)
        return ["'valid'", "'same'", "'SAME'", "'Valid'", "'causal'", "'bogus'"]
    if name == "cropping":
        return _amounts(rank, cropping=True)
    if name == "data_format":
        return ["NULL", "'channels_last'", "'channels_first'", "'nope'"]
    if name == "groups":
        return ["1", "1L", "3", "2", "1.5"]
    if name == "depth_multiplier":
        return ["1", "2L", "1.5", "'2'", "0"]
    if name in ("activation", "recurrent_activation"):
        return ["NULL", "'relu'", "'tanh'", "'linear'", "'swish'", "'hard_sigmoid'", "'sigmoid'", "'nope'"]
    if name in ("use_bias", "unit_forget_bias"):
        return ["TRUE", "FALSE", "1", "0L"]
    if name in ("return_sequences", "return_state", "go_backwards"):
        return ["TRUE", "FALSE", "1L"]
    if name in ("dropout", "recurrent_dropout"):
        return ["0", "0.5", "0L"]
    if name == "interpolation":
        return ["'nearest'", "'bilinear'", "'bicubic'", "'area'", "'lanczos3'", "'nope'"]
    if name.endswith("_regularizer"):
        return ["NULL", "regularizer_l2(0.01)", "regularizer_l1(0.02)"]
    if name == "batch_size":
        return ["NULL", "2", "2.5"]
    if name == "dtype":
        return ["NULL", "'float32'", "'float64'"]
    if name == "name":
        return ["NULL", "'my_layer'"]
    if name == "trainable":
        return ["NULL", "TRUE", "FALSE"]
    return None  # initializers (fixed below), constraints, stateful, weights, shapes (below)


def shapes(spec, channels_first: bool) -> tuple[str, list[str]]:
    """The input shape (batch left out) as R source, and other spellings of input_shape."""
    spatial = SPATIAL[spec.rank]
    body = [CHANNELS, *spatial] if channels_first else [*spatial, CHANNELS]
    if spec.kind == "conv_lstm":
        body = [TIME, *body]
    exact = _c(body)
    na = _c(["NA"] * (len(body) - 1) + [body[-1]]) if not channels_first else _c(["NA"] * len(body))
    return exact, [exact, exact, na, _list(["NULL"] * (len(body) - 1) + [body[-1]]), _c([f"{d}L" for d in body]),
                   _list(body), "NULL"]


def data(spec, channels_first: bool) -> str:
    spatial = SPATIAL[spec.rank]
    body = [CHANNELS, *spatial] if channels_first else [*spatial, CHANNELS]
    if spec.kind == "conv_lstm":
        body = [TIME, *body]
    dims = [2, *body]
    n = 1
    for d in dims:
        n *= d
    return f"array(sin(seq_len({n})), dim = {_c(dims)})"


KINDS = ["missing", "null", "sequential", "tensor", "array"]
CONSTANTS = ["initializer_constant(0.1)", "initializer_constant(-0.2)", "'ones'", "'zeros'",
             "initializer_constant(0.05)"]


# The functions whose R calls this worker can write: the family's twenty (its spellings and
# input shapes are written for the family's kinds). The layers around the convolutions are
# checked against R keras by their recorded cases and live verification, not yet here.
DIFFERENTIAL_FUNCTIONS = sorted(name for name, spec in SPECS.items() if not spec.r_keras_answers_when_loaded)


@st.composite
def r_calls(draw, functions=None) -> dict:
    name = draw(st.sampled_from(sorted(functions or DIFFERENTIAL_FUNCTIONS)))
    spec = SPECS[name]
    args: dict[str, str] = {}
    for argument in spec.arguments:
        if argument.coercer is None:
            continue
        spellings = spellings_for(spec, argument)
        if spellings is None:
            continue
        if argument.required or draw(st.integers(0, 2)) == 0:
            args[argument.name] = draw(st.sampled_from(spellings))
    kind = draw(st.sampled_from(KINDS))
    channels_first = args.get("data_format") == "'channels_first'"
    exact, shape_spellings = shapes(spec, channels_first)
    takes_input_shape = "input_shape" in spec.by_name or spec.has_dots
    if takes_input_shape and (kind == "sequential" or draw(st.booleans())):
        spelling = draw(st.sampled_from(shape_spellings))
        if spelling != "NULL" or not spec.has_dots:
            args["input_shape"] = spelling
    x = data(spec, channels_first)
    case_input = {"array": x, "tensor": exact, "sequential": x if draw(st.booleans()) else None,
                  "missing": x if draw(st.booleans()) else None, "null": None}[kind]
    if case_input is not None and kind != "tensor":
        # The numbers are compared: every initializer fixed (kernel, bias, depthwise, pointwise, recurrent).
        for argument in spec.arguments:
            if argument.name.endswith("_initializer"):
                args[argument.name] = draw(st.sampled_from(CONSTANTS))
    return {"id": "differential", "function": name, "object": kind, "input": case_input,
            "args": "list(" + ", ".join(f"{k} = {v}" for k, v in args.items()) + ")"}


# rbridge refuses these when the layer is made; R keras accepts them then and fails when
# the layer computes ("rbridge may fail earlier"): not disagreements, but only where R keras
# made the layer and computed nothing (no output, no output shape). Where R keras computed,
# rbridge refusing is a disagreement whatever its message says.
EARLY_REFUSALS = ('padding = "causal"', "an even kernel span")


def r_keras_computed(result: dict) -> bool:
    """Did R keras give an output (numbers, a tensor's or a model's output shape)?"""
    return any(result.get(key) is not None for key in ("output", "output_shape", "model_output_shape"))


def excused(truth: dict, observed: dict) -> bool:
    """R keras made the layer and computed nothing; rbridge refused it early, as documented."""
    message = (observed.get("error") or {}).get("message", "")
    return truth["kind"] != "error" and not r_keras_computed(truth) and observed["kind"] == "error" \
        and any(text in message for text in EARLY_REFUSALS)


def both_refused_naming_another(truth: dict, observed: dict, problems: list[str]) -> bool:
    """R keras and rbridge both refused the call, naming different arguments. A generated call
    draws several arguments at once, often more than one of them bad, and which one an error
    names then depends on the order of the checks; recorded cases (one fault each) keep the
    rule that rbridge names R keras's argument (rbridge.verify.compare)."""
    return truth["kind"] == "error" and observed["kind"] == "error" and bool(problems) \
        and all(p.startswith("rbridge's error names") for p in problems)


NAMED_ANOTHER: list[dict] = []


def disagreement(case: dict) -> dict | None:
    truth = record(case)
    observed = replay(case)
    row = compare(truth, observed)
    if row["ok"] or excused(truth["result"], observed):
        return None
    if both_refused_naming_another(truth["result"], observed, row["problems"]):
        NAMED_ANOTHER.append(case)
        return None
    return {"case": {k: case[k] for k in ("function", "object", "args", "input") if k in case},
            "problems": row["problems"],
            "r_keras": truth["result"].get("error", {}).get("message", truth["result"]["kind"])[:300]}


def main(examples: int, run_seed: int, functions: list[str] | None = None) -> int:
    found: list[dict] = []
    per_function: dict[str, int] = {}

    @seed(run_seed)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(r_calls(functions))
    def check(case):
        per_function[case["function"]] = per_function.get(case["function"], 0) + 1
        problem = disagreement(case)
        if problem and problem not in found:  # hypothesis may replay a failing call
            found.append(problem)

    check()
    for problem in found:
        print(json.dumps(problem))
    run = sum(per_function.values())  # the calls made, which hypothesis may make fewer than asked
    print("differential: calls per function: " + json.dumps(dict(sorted(per_function.items()))), file=sys.stderr)
    print(f"differential: {run} R calls run ({examples} asked for), {len(found)} disagreements "
          f"({len(NAMED_ANOTHER)} refused by both, naming different arguments of a call with several bad ones)",
          file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:] or None))
