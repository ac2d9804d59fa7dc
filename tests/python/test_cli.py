"""``python -m rbridge verify``: the table, the report files, and an exit status that means something."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from rbridge.__main__ import main
from rbridge.verify import fixtures_dir


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
    out = capsys.readouterr().out
    # A copy outside the bundled fixtures may have been edited: its truth is the user's, not R keras's.
    assert "MISMATCH numeric_s1_valid (truth: user-written): outputs differ" in out
    assert "0/1 cases agree with their user-written expected results" in out


def test_user_written_truth_is_never_called_r_keras(tmp_path, capsys):
    case = json.loads((fixtures_dir() / "dispatch_tensor.json").read_text())
    case["result"]["output_shape"][1] += 1
    (tmp_path / "mine.json").write_text(json.dumps(case))
    assert main(["verify", "--cases", str(tmp_path), "--quiet", "--report", str(tmp_path / "r.html")]) == 1
    out = capsys.readouterr().out
    mismatch = next(line for line in out.splitlines() if "MISMATCH" in line)
    assert "output_shape: expected" in mismatch and "R keras" not in mismatch
    assert "R keras" not in out.split("\n\n")[-1].split("MISMATCH")[0]  # the summary line
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
    out = capsys.readouterr().out
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
    assert "per function: cropping_1d " in run.stdout and ", upsampling_1d " in run.stdout
    assert "conv_2d" not in run.stdout
    # TensorFlow 2.21 prints its start-up lines twice per process (past TF_CPP_MIN_LOG_LEVEL):
    # rbridge's own command says them once at most.
    assert run.stderr.count("oneDNN custom operations") <= 1, run.stderr
    bad = subprocess.run([sys.executable, "-m", "rbridge", "verify", "--function", "layer_conv_4d"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "layer_conv_4d" in bad.stderr
