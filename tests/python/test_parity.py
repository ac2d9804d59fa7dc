"""Every recorded R keras 2.15.0 case, replayed through rbridge and compared with the record.

The records in tests/fixtures/r-keras-2.15/ are the truth, for every one of the family's 20
functions (a case's ``function``; absent: layer_conv_1d_transpose). Each case runs twice:
with the R objects rpy2 gives for the case's R source (the way R users hand values over),
and with their plain Python equivalents; a failure names the case
(``test_recorded_case[conv_2d.array_numbers-r]``). CI runs this file on Keras 3 and on
Keras 2, in both kernel modes (TF_ENABLE_ONEDNN_OPTS=0 and 1).
"""

from __future__ import annotations

import collections
import copy
import json
import math
from pathlib import Path

import numpy as np
import pytest

from rbridge.specs import SPECS
from rbridge.verify import (COMPUTED_WHERE_R_KERAS_FAILED, _auto_name, case_function, compare,
                            failed_inside_tensorflow, load_cases, replay)

LOADED = load_cases()
# The cases that load; a file that does not (a placeholder holding its errors) fails
# test_all_recorded_cases_are_bundled, and is not replayed.
CASES = [c for c in LOADED if not c.get("_errors")]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# R keras 2.15 failed inside TensorFlow's CPU kernel on these (recorded with oneDNN on):
# engine refusals, where rbridge computes and verify checks it against the NumPy reference.
KERNEL_REFUSALS = {
    "engine_float64_channels_first", "engine_float64_dilation2", "engine_float64_channels_first_sequential",
    *(f"{name}.array_float64_channels_first" for name in (
        "conv_1d", "conv_2d", "conv_3d", "conv_3d_transpose", "depthwise_conv_1d", "separable_conv_1d",
        "separable_conv_2d")),
    # oneDNN's depthwise kernel fails on depth_multiplier = 0 (recorded with oneDNN on), where
    # TensorFlow's plain kernel computes an empty channel axis: rbridge computes it everywhere.
    "depthwise_conv_2d.differential_depth_multiplier_zero_array",
    "separable_conv_1d.differential_depth_multiplier_zero_array",
}

# Recorded cases rbridge answers with its own error naming the argument, by design, with the
# reason (tests/fixtures/parity_exceptions.json, read by test-parity.R too; the README lists
# them): "engine", only on Keras 3 (no such computation there); "refused", on either engine.
_EXCEPTIONS = json.loads((FIXTURES / "parity_exceptions.json").read_text())
ENGINE_DIFFERENCES: dict[str, str] = _EXCEPTIONS["engine"]
REFUSED_WHERE_R_KERAS_MAKES_A_BROKEN_LAYER: dict[str, str] = _EXCEPTIONS["refused"]


pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def test_all_recorded_cases_are_bundled():
    """The 76 shared recordings of layer_conv_1d_transpose, and every case defined in a
    tests/fixtures/cases_<group>.json (cases_added.json: 4 more of layer_conv_1d_transpose;
    cases_family.json; one file per group of functions), recorded from the real R keras
    2.15.0 by tools/record-fixtures.sh as it is defined now. No list of files or functions here."""
    ids = [c["id"] for c in LOADED]
    assert len(ids) == len(set(ids))
    assert not [(c["_file"], c["_errors"]) for c in LOADED if c.get("_errors")]
    seed = [c for c in CASES if "function" not in c]
    assert len(seed) == 80
    definitions = [d for file in sorted(FIXTURES.glob("cases_*.json")) for d in json.loads(file.read_text())]
    assert len({d["id"] for d in definitions}) == len(definitions)
    recorded = {c["id"]: c for c in CASES}
    for definition in definitions:  # each definition recorded, as it is defined now
        case = recorded.get(definition["id"])
        assert case is not None, f"{definition['id']} is not recorded: run tools/record-fixtures.sh"
        assert {k: case.get(k) for k in definition} == definition, definition["id"]
    assert len(LOADED) == 76 + len(definitions)


def test_every_function_has_its_cases():
    """At least 15 recorded cases for every function rbridge has (rbridge.specs), called on
    at least four kinds of object, with outputs compared and R keras's errors among them."""
    by_function = collections.defaultdict(list)
    for case in CASES:
        by_function[case_function(case)].append(case)
    assert set(by_function) == set(SPECS)
    for name, cases in by_function.items():
        assert len(cases) >= 15, name
        assert len({c["object"] for c in cases}) >= 4, name
        assert any("output" in c["result"] for c in cases), name
        assert any(c["result"]["kind"] == "error" for c in cases), name


@pytest.mark.parametrize("values", ["r", "python"])
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_recorded_case(case, values):
    observed = replay(case, values=values)
    if case["id"] in REFUSED_WHERE_R_KERAS_MAKES_A_BROKEN_LAYER or (case["id"] in ENGINE_DIFFERENCES and _on_keras3()):
        # rbridge's own error, naming the argument (compare() would ask for R keras's layer)
        assert observed["kind"] == "error" and observed["error"].get("argument"), observed
        return
    row = compare(case, observed)
    assert row["ok"], "\n".join(row["problems"])


def _on_keras3() -> bool:
    from rbridge.engine import get_engine

    return get_engine().name == "keras3"


def _case(case_id: str) -> dict:
    return next(c for c in CASES if c["id"] == case_id)


def test_sequential_predict_numbers_directly():
    """The numbers themselves, read straight from the record (not through compare())."""
    case = _case("dispatch_sequential_predict")
    observed = replay(case)
    expected = case["result"]["output"]
    assert observed["output"]["shape"] == expected["shape"]
    np.testing.assert_allclose(observed["output"]["data"], expected["data"], rtol=1e-5, atol=1e-6)
    assert observed["same_object"] is True


def test_errors_name_the_argument():
    """Where R keras gives an error (not TensorFlow's kernel refusing), rbridge gives its own,
    naming the argument; every case that does not is listed."""
    wrong = []
    for case in CASES:
        if case["result"]["kind"] != "error" or failed_inside_tensorflow(case["result"]["error"]):
            continue
        observed = replay(case)
        error = observed.get("error") or {}
        if observed["kind"] != "error":
            wrong.append(f"{case['id']}: R keras fails, rbridge gives {observed['kind']}")
        elif error["class"] not in ("RArgumentError", "RMissingArgumentError", "RUnknownArgumentError") \
                or not error["argument"] or error["argument"] not in error["message"]:
            wrong.append(f"{case['id']}: {error['class']}: {error['message'][:200]}")
    assert not wrong, "\n".join(wrong)


# -- compare() must catch what it is there to catch --------------------------------------

def test_compare_catches_a_planted_output_mismatch():
    case = copy.deepcopy(_case("numeric_s2_same_op1"))
    observed = replay(case)
    assert compare(case, observed)["ok"]
    case["result"]["output"]["data"][3] += 1e-3
    row = compare(case, observed)
    assert not row["ok"] and any("outputs differ" in p for p in row["problems"])


def test_compare_catches_a_planted_config_mismatch():
    case = copy.deepcopy(_case("basic_missing"))
    observed = replay(case)
    case["result"]["config"]["strides"] = [2]
    row = compare(case, observed)
    assert not row["ok"] and any(p.startswith("config strides") for p in row["problems"])


def test_compare_catches_success_where_r_keras_fails():
    case = copy.deepcopy(_case("error_filters_zero"))
    case["args"] = "list(filters = 2L, kernel_size = 3L)"
    row = compare(case, replay(case))
    assert not row["ok"] and "rbridge succeeded" in row["problems"][0]


def test_compare_catches_a_missing_warning():
    case = copy.deepcopy(_case("basic_missing"))
    case["result"]["warnings"] = ["NAs introduced by coercion"]
    assert not compare(case, replay(case))["ok"]


def test_where_r_keras_failed_inside_tensorflow_rbridge_computes_the_reference():
    """float64 with channels_first or dilation: R keras 2.15 fails inside TensorFlow on every
    CPU (recorded), for transposed, forward, depthwise and separable convolutions; and oneDNN's
    kernel on depth_multiplier = 0. rbridge computes, and verify checks the numbers against the
    NumPy reference."""
    engine_cases = [c for c in CASES if c["result"]["kind"] == "error" and failed_inside_tensorflow(c["result"]["error"])]
    assert {c["id"] for c in engine_cases} == KERNEL_REFUSALS
    for case in engine_cases:
        row = compare(case, replay(case))
        assert row["ok"] and row["status"] == COMPUTED_WHERE_R_KERAS_FAILED, (case["id"], row["problems"])
        # Numbers are compared where the case fixes the weights (all but the random-initialised
        # depth_multiplier = 0 cases, whose outputs are checked by shape: empty, or the bias).
        assert row.get("output_max_abs_err", 0.0) < 1e-12, case["id"]


def test_compare_catches_wrong_numbers_where_r_keras_failed(monkeypatch, request):
    """The reference check can fail: a dilated equivalent whose output is one step off
    computes wrong numbers, and verify says so."""
    import tensorflow as tf

    from rbridge.engine.kernels import _common
    from rbridge.engine.kernels import conv_transpose as kernels

    # Traced equivalents are cached per setting: none made before the planted bug may serve
    # this test, and none made with it may serve a later one.
    _common._traced.cache_clear()
    request.addfinalizer(_common._traced.cache_clear)
    equivalent = kernels._equivalent  # what computes where TensorFlow's kernel refuses

    def misplaced(*args, **kwargs):
        return tf.roll(equivalent(*args, **kwargs), shift=1, axis=1)

    monkeypatch.setattr(kernels, "_equivalent", misplaced)
    monkeypatch.setattr(kernels, "native_computes", lambda *a, **k: False)
    row = compare(_case("engine_float64_dilation2"), replay(_case("engine_float64_dilation2")))
    assert not row["ok"] and any("differ from the reference" in p for p in row["problems"])


def test_compare_catches_wrong_numbers_of_another_function_where_r_keras_failed():
    """The reference covers the family: a conv_2d case R keras could not compute (float64,
    channels_first), with rbridge's output planted off by a little, is a mismatch."""
    case = _case("conv_2d.array_float64_channels_first")
    observed = replay(case)
    row = compare(case, observed)
    assert row["ok"] and row["status"] == COMPUTED_WHERE_R_KERAS_FAILED, row["problems"]
    observed["output"]["data"][5] += 1e-6
    row = compare(case, observed)
    assert not row["ok"] and any("differ from the reference" in p for p in row["problems"])


def _same(observed, recorded) -> bool:
    """Equal, floats to the 15 significant digits the recording's JSON keeps."""
    if isinstance(recorded, float) and isinstance(observed, float):
        if math.isnan(recorded):  # an R NA R keras handed on unconverted (layer_depthwise_conv_1d's `...`)
            return math.isnan(observed)
        return math.isclose(observed, recorded, rel_tol=1e-14)
    if isinstance(recorded, dict) and isinstance(observed, dict):
        return recorded.keys() == observed.keys() and all(_same(observed[k], recorded[k]) for k in recorded)
    if isinstance(recorded, list) and isinstance(observed, list):
        return len(recorded) == len(observed) and all(_same(o, r) for o, r in zip(observed, recorded))
    return observed == recorded


def test_keras2_configs_are_the_recorded_configs_exactly():
    """On Keras 2 (what R keras 2.15 runs on) no normalisation is needed: get_config() is
    the recorded config, field for field and float for float; only Keras's name counter
    (conv1d_transpose, conv2d_1, up_sampling2d_3, ...) depends on the session."""
    from rbridge.engine import get_engine

    if get_engine().name != "keras2":
        pytest.skip("needs Keras 2 (TensorFlow 2.15): CI runs this in its second environment")
    checked = 0
    for case in CASES:
        expected = case["result"].get("config")
        if not expected or case["id"] in REFUSED_WHERE_R_KERAS_MAKES_A_BROKEN_LAYER:
            continue  # the refused ones: rbridge's error by design, checked by test_recorded_case
        replayed = replay(case)
        assert "config" in replayed, (case["id"], replayed.get("error"))  # rbridge failed where R keras made a layer
        observed = replayed["config"]
        for key in set(expected) | set(observed):
            if key == "name" and all(_auto_name(c.get("name")) for c in (expected, observed)):
                continue
            assert _same(observed.get(key), expected.get(key)), (case["id"], key)
        checked += 1
    assert checked == sum(1 for c in CASES if c["result"].get("config")
                          and c["id"] not in REFUSED_WHERE_R_KERAS_MAKES_A_BROKEN_LAYER) > 0
