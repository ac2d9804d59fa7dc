"""The case format (rbridge.verify.cases): a case that compares nothing cannot pass, a malformed
case is reported with its file and field while the others run, and each case says where
its truth came from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rbridge.specs import SPECS
from rbridge.verify import cases
from rbridge.verify import CASE_ERROR, fixtures_dir, load_cases, verify

ARRAY_CASE = {"id": "no_expected_output", "object": "array", "args": "list(filters = 2, kernel_size = 2)",
              "input": "array(1, dim = c(1, 3, 1))", "result": {"kind": "array"}}

# The vacuous cases: each once "agreed"; each must now fail, naming the missing field.
VACUOUS = {
    "no_expected_output": (ARRAY_CASE, "result.output"),
    "misspelt_output": ({**ARRAY_CASE, "id": "misspelt_output",
                         "result": {"kind": "array", "ouput": {"shape": [1, 4, 2], "data": [0.0] * 8}}},
                        "result.output"),
    "layer_without_config": ({"id": "layer_without_config", "object": "missing",
                              "args": "list(filters = 2, kernel_size = 2)", "result": {"kind": "layer"}},
                             "result.config"),
    "model_without_anything": ({"id": "model_without_anything", "object": "sequential",
                                "args": "list(filters = 2, kernel_size = 2, input_shape = c(3, 1))",
                                "result": {"kind": "model", "n_layers": 1}}, "result.config"),
    "error_without_error": ({"id": "error_without_error", "object": "missing", "args": "list(filters = 0)",
                             "result": {"kind": "error", "warnings": []}}, "result.error"),
}


def _write(folder: Path, *entries: dict) -> Path:
    for entry in entries:
        (folder / f"{entry['id']}.json").write_text(json.dumps(entry))
    return folder


@pytest.mark.parametrize("name", sorted(VACUOUS))
def test_a_case_with_nothing_to_compare_fails_naming_file_and_field(tmp_path, name):
    case, field = VACUOUS[name]
    _write(tmp_path, case)
    frame = verify(load_cases(tmp_path))
    row = frame.iloc[0]
    assert not row["ok"] and row["status"] == CASE_ERROR
    message = "; ".join(row["problems"])
    assert str(tmp_path / f"{case['id']}.json") in message and f'field "{field}"' in message
    assert "compares nothing" in message


def test_a_misspelt_field_gets_the_nearest_valid_name():
    errors = dict(cases.validate(VACUOUS["misspelt_output"][0]))
    assert errors["result.ouput"] == 'unknown field (did you mean "output"?)'
    errors = dict(cases.validate({**ARRAY_CASE, "inptu": "1", "result": {"kind": "array", "output": None}}))
    assert 'did you mean "input"' in errors["inptu"]


@pytest.mark.parametrize("change, field, words", [
    ({"object": "arrays"}, "object", 'did you mean "array"'),
    ({"function": "layer_conv_2d_tranpose"}, "function", 'did you mean "layer_conv_2d_transpose"'),
    ({"args": ["filters", 2]}, "args", "R source"),
    ({"input": None}, "input", 'object "array" needs R source'),
    ({"result": {"kind": "array", "output": {"shape": [1, 2], "data": [1.0]}}}, "result.output", "needs 2"),
    ({"result": {"kind": "layer", "config": {}}}, "result.kind", 'cannot come from object "array"'),
    ({"result": {"kind": "arry", "output": None}}, "result.kind", 'did you mean "array"'),
])
def test_the_schema_refuses_wrong_values(change, field, words):
    errors = dict(cases.validate({**ARRAY_CASE, **change}))
    assert words in errors[field]


def test_every_bundled_fixture_and_the_family_field_are_valid():
    for file in sorted(fixtures_dir().glob("*.json")):
        assert cases.validate(json.loads(file.read_text())) == [], file.name
    good = {**ARRAY_CASE, "result": {"kind": "array", "output": {"shape": [1, 4, 2], "data": [0.0] * 8}}}
    for function in SPECS:  # the function list is the specs': none kept by hand
        assert cases.validate({**good, "function": function}) == []
    assert cases.functions() == tuple(SPECS)
    assert "function" in dict(cases.validate({**good, "function": "layer_conv_4d"}))


def test_live_mode_needs_no_recorded_result():
    case = {k: v for k, v in ARRAY_CASE.items() if k != "result"}
    assert cases.validate(case, need_result=False) == []
    assert "result" in dict(cases.validate(case))


def test_a_folder_with_bad_files_loads_the_good_ones(tmp_path):
    good = json.loads((fixtures_dir() / "basic_missing.json").read_text())
    _write(tmp_path, good, {**good, "id": "another"}, {**ARRAY_CASE, "id": "dup", "result": {"kind": "array"}})
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "again.json").write_text(json.dumps(good))  # the same id twice
    loaded = {c["id"] if "_errors" not in c else c["_file"]: c for c in load_cases(tmp_path)}
    assert "_errors" not in loaded["another"]
    assert "not valid JSON" in loaded[str(tmp_path / "broken.json")]["_errors"][0]
    # An id two files claim is neither's: both are refused, each naming the other.
    for name in ("basic_missing.json", "again.json"):
        assert 'is also the id of' in " ".join(loaded[str(tmp_path / name)]["_errors"]), name


def test_provenance_names_where_the_truth_came_from(tmp_path):
    bundled = load_cases(ids=["basic_missing"])[0]
    assert bundled["_provenance"] == "recorded by R keras 2.15.0"
    # A copy outside the bundled fixtures may have been edited: its truth is the user's.
    _write(tmp_path, json.loads((fixtures_dir() / "basic_missing.json").read_text()))
    assert load_cases(tmp_path)[0]["_provenance"] == "user-written"


@pytest.mark.parametrize("key, value", [("_provenance", "recorded by R keras 2.15.0"), ("_errors", ["all good"]),
                                        ("_file", "tests/fixtures/r-keras-2.15/basic_missing.json")])
def test_rbridge_s_own_keys_cannot_be_in_a_file(tmp_path, key, value):
    """A file claiming a provenance, a verdict of its own or another file is a case error."""
    case = {**json.loads((fixtures_dir() / "basic_missing.json").read_text()), key: value}
    _write(tmp_path, case)
    (loaded,) = load_cases(tmp_path)
    assert loaded["_provenance"] == "user-written" and loaded["_file"] == str(tmp_path / "basic_missing.json")
    assert any(f'field "{key}": is reserved for rbridge' in e for e in loaded["_errors"]), loaded["_errors"]
    row = verify([loaded]).iloc[0]
    assert row["status"] == CASE_ERROR and "all good" not in " ".join(row["problems"])


@pytest.mark.parametrize("case, call", [
    ({"object": "missing", "args": "list(filters = 4, kernel_size = c(3, 1))"},
     "layer_conv_1d_transpose(filters = 4, kernel_size = c(3, 1))"),
    ({"object": "null", "args": "list(filters = 4)"}, "layer_conv_1d_transpose(NULL, filters = 4)"),
    ({"object": "array", "args": "list(filters = 2)", "input": "array(1, dim = c(1, 3, 1))"},
     "layer_conv_1d_transpose(array(1, dim = c(1, 3, 1)), filters = 2)"),
    ({"object": "sequential", "args": "list(filters = 2)", "function": "layer_conv_2d"},
     "keras_model_sequential() %>% layer_conv_2d(filters = 2)"),
    ({"object": "tensor", "args": "list(filters = 2)", "input": "c(5, 3)"},
     "layer_input(shape = c(5, 3)) %>% layer_conv_1d_transpose(filters = 2)"),
    ({"object": "missing", "args": "c(list(filters = 2), list(kernel_size = 3))"},
     "do.call(layer_conv_1d_transpose, c(c(list(filters = 2), list(kernel_size = 3))))"),
])
def test_the_r_call_a_case_stands_for(case, call):
    assert cases.r_call(case) == call


DOC = Path(__file__).resolve().parents[2] / "docs" / "case-format.md"


def test_the_case_format_page_describes_every_field_and_function():
    from rbridge.verify.allow_list import ALLOWED_FUNCTIONS, helper_names

    page = DOC.read_text()
    for name in [*cases.FIELDS, *cases.RESULT_FIELDS, *cases.OBJECTS, *cases.KINDS]:
        assert f"`{name}`" in page or f'`"{name}"`' in page, name
    for name in ALLOWED_FUNCTIONS | helper_names():
        assert name in page, name


def test_the_worked_example_agrees(tmp_path):
    example = re.search(r"```json\n(.*?)```", DOC.read_text(), re.S).group(1)
    (tmp_path / "example.json").write_text(example)
    row = verify(load_cases(tmp_path)).iloc[0]
    assert row["ok"] and row["status"] == "agrees" and row["truth"] == "user-written", row["problems"]
    assert row["output_max_abs_err"] == 0
