"""Live differential testing against the real R keras 2.15 (run by test_differential.py in a
subprocess of a Keras 2 Python with R keras on R_LIBS, so that a crash is a failure).

Hypothesis writes R calls of layer_conv_1d_transpose(): every argument in several R
spellings (3, 3L, 3.7, "3", TRUE, c()/list() shapes, NA, NULL), every kind of object,
fixed weights where outputs are compared. Each call runs in R keras (rbridge.live.record)
and in rbridge (rbridge.verify.replay), in this one process, and rbridge.verify.compare
says where they disagree: success or failure (rbridge may refuse earlier, never accept
what R keras refuses), config, weights, output shape and values, warnings.

    python tests/python/differential_worker.py EXAMPLES SEED
Prints one JSON line per disagreement and exits 1 if there was any.
"""

from __future__ import annotations

import json
import sys

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from rbridge.live import record
from rbridge.verify import compare, replay

# (R spelling, the integer R keras ends up with or None where it is not one)
INTEGERS = {
    "filters": [("2", 2), ("2L", 2), ("2.7", 2), ("'2'", 2), ("TRUE", 1), ("c(3)", 3), ("0", None), ("NA", None)],
    "kernel_size": [("3", 3), ("3L", 3), ("2.9", 2), ("'3'", 3), ("list(3)", 3), ("c(1)", 1), ("0", None)],
}
OTHERS = {
    "strides": ["1", "2L", "2.5", "'2'", "list(2)", "c(1L)", "0"],
    "padding": ["'valid'", "'same'", "'SAME'", "'Valid'", "'causal'", "'bogus'"],
    "output_padding": ["NULL", "0", "1L", "1.5", "'1'"],
    "data_format": ["NULL", "'channels_last'", "'channels_first'", "'nope'"],
    "dilation_rate": ["1", "2", "2L", "'2'", "c(2)", "list(1)"],
    "activation": ["NULL", "'relu'", "'tanh'", "'linear'", "'swish'", "'nope'"],
    "use_bias": ["TRUE", "FALSE", "1", "0L"],
    "name": ["NULL", "'my_layer'"],
    "dtype": ["NULL", "'float32'", "'float64'"],
    "trainable": ["NULL", "TRUE", "FALSE"],
}
SHAPES = ["NULL", "c(5, 3)", "list(NULL, 3)", "c(NA, 3)", "c(5L, 3L)", "list(5, 3)", "c(3, 5)"]
KINDS = ["missing", "null", "sequential", "tensor", "array"]

# rbridge refuses these when the layer is made; R keras accepts them then and fails when
# the layer computes ("rbridge may fail earlier"): not disagreements.
EARLY_REFUSALS = ('padding = "causal"', "an even kernel span")


@st.composite
def r_calls(draw) -> dict:
    args: dict[str, str] = {}
    values: dict[str, int | None] = {}
    for name, spellings in INTEGERS.items():
        spelling, value = draw(st.sampled_from(spellings))
        args[name], values[name] = spelling, value
    for name, spellings in OTHERS.items():
        if draw(st.booleans()):
            args[name] = draw(st.sampled_from(spellings))
    kind = draw(st.sampled_from(KINDS))
    channels_first = args.get("data_format") == "'channels_first'"
    shape = "c(3, 5)" if channels_first else "c(5, 3)"
    if kind == "sequential" or draw(st.booleans()):
        args["input_shape"] = draw(st.sampled_from(SHAPES + [shape] * 3))
    # Fixed weights (kernel: kernel_size x filters x 3 channels) where the numbers are compared.
    if values["filters"] and values["kernel_size"] and draw(st.booleans()):
        k, f = values["kernel_size"], values["filters"]
        kernel = f"array(cos(seq_len({k * f * 3})) / 3, dim = c({k}, {f}, 3))"
        bias = "" if args.get("use_bias") in ("FALSE", "0L") else f", array(seq_len({f}) / 10)"
        args["weights"] = f"list({kernel}{bias})"
    data = "array(sin(seq_len(2 * 3 * 5)), dim = c(2, " + ("3, 5" if channels_first else "5, 3") + "))"
    case_input = {"array": data, "tensor": shape, "sequential": data if "input_shape" in args else None,
                  "missing": data if draw(st.booleans()) else None, "null": None}[kind]
    return {"id": "differential", "object": kind, "input": case_input,
            "args": "list(" + ", ".join(f"{k} = {v}" for k, v in args.items()) + ")"}


def disagreement(case: dict) -> dict | None:
    truth = record(case)
    observed = replay(case)
    row = compare(truth, observed)
    if row["ok"]:
        return None
    error = observed.get("error") or {}
    if truth["result"]["kind"] != "error" and observed["kind"] == "error" \
            and any(text in error.get("message", "") for text in EARLY_REFUSALS):
        return None
    return {"case": {k: case[k] for k in ("object", "args", "input")}, "problems": row["problems"],
            "r_keras": truth["result"].get("error", {}).get("message", truth["result"]["kind"])[:300]}


def main(examples: int, run_seed: int) -> int:
    found: list[dict] = []

    @seed(run_seed)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(r_calls())
    def check(case):
        problem = disagreement(case)
        if problem:
            found.append(problem)

    check()
    for problem in found:
        print(json.dumps(problem))
    print(f"differential: {examples} R calls, {len(found)} disagreements", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), int(sys.argv[2])))
