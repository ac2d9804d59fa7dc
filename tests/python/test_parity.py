"""Every recorded R keras 2.15.0 case, replayed through rbridge and compared with the record.

The records in tests/fixtures/r-keras-2.15/ are the truth. Each case runs twice: with
the R objects rpy2 gives for the case's R source (the way R users hand values over),
and with their plain Python equivalents.
"""

from __future__ import annotations

import copy
import math
import re

import numpy as np
import pytest

from rbridge.verify import COMPUTED_WHERE_R_KERAS_FAILED, compare, failed_inside_tensorflow, load_cases, replay

CASES = load_cases()

# Engine differences (Keras 3 here, Keras 2.15 in the records) that rbridge cannot remove,
# by case id, with the reason. None today: every case matches.
ENGINE_DIFFERENCES: dict[str, str] = {}


def test_all_recorded_cases_are_bundled():
    """The 76 shared recordings, and 4 more recorded by tools/record-fixtures.sh from the real
    R keras 2.15.0 (tests/fixtures/cases_added.json)."""
    assert len(CASES) == 80
    assert len({c["id"] for c in CASES}) == 80


@pytest.mark.parametrize("values", ["r", "python"])
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_recorded_case(case, values):
    if case["id"] in ENGINE_DIFFERENCES:
        pytest.xfail(ENGINE_DIFFERENCES[case["id"]])
    row = compare(case, replay(case, values=values))
    assert row["ok"], "\n".join(row["problems"])


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
    for case in CASES:
        if case["result"]["kind"] != "error" or failed_inside_tensorflow(case["result"]["error"]):
            continue
        observed = replay(case)
        assert observed["kind"] == "error", case["id"]
        error = observed["error"]
        assert error["class"] in ("RArgumentError", "RMissingArgumentError"), (case["id"], error)
        assert error["argument"] and error["argument"] in error["message"], (case["id"], error)


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
    CPU (recorded). rbridge computes, and verify checks the numbers against the reference."""
    engine_cases = [c for c in CASES if c["result"]["kind"] == "error" and failed_inside_tensorflow(c["result"]["error"])]
    assert {c["id"] for c in engine_cases} == {
        "engine_float64_channels_first", "engine_float64_dilation2", "engine_float64_channels_first_sequential"}
    for case in engine_cases:
        row = compare(case, replay(case))
        assert row["ok"] and row["status"] == COMPUTED_WHERE_R_KERAS_FAILED, (case["id"], row["problems"])
        assert row["output_max_abs_err"] < 1e-12, case["id"]


def test_compare_catches_wrong_numbers_where_r_keras_failed(monkeypatch, request):
    """The reference check can fail: a dilated equivalent whose phases are interleaved one
    step off computes wrong numbers, and verify says so."""
    import tensorflow as tf

    from rbridge.engine import conv_transpose

    # Traced equivalents are cached per setting: none made before the planted bug may serve
    # this test, and none made with it may serve a later one.
    conv_transpose._equivalent_function.cache_clear()
    request.addfinalizer(conv_transpose._equivalent_function.cache_clear)
    by_phases = conv_transpose._dilated_by_phases

    def misplaced(*args, **kwargs):
        return tf.roll(by_phases(*args, **kwargs), shift=1, axis=1)

    monkeypatch.setattr(conv_transpose, "_dilated_by_phases", misplaced)
    monkeypatch.setattr(conv_transpose, "native_kernel_computes", lambda *a, **k: False)
    row = compare(_case("engine_float64_dilation2"), replay(_case("engine_float64_dilation2")))
    assert not row["ok"] and any("differ from the reference" in p for p in row["problems"])


def _same(observed, recorded) -> bool:
    """Equal, floats to the 15 significant digits the recording's JSON keeps."""
    if isinstance(recorded, float) and isinstance(observed, float):
        return math.isclose(observed, recorded, rel_tol=1e-14)
    if isinstance(recorded, dict) and isinstance(observed, dict):
        return recorded.keys() == observed.keys() and all(_same(observed[k], recorded[k]) for k in recorded)
    if isinstance(recorded, list) and isinstance(observed, list):
        return len(recorded) == len(observed) and all(_same(o, r) for o, r in zip(observed, recorded))
    return observed == recorded


def test_keras2_configs_are_the_recorded_configs_exactly():
    """On Keras 2 (what R keras 2.15 runs on) no normalisation is needed: get_config() is
    the recorded config, field for field and float for float; only Keras's name counter
    (conv1d_transpose, conv1d_transpose_1, ...) depends on the session."""
    from rbridge.engine import get_engine

    if get_engine().name != "keras2":
        pytest.skip("needs Keras 2 (TensorFlow 2.15): CI runs this in its second environment")
    checked = 0
    for case in CASES:
        expected = case["result"].get("config")
        if not expected:
            continue
        observed = replay(case)["config"]
        for key in set(expected) | set(observed):
            if key == "name" and all(re.fullmatch(r"conv1d_transpose(_\d+)?", str(c.get("name")))
                                     for c in (expected, observed)):
                continue
            assert _same(observed.get(key), expected.get(key)), (case["id"], key)
        checked += 1
    assert checked == sum(1 for c in CASES if c["result"].get("config")) > 0
