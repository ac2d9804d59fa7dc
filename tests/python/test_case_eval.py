"""Case files are data, not code: R source in a case that reaches for files, processes,
the network or the environment is refused before anything runs, from each field."""

from __future__ import annotations

import json
import os
import socket

import pytest

from rbridge.verify.allow_list import UnsafeCaseError, check, why_refused
from rbridge.verify import CASE_ERROR, fixtures_dir, load_cases, verify

FIELDS = ("args", "input", "set_weights")


def _attacks(tmp_path, port):
    """name -> (R source that would leave a trace, how to see the trace)."""
    marker = tmp_path / "pwned.txt"
    touched = tmp_path / "touched"
    return {
        "file": (f"{{ writeLines('owned', '{marker}'); list(filters = 1, kernel_size = 1) }}", marker.exists),
        "file_in_argument": (f"list(filters = 1, kernel_size = 1, name = writeLines('owned', '{marker}'))",
                             marker.exists),
        "process": (f"list(filters = 1, kernel_size = 1, name = system('touch {touched}'))", touched.exists),
        "process_via_get": (f"get('system')('touch {touched}')", touched.exists),
        "process_via_namespace": (f"base::system('touch {touched}')", touched.exists),
        "process_via_do_call": (f"do.call('system', list('touch {touched}'))", touched.exists),
        "process_via_eval": (f"eval(parse(text = 'system(\"touch {touched}\")'))", touched.exists),
        "process_via_backticks": (f"`system`('touch {touched}')", touched.exists),
        "process_via_function": (f"(function() system('touch {touched}'))()", touched.exists),
        "network": (f"readLines(url('http://127.0.0.1:{port}/'))", None),
        "network_socket": (f"socketConnection('127.0.0.1', {port})", None),
        "environment_write": ("list(filters = Sys.setenv(RBRIDGE_PWNED = '1'), kernel_size = 1)",
                              lambda: "RBRIDGE_PWNED" in os.environ),
        "environment_read": ("list(filters = 1, kernel_size = 1, name = Sys.getenv('HOME'))", None),
        "assign": ("list(filters = assign('x', 1, envir = globalenv()), kernel_size = 1)", None),
        "superassign": ("list(filters = (x <<- 1), kernel_size = 1)", None),
        "dollar": ("list(filters = Sys.info()$user, kernel_size = 1)", None),
        "file_read": ("list(filters = 1, kernel_size = 1, name = file('/etc/passwd'))", None),
    }


@pytest.fixture
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.3)
    yield server
    server.close()


def _case(field, source):
    case = {"id": f"attack_{field}", "object": "array", "args": "list(filters = 1, kernel_size = 1)",
            "input": "array(1, dim = c(1, 3, 1))", "set_weights": None,
            "result": {"kind": "error", "error": {"message": "anything"}}}
    case[field] = source
    return case


@pytest.mark.parametrize("field", FIELDS)
def test_no_attack_runs_from_any_field(tmp_path, listener, field):
    attacks = _attacks(tmp_path, listener.getsockname()[1])
    folder = tmp_path / "cases"
    folder.mkdir()
    for name, (source, _) in attacks.items():
        (folder / f"{name}.json").write_text(json.dumps({**_case(field, source), "id": name}))
    frame = verify(load_cases(folder))
    assert len(frame) == len(attacks)
    for _, row in frame.iterrows():
        assert row["status"] == CASE_ERROR and not row["ok"], row["id"]
        assert f'case "{row["id"]}" field "{field}": ' in row["problems"][0], row["problems"]
        assert "is not allowed in a case file" in row["problems"][0]
    for name, (_, trace) in attacks.items():
        assert trace is None or not trace(), f"{name} ran from {field}"
    with pytest.raises(socket.timeout):
        listener.accept()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases"]  # nothing written


def test_the_error_names_case_field_and_function():
    case = _case("args", "{ writeLines('owned', 'pwned.txt'); list(filters = 1, kernel_size = 1) }")
    with pytest.raises(UnsafeCaseError, match='case "attack_args" field "args": function { is not allowed'):
        check(case)
    with pytest.raises(UnsafeCaseError, match='field "input": function writeLines is not allowed in a case file'):
        check(_case("input", "writeLines('owned', 'pwned.txt')"))
    with pytest.raises(UnsafeCaseError, match="function :: is not allowed"):
        check(_case("set_weights", "base::list(1)"))


def test_trust_cases_runs_full_r(tmp_path):
    """The same file-writing case with --trust-cases does write: the attacks above are real."""
    marker = tmp_path / "trusted.txt"
    case = _case("args", f"{{ writeLines('ok', '{marker}'); list(filters = 1, kernel_size = 1) }}")
    verify([case], trust_cases=True)
    assert marker.read_text() == "ok\n"


def test_what_cases_need_is_allowed():
    allowed = [
        "list(filters = 4L, kernel_size = c(3, 1), padding = 'same', input_shape = list(NULL, 3))",
        "array(sin(seq_len(2*5*3)), dim = c(2, 5, 3))", "matrix(rep(0.5, 6), nrow = 2)",
        "list(a = NA, b = NA_integer_, c = NA_real_, d = NA_character_, e = NULL, f = TRUE, g = F, h = -1:3)",
        "as.integer(round(2.7)) + abs(-1) * sqrt(4) ^ 2 %/% 3 %% 2 - exp(0) / cos(0)",
        "list(as.numeric('1'), as.double(1L), as.character(1), as.logical(0), seq(1, 9, by = 2), pi, Inf)",
        "list(initializer_constant(0.5), regularizer_l2(0.01), regularizer_l1(), constraint_maxnorm(2),"
        " constraint_nonneg(), initializer_ones(), initializer_zeros())",
        "list(array(cos(seq_len(3 * 4 * 3)) / 3, dim = c(3, 4, 3)), array(seq_len(4) / 10))",
    ]
    assert [why_refused(source) for source in allowed] == [None] * len(allowed)


def test_every_bundled_fixture_passes_the_allow_list():
    for case in load_cases(fixtures_dir()):
        check(case)
    for case in json.loads((fixtures_dir().parent / "cases_added.json").read_text()):
        check(case)


@pytest.mark.parametrize("source, reason", [
    ("c(1,", "R cannot parse it"), ("1; 2", "one R expression"), ("c(x)", "variable x is not allowed"),
    ("list(a = )", "an empty argument in list()"), ("x <- 1", "function <- is not allowed"),
    ("(c)(1)", "variable c is not allowed"), ("(1)(2)", "calling the result of (1)"), ("c(1)[1]", "function [ is not allowed"),
])
def test_other_refusals_say_why(source, reason):
    assert reason in why_refused(source)
