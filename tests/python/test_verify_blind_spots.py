"""verify's blind spots (issue 24, items 5 and 7): a wrong result must not pass.

- Every recorded output is compared wherever the case determines the layer's weights: a
  planted mismatch (rbridge's output times 10 plus 3) fails in every layer kind, separable
  layers included (Keras 2.15's SeparableConv config carries a vestigial random
  kernel_initializer that once made verify compare their shapes only).
- Where R keras failed inside TensorFlow, the reference's settings come from the R
  arguments, not from rbridge's own layer.
- An expected error passes only when rbridge names the argument R keras named.
"""

from __future__ import annotations

import collections
import copy

import numpy as np
import pytest

from rbridge.specs import SPECS
from rbridge.verify import compare, load_cases, verify
from rbridge.verify.cases import case_function
from rbridge.verify.compare import dilation_ignored_by_r_keras, named_arguments
from rbridge.verify.r_session import case_args
from rbridge.verify.references import r_keras_arguments

CASES = [c for c in load_cases() if not c.get("_errors") and case_function(c) in SPECS]
WITH_OUTPUT = [c for c in CASES if "output" in c["result"]]
KINDS = sorted({spec.kind for spec in SPECS.values()})

pytestmark = pytest.mark.engine_dependent  # rbridge's outputs, replayed (conftest.py)

# Initializers that draw random numbers, by Keras 2.15's class names (written out here, not
# read from verify, so that the test does not share verify's mistakes).
RANDOM = {"glorotuniform", "glorotnormal", "heuniform", "henormal", "lecununiform", "lecunnormal",
          "randomuniform", "randomnormal", "truncatednormal", "orthogonal", "variancescaling"}


def _name(initializer) -> str:
    if isinstance(initializer, dict):
        initializer = initializer.get("class_name")
    return str(initializer).replace("_", "").lower()


def weights_determined(case: dict) -> bool:
    """Independently of verify: given weights, or no random initializer for any weight the
    R function makes (its *_initializer arguments; bias_ only with a bias)."""
    if case.get("set_weights"):
        return True
    spec = SPECS[case_function(case)]
    args = case_args(case)
    if args.get("weights") is not None:
        return True
    defaults = {a.name: a.py_default for a in spec.arguments}
    for argument in spec.arguments:
        if not argument.name.endswith("_initializer"):
            continue
        if argument.name == "bias_initializer" and args.get("use_bias", defaults.get("use_bias", True)) is False:
            continue
        if _name(args.get(argument.name, defaults[argument.name])) in RANDOM:
            return False
    return True


def _planted(result: dict) -> dict:
    observed = copy.deepcopy(result)
    observed["output"]["data"] = [None if v is None else v * 10 + 3 for v in observed["output"]["data"]]
    return observed


def test_every_recorded_output_is_compared_where_the_weights_are_determined():
    caught = collections.Counter()
    for case in WITH_OUTPUT:
        if case["result"]["kind"] == "error" or not case["result"]["output"]["data"] or not weights_determined(case):
            continue
        if dilation_ignored_by_r_keras(case):  # the truth is the dilated reference: R keras's output is off too
            assert not compare(case, _planted(case["result"]))["ok"], case["id"]
            continue
        assert compare(case, copy.deepcopy(case["result"]))["ok"], case["id"]  # R keras agrees with itself
        row = compare(case, _planted(case["result"]))
        assert not row["ok"] and any(p.startswith("outputs differ") and " at [" in p for p in row["problems"]), case["id"]
        caught[SPECS[case_function(case)].kind] += 1
    # every kind of layer has recorded outputs that are compared
    assert set(caught) == set(KINDS), caught
    assert caught["separable"] >= 10, caught


def _one_case_per_kind() -> dict[str, dict]:
    chosen: dict[str, dict] = {}
    for case in WITH_OUTPUT:
        kind = SPECS[case_function(case)].kind
        if case["object"] == "array" and kind not in chosen and weights_determined(case) \
                and "return_state" not in case["args"]:
            chosen[kind] = case
    return chosen


@pytest.mark.parametrize("kind", KINDS)
def test_a_planted_wrong_output_fails_verify_in_every_kind(monkeypatch, kind):
    """rbridge's layer function monkeypatched to give its output times 10 plus 3: verify (and
    test_parity, which compares the same way) reports the mismatch, naming the element."""
    from rbridge import layers

    chosen = _one_case_per_kind()
    assert kind in chosen, f"no recorded array case of kind {kind} whose weights the case determines"
    case = chosen[kind]
    name = case_function(case)
    function = layers.FUNCTIONS[name]

    def wrong(*args, **kwargs):
        return np.asarray(function(*args, **kwargs)) * 10 + 3

    monkeypatch.setitem(layers.FUNCTIONS, name, wrong)
    row = verify([case]).iloc[0]
    assert not row["ok"] and row["status"] == "mismatch", (case["id"], row["problems"])
    assert any(p.startswith("outputs differ at [") and ", rbridge " in p for p in row["problems"]), row["problems"]


def test_the_reference_reads_the_r_arguments_with_r_keras_rules():
    case = {"id": "t", "function": "layer_conv_2d", "object": "array", "input": "array(1, c(1, 4, 4, 1))",
            "args": "list(filters = 1.7, kernel_size = 2, strides = c(2.9, 1), padding = 'SAME', "
                    "data_format = 'channels_first')"}
    args = r_keras_arguments(case)
    assert (args["filters"], args["strides"], args["padding"], args["dilation_rate"], args["data_format"]) == \
        (1, (2, 1), "same", (1, 1), "channels_first")
    case["args"] = "list(filters = 1, kernel_size = 2, dilation_rate = 2L)"  # R keras's defaults for the rest
    args = r_keras_arguments(case)
    assert (args["strides"], args["padding"], args["dilation_rate"], args["data_format"]) == \
        ((1, 1), "valid", (2, 2), "channels_last")


def test_where_r_keras_failed_the_reference_does_not_take_rbridge_s_settings(monkeypatch):
    """The twin layer verify builds (for initial weights) given wrong strides and padding:
    the reference still computes from the R arguments, so rbridge's right output agrees."""
    from rbridge.verify import references

    case = next(c for c in CASES if c["id"] == "conv_2d.array_float64_channels_first")
    observed = __import__("rbridge.verify.replay", fromlist=["replay"]).replay(case)
    assert compare(case, observed)["ok"]
    made = references.layer_function

    def misconfigured(case):
        return lambda **kwargs: made(case)(**{**kwargs, "strides": 2, "padding": "same"})

    monkeypatch.setattr(references, "layer_function", misconfigured)
    row = compare(case, observed)
    assert row["ok"], row["problems"]


def test_an_expected_error_passes_only_naming_r_keras_s_argument():
    case = next(c for c in CASES if c["result"]["kind"] == "error"
                and named_arguments(c, c["result"]["error"]["message"]) == ["kernel_size"])

    def observed(argument: str) -> dict:
        return {"kind": "error", "warnings": case["result"].get("warnings", []),
                "error": {"message": f"Invalid `{argument}`: wrong", "class": "RArgumentError", "argument": argument}}

    assert compare(case, observed("kernel_size"))["ok"]
    row = compare(case, observed("filters"))
    assert not row["ok"] and "R keras's names `kernel_size`" in row["problems"][0]
