"""``python -m rbridge verify``: the table, the report files, and an exit status that means something."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from rbridge.__main__ import main
from rbridge.verify import fixtures_dir


pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def _unwrapped(text: str) -> str:
    """The terminal output with its lines (wrapped at 120 characters) joined again."""
    return " ".join(text.split())


def test_agreeing_cases_exit_zero_and_write_reports(tmp_path, capsys):
    for suffix in ("html", "csv", "json"):
        report = tmp_path / f"r.{suffix}"
        assert main(["verify", "basic_missing", "numeric_s2_same_op1", "--quiet", "--report", str(report)]) == 0
        assert report.stat().st_size > 0
    assert "2/2 cases agree" in capsys.readouterr().out
    assert list(pd.read_csv(tmp_path / "r.csv")["ok"]) == [True, True]
    assert "<table" in (tmp_path / "r.html").read_text()


def test_a_planted_mismatch_exits_one(tmp_path, capsys):
    case = json.loads((fixtures_dir() / "numeric_s1_valid.json").read_text())
    case["result"]["output"]["data"][0] += 0.01
    (tmp_path / "planted.json").write_text(json.dumps(case))
    assert main(["verify", "--cases", str(tmp_path), "--quiet"]) == 1
    out = _unwrapped(capsys.readouterr().out)
    # A copy outside the bundled fixtures may have been edited: its truth is the user's, not R keras's.
    # The mismatch says which element, what was expected and what rbridge gave.
    expected = case["result"]["output"]["data"][0]
    assert (f"MISMATCH numeric_s1_valid (truth: user-written): outputs differ at [0, 0, 0]: expected "
            f"{expected:.6g}, rbridge {expected - 0.01:.6g} (1 of ") in out
    assert "0/1 cases agree with their user-written expected results" in out


def test_user_written_truth_is_never_called_r_keras(tmp_path, capsys):
    case = json.loads((fixtures_dir() / "dispatch_tensor.json").read_text())
    case["result"]["output_shape"][1] += 1
    (tmp_path / "mine.json").write_text(json.dumps(case))
    assert main(["verify", "--cases", str(tmp_path), "--quiet", "--report", str(tmp_path / "r.html")]) == 1
    out = capsys.readouterr().out
    mismatch = _unwrapped(out.split("MISMATCH", 1)[1])
    assert "output_shape: expected" in mismatch and "R keras" not in mismatch
    assert "R keras" not in out.split("\n\n")[0]  # the summary, first
    assert "user-written" in (tmp_path / "r.html").read_text()


def test_malformed_cases_are_reported_and_the_valid_ones_still_run(tmp_path, capsys):
    (tmp_path / "good.json").write_text((fixtures_dir() / "basic_missing.json").read_text())
    (tmp_path / "syntax.json").write_text(json.dumps(
        {"id": "syntax", "object": "missing", "args": "list(filters = 2, kernel_size = ",
         "result": {"kind": "error", "error": {"message": "x"}}}))
    (tmp_path / "no_result.json").write_text(json.dumps(
        {"id": "no_result", "object": "missing", "args": "list(filters = 2, kernel_size = 2)"}))
    (tmp_path / "report.json").write_text("[]")  # a JSON list of no cases: nothing
    assert main(["verify", "--cases", str(tmp_path), "--quiet", "--report", str(tmp_path / "r.csv")]) == 1
    out = _unwrapped(capsys.readouterr().out)
    assert "1/3 cases agree" in out and "2 cases could not be run" in out
    assert f'CASE ERROR syntax: {tmp_path / "syntax.json"}: case "syntax" field "args": R cannot parse it' in out
    assert f'CASE ERROR no_result: {tmp_path / "no_result.json"}: field "result": is missing' in out
    rows = pd.read_csv(tmp_path / "r.csv").set_index("id")
    assert rows.loc["basic_missing", "status"] == "agrees"


def test_the_recorded_fixtures_name_their_recorder(capsys):
    assert main(["verify", "basic_missing", "--quiet"]) == 0
    assert "1/1 cases agree with R keras 2.15.0 (recorded)" in capsys.readouterr().out


def test_trust_cases_is_documented_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    assert "--trust-cases" in capsys.readouterr().out


def test_unknown_case_is_a_usage_error(capsys):
    assert main(["verify", "no_such_case", "--quiet"]) == 2
    assert "no_such_case" in capsys.readouterr().err


def test_python_values_mode(capsys):
    assert main(["verify", "shape_input_list_null", "--python-values", "--quiet"]) == 0


def test_bad_report_suffix_is_refused_before_running(tmp_path, capsys):
    assert main(["verify", "basic_missing", "--quiet", "--report", str(tmp_path / "r.txt")]) == 2
    assert ".html, .csv or .json" in capsys.readouterr().err


# An array result records no config: whether its numbers can be compared depends on the
# initializers the arguments choose (R keras's random draws differ from any other run's).
@pytest.mark.parametrize("args, fixed", [
    ("list(filters = 2, kernel_size = 3)", False),  # glorot_uniform kernel
    ("list(filters = 2, kernel_size = 3, kernel_initializer = initializer_constant(0.5))", True),
    ("list(filters = 2, kernel_size = 3, kernel_initializer = 'ones', bias_initializer = 'random_normal')", False),
    ("list(filters = 2, kernel_size = 3, kernel_initializer = 'ones', bias_initializer = 'random_normal', "
     "use_bias = FALSE)", True),
    ("list(filters = 2, kernel_size = 3, weights = list(array(1, dim = c(3, 2, 1)), array(0, 2)))", True),
])
def test_array_cases_compare_numbers_only_where_the_weights_are_fixed(args, fixed):
    from rbridge.verify import weights_fixed

    case = {"id": "t", "object": "array", "args": args, "input": "array(1, dim = c(1, 4, 1))"}
    assert weights_fixed(case, {"kind": "array", "output": {}}) is fixed


@pytest.mark.parametrize("initializer, deterministic", [
    ({"class_name": "GlorotUniform", "config": {}}, False), ("glorot_uniform", False), ("he_normal", False),
    ({"class_name": "Constant", "config": {"value": 0.5}}, True), ("zeros", True), (None, False),
])
def test_an_initializer_is_random_by_class_or_by_name(initializer, deterministic):
    from rbridge.verify import initializers_deterministic

    config = {"use_bias": False, "kernel_initializer": initializer}
    assert initializers_deterministic(config) is deterministic


def test_only_the_initializers_of_weights_the_layer_has_count():
    """Keras 2.15's SeparableConv config carries a vestigial kernel_initializer (GlorotUniform)
    that no R argument sets and no weight uses: separable cases with constant depthwise and
    pointwise initializers fix their weights, so their numbers are compared."""
    from rbridge.verify import weights_fixed

    case = {"id": "t", "function": "layer_separable_conv_1d", "object": "array", "input": "array(1, c(1, 4, 2))",
            "args": "list(filters = 2, kernel_size = 2, depthwise_initializer = 'ones', "
                    "pointwise_initializer = initializer_constant(0.5))"}
    config = {"kernel_initializer": {"class_name": "GlorotUniform", "config": {}},
              "depthwise_initializer": {"class_name": "Ones", "config": {}},
              "pointwise_initializer": {"class_name": "Constant", "config": {"value": 0.5}},
              "bias_initializer": {"class_name": "Zeros", "config": {}}, "use_bias": True}
    assert weights_fixed(case, {"kind": "array", "output": {}}) is True
    assert weights_fixed(case, {"kind": "layer", "config": config}) is True
    config["pointwise_initializer"] = {"class_name": "GlorotUniform", "config": {}}
    assert weights_fixed(case, {"kind": "layer", "config": config}) is False


def test_the_html_report_explains_itself(tmp_path):
    """A legend, each case's description and R call, the versions on both sides, a width
    that fits a laptop (the table's layout is fixed and wraps; no column is cut off)."""
    report = tmp_path / "v.html"
    assert main(["verify", "basic_missing", "--quiet", "--report", str(report)]) == 0
    page = report.read_text()
    about = json.loads((fixtures_dir() / "basic_missing.json").read_text())["about"]
    for text in ("Legend", "computed where R keras failed", "case error", about,
                 "layer_conv_1d_transpose(filters = 4, kernel_size = 3)", "truth: recorded by R keras 2.15.0",
                 "Recorded with", "R keras 2.15.0, TensorFlow 2.15", "rbridge ran on", "Keras ", "TensorFlow ",
                 "table-layout:fixed", "max-width:1380px", 'name="viewport"'):
        assert text in page, text


def test_verify_selects_functions_and_reports_per_function():
    """`--function` (repeatable) picks the cases of those R functions; the summary then says how
    many agree per function; an unknown function is a usage error naming it."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "rbridge", "verify", "--quiet", "--function", "layer_cropping_1d",
                          "--function", "layer_upsampling_1d"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "per function: cropping_1d " in _unwrapped(run.stdout) and ", upsampling_1d " in _unwrapped(run.stdout)
    assert "conv_2d" not in run.stdout
    # TensorFlow 2.21 prints its start-up lines twice per process (past TF_CPP_MIN_LOG_LEVEL):
    # rbridge's own command says them once at most.
    assert run.stderr.count("oneDNN custom operations") <= 1, run.stderr
    bad = subprocess.run([sys.executable, "-m", "rbridge", "verify", "--function", "layer_conv_4d"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "layer_conv_4d" in bad.stderr


def test_the_terminal_output_is_the_summary_then_what_does_not_agree(tmp_path, capsys):
    """The summary first, lines within 120 characters, no row for an agreeing case unless
    --all-rows; a user-written case is not labelled "recorded", and a row rbridge computed
    says what rbridge gave (its kind), not what the truth expected."""
    assert main(["verify", "basic_missing", "numeric_s2_same_op1", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2/2 cases agree") and "basic_missing" not in out
    assert main(["verify", "basic_missing", "numeric_s2_same_op1", "--quiet", "--all-rows"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2/2 cases agree") and "basic_missing" in out and "numeric_s2_same_op1" in out
    assert max(len(line) for line in out.splitlines()) <= 120
    case = json.loads((fixtures_dir() / "numeric_s2_same_op1.json").read_text())
    (tmp_path / "mine.json").write_text(json.dumps(case))
    assert main(["verify", "--cases", str(tmp_path), "--quiet", "--report", str(tmp_path / "r.csv")]) == 0
    row = pd.read_csv(tmp_path / "r.csv").iloc[0]
    assert row["mode"] == "user-written" and row["truth"] == "user-written"
    engine = "conv_2d.array_float64_channels_first"  # R keras failed inside TensorFlow; rbridge computed
    assert main(["verify", engine, "--quiet", "--report", str(tmp_path / "e.csv")]) == 0
    row = pd.read_csv(tmp_path / "e.csv").iloc[0]
    assert row["kind"] == "array" and row["expected_kind"] == "error" and row["mode"] == "recorded"
