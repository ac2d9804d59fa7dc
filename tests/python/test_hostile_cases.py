"""Case files from strangers cannot take verify down (issue 25).

Each attack below once crashed the process, ran for minutes, allocated gigabytes, lost every
other case or lied on the terminal. Now each is a named case error (or, for a user's
expected error, a plain mismatch), and the good case in the same folder still agrees. Every
payload is refused in the sandbox or while reading JSON: no TensorFlow work, and the whole
file runs in a few seconds.
"""

from __future__ import annotations

import json
import time

import pytest

from rbridge.verify import CASE_ERROR, Limits, fixtures_dir, load_cases, verify
from rbridge.verify.allow_list import why_refused
from rbridge.verify.cases import read_json
from rbridge.verify.runner import case_problems

GOOD = json.loads((fixtures_dir() / "basic_missing.json").read_text())
ARGS = "list(filters = 1, kernel_size = 1)"


def _case(case_id: str, field: str = "args", source: str = ARGS) -> dict:
    case = {"id": case_id, "object": "array", "args": ARGS, "input": "array(1, dim = c(1, 3, 1))",
            "result": {"kind": "error", "error": {"message": "anything"}}}
    case[field] = source
    return case


# Payloads R would recurse on (R's evaluator, and the old allow-list walk, under rpy2 where R
# has no C stack check: a segmentation fault), each a different shape of deep tree.
DEEP = {
    "sum_chain": "1" + "+1" * 1000,
    "unary_minus": "-" * 1000 + "1",
    "product_chain": "2" + "*2" * 3000,
    "power_tower": "2" + "^1" * 800,
    "nested_calls": "abs(" * 300 + "1" + ")" * 300,
    "nested_lists": "list(" * 120 + ")" * 120,
    "mixed_unary": "-+" * 600 + "1",
    "range_chain": "1" + ":1" * 700,
}

# Vectors too large to make, each from a different constructor (refused before R allocates).
HUGE = {
    "seq_len_int_max": "seq_len(2147483647)",
    "rep_1e10": "rep(0, 1e10)",
    "rep_times_vector": "rep(1, times = c(2e9, 2e9))",
    "rep_each": "rep(1:3, each = 1e9)",
    "rep_length_out": "rep(1, length.out = 5e9)",
    "colon_range": "1:3e9",
    "array_dims": "array(0, dim = c(1e4, 1e4, 1e4))",
    "matrix_dims": "matrix(0, 5e4, 5e4)",
    "numeric_n": "numeric(2^40)",
    "seq_by": "seq(0, 1, by = 1e-12)",
    "seq_length_out": "seq(0, 1, length.out = 1e11)",
    "max_of_seq": "max(seq_len(1e15))",
    "many_small": "list(" + ", ".join(["seq_len(4e6)"] * 4) + ")",  # 16e6 in all: the budget is per case
    "hidden_after_a_warning": "c(as.integer('a'), sum(seq_len(1e15)))",
}


def test_deep_expressions_are_refused_without_recursion():
    for name, source in DEEP.items():
        reason = why_refused(source)
        assert reason and ("--max-depth" in reason or "contextstack" in reason), (name, reason)


def test_deep_expressions_within_the_limit_are_allowed():
    assert why_refused("1" + "+1" * 40) is None
    assert why_refused("-" * 40 + "1") is None


def test_huge_vectors_are_refused_before_r_allocates_them():
    started = time.perf_counter()
    for name, source in HUGE.items():
        problems = case_problems(_case(name, "input", source), name, trust_cases=False)
        assert problems and "--max-elements" in problems[0], (name, problems)
        assert f'case "{name}" field "input"' in problems[0]
    assert time.perf_counter() - started < 20


def test_a_raised_limit_lets_a_larger_case_through():
    source = "array(seq_len(2e6), dim = c(2e6, 1, 1))"
    assert "--max-elements" in case_problems(_case("big", "input", source), "big", False,
                                             limits=Limits(elements=10**6))[0]
    assert case_problems(_case("big", "input", source), "big", False) == []


def test_a_slow_case_is_stopped_and_the_next_one_runs():
    limits = Limits(seconds=1.5, elements=10**16)  # nothing refused by size: only time stops it
    started = time.perf_counter()
    problems = case_problems(_case("slow", "input", "max(seq_len(1e15))"), "slow", False, limits=limits)
    assert problems and "longer than 1.5 s" in problems[0] and "--case-timeout" in problems[0]
    assert time.perf_counter() - started < 10
    assert case_problems(_case("next"), "next", False, limits=limits) == []  # a new sandbox


def test_memory_is_bounded():
    limits = Limits(memory_mb=400, elements=10**12)
    problems = case_problems(_case("greedy", "input", "sum(seq_len(2e8) + 0.5)"), "greedy", False, limits=limits)
    assert problems and "cannot allocate" in problems[0], problems
    assert case_problems(_case("after"), "after", False, limits=limits) == []


def test_checking_time_is_linear_in_the_source_size():
    """80 KB of c(0, ...) took 152 s to check; eight times as much now takes about eight times as long."""
    limits = Limits(source_chars=10**7, nodes=10**7)

    def seconds(n: int) -> float:
        source = "c(" + ", ".join(["0"] * n) + ")"
        started = time.perf_counter()
        assert why_refused(source, limits) is None
        return time.perf_counter() - started

    seconds(100)  # the sandbox started
    # 80 KB and 650 KB (past R's substring() default of a million characters of hex, too)
    small, large = seconds(27_000), seconds(216_000)
    assert small < 5 and large < 8 * small * 2 + 1, (small, large)


def test_source_over_the_length_limit_is_refused_unread():
    assert "--max-source-chars" in why_refused("c(" + "0, " * 40_000 + "0)")


@pytest.mark.parametrize("text, words", [
    ('{"id": "n", "x": ' + "9" * 5000 + "}", "5,000 characters long"),
    ('{"id": "n", "x": -0.' + "1" * 500 + "}", "characters long"),
    ("[" * 100_000 + "]" * 100_000, "--max-json-depth"),
    ('{"id": "s", "object": "missing", "args": "list(name = \'\\ud800\')", "result": {}}', "lone surrogate"),
    ('{"id": "d", "id": "e"}', 'the key "id" appears twice'),
    ('{"id": "d", "result": {"kind": "error", "kind": "array"}}', 'the key "kind" appears twice'),
])
def test_json_is_read_within_bounds(tmp_path, text, words):
    file = tmp_path / "hostile.json"
    file.write_text(text)
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        read_json(file)
    (loaded,) = load_cases(tmp_path)
    assert loaded["_errors"] and words in loaded["_errors"][0]


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    (tmp_path / "big.json").write_text(json.dumps(GOOD))
    (loaded,) = load_cases(tmp_path, limits=Limits(file_bytes=100))
    assert "--max-file-bytes" in loaded["_errors"][0]


def test_a_folder_of_hostile_cases_reports_each_and_runs_the_good_one(tmp_path):
    """One folder: every attack class beside one good case. verify returns a row per file,
    each attack a case error naming it; the good case agrees."""
    (tmp_path / "good.json").write_text(json.dumps(GOOD))
    files = {}
    for name, source in {**DEEP, **HUGE}.items():
        files[name] = json.dumps(_case(name, "set_weights", source))
    files["reserved"] = json.dumps({**_case("reserved"), "_errors": []})
    files["claims_good_id"] = json.dumps({**_case("claims"), "id": "basic_missing_copy"})
    files["claims_good_id_too"] = json.dumps({**_case("claims2"), "id": "basic_missing_copy"})
    files["number"] = '{"id": "number", "x": 1' + "0" * 5000 + "}"
    files["nesting"] = "[" * 100_000 + "]" * 100_000
    for name, text in files.items():
        (tmp_path / f"{name}.json").write_text(text)
    frame = verify(load_cases(tmp_path)).set_index("file")
    assert len(frame) == len(files) + 1
    good = frame.loc[str(tmp_path / "good.json")]
    assert good["ok"] and good["status"] == "agrees"
    for name in files:
        row = frame.loc[str(tmp_path / f"{name}.json")]
        assert row["status"] == CASE_ERROR and not row["ok"], name
        assert str(tmp_path / f"{name}.json") in " ".join(row["problems"]), name


def test_control_characters_are_escaped_in_everything_printed(tmp_path, capsys):
    """An OSC sequence (set the terminal's title), a bell, a screen clear and a bidirectional
    override, in a file name, an R source the parser quotes back, and an expected error."""
    from rbridge.__main__ import main

    osc = "\x1b]0;owned\x07"
    (tmp_path / f"evil{osc}\x1b[2J.json").write_text("{not json")
    (tmp_path / "source.json").write_text(json.dumps(_case("source", "args", f"list({osc}\u202e")))
    mine = {**GOOD, "id": "message", "result": {"kind": "error", "error": {"message": f"boom{osc}"}}}
    (tmp_path / "message.json").write_text(json.dumps(mine))
    assert main(["verify", "--cases", str(tmp_path), "--quiet", "--all-rows"]) == 1
    run = capsys.readouterr()
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in run.out and raw not in run.err, repr(raw)
    assert "evil\\x1b]0;owned\\x07\\x1b[2J" in run.out  # the file name, escaped
    assert "list(\\x1b" in run.out  # R's parser quoting the source back, escaped
    assert max(len(line) for line in run.out.splitlines()) <= 120


def test_a_user_written_error_is_never_r_keras_failing_in_tensorflow(tmp_path):
    """A user's expected error that reads like TensorFlow's kernel refusing NHWC: rbridge
    computes the layer, so the case does not agree, and nothing calls it R keras's."""
    mine = {**GOOD, "id": "nhwc", "object": "array", "input": "array(1, dim = c(1, 3, 1))",
            "result": {"kind": "error", "error": {"message": "Conv2D only supports the NHWC tensor format"}}}
    (tmp_path / "nhwc.json").write_text(json.dumps(mine))
    row = verify(load_cases(tmp_path)).iloc[0]
    assert not row["ok"] and row["status"] == "mismatch" and row["truth"] == "user-written"
    problems = " ".join(row["problems"])
    assert "the case expects an error" in problems and "R keras" not in problems


@pytest.mark.parametrize("source, words", [
    ("list(filters = 1)\x00system('id')", "not UTF-8 text R can read"),
    ("list(filters = 1)\rsystem('id')", "R cannot parse it"),
    ("list(filters = 1)\n;system('id')", "R cannot parse it"),
    ("list(filters = 1)\nsystem('id')", "one R expression"),
    ("(\\(x) system(x))('id')", "function"),
    ("list(a = ~system('id'))", "function ~"),
    ("'id' -> x", "function <-"),
    ("'id' |> system()", "function system"),
    ("c(1) %in% c(1)", "function %in%"),
    ("\u0455ystem('id')", "function \u0455ystem"),  # a Cyrillic s
    ("sys\u200dtem('id')", "R cannot parse it"),  # a zero-width joiner inside the name
    ("if (TRUE) 1", "function if"),
    ("repeat 1", "function repeat"),
    ("c(1)@x", "function @"),
    ("?system", "function ?"),
])
def test_more_payloads_are_refused_naming_why(source, words):
    reason = why_refused(source)
    assert reason and words in reason, (source, reason)


def test_what_stays_allowed_near_the_limits():
    assert why_refused("list(name = '" + "a" * 90_000 + "')") is None  # a long string is data
    assert why_refused("c(1e999999, 0x7FFFFFFFL, -Inf, NA_real_)") is None
    assert why_refused('list(name = r"(system("id"))")') is None  # R 4's raw string: a string, not a call


def test_without_rscript_each_case_is_a_case_error_not_a_crash(monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("R_HOME", "/nonexistent")
    problems = case_problems(_case("no_r"), "no_r", False, limits=Limits(seconds=19.5))
    assert problems and "Rscript could not be started" in problems[0]
