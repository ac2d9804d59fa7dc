"""Verifying many cases: each checked, replayed and compared, one row per case.

:func:`verify` never lets one case take the run down: a case that cannot run (malformed,
refused by the allow-list, over a limit, killed by the sandbox, failing in R) is a row with
status :data:`CASE_ERROR` naming the case, and the others still run.
"""

from __future__ import annotations

from typing import Callable, Iterable

from .allow_list import R_FIELDS, check
from .cases import PROVENANCE_LIVE, PROVENANCE_USER, CaseError, load_cases, r_call, select_functions, validate
from .compare import compare
from .limits import DEFAULT, Limits
from .r_session import evaluate_r
from .replay import replay

CASE_ERROR = "case error: not run"


def verify(cases: Iterable[dict] | None = None, values: str = "r", progress=None,
           truth: Callable[[dict], dict] | None = None, mode: str = "recorded",
           trust_cases: bool = False, functions: Iterable[str] | None = None, limits: Limits = DEFAULT):
    """Replay and compare many cases; a pandas DataFrame with one row per case.

    ``truth`` gives the case whose ``result`` is the truth for each case: by default the
    case itself (the result recorded in it). Live mode (:func:`rbridge.verify.live.verify_live`)
    passes R keras run now, and ``mode="live"`` labels the rows.

    Every case is checked first (:func:`case_problems`): against the case format, and,
    unless ``trust_cases``, its R source in the sandbox (:mod:`.sandbox`): the allow-list
    (:mod:`.allow_list`) and the ``limits`` (:mod:`.limits`), so that a case file can
    neither run arbitrary R code nor take verify down. Each row says where its truth came
    from (``truth``: recorded by R keras, user-written, live).
    """
    import pandas as pd

    cases = list(cases) if cases is not None else load_cases(limits=limits)
    if functions:  # only these R functions' cases (``function``; absent: layer_conv_1d_transpose)
        cases = select_functions(cases, functions)
    rows = []
    for i, case in enumerate(cases, start=1):
        row = verify_case(case, values, truth, mode, trust_cases, limits)
        rows.append(row)
        if progress:
            progress(i, len(cases), row)
    return pd.DataFrame(rows)


def verify_case(case: dict, values: str = "r", truth: Callable[[dict], dict] | None = None,
                mode: str = "recorded", trust_cases: bool = False, limits: Limits = DEFAULT) -> dict:
    """One row of the table: the case checked, replayed and compared, or why it could not be."""
    label = PROVENANCE_LIVE if mode == "live" else case.get("_provenance", PROVENANCE_USER)
    r_keras_truth = label == PROVENANCE_LIVE or label.startswith("recorded by R keras")
    where = case.get("_file") or f'case "{case.get("id", "?")}"'
    problems = case_problems(case, where, trust_cases, need_result=truth is None, limits=limits)
    if not problems:
        try:
            expected = truth(case) if truth is not None else case
            row = compare(expected, replay(case, values=values), r_keras_truth=r_keras_truth)
            if truth is not None:
                row["r_keras_seconds"] = expected["result"].get("seconds")
            if not r_keras_truth:
                row["problems"] = [_name_truth(p) for p in row["problems"]]
        except Exception as exc:  # noqa: BLE001 - one case's failure is reported, the rest still run
            problems = [f"{where}: verify could not run it: {type(exc).__name__}: {exc}"]
    if problems:
        row = {"id": case.get("id"), "object": case.get("object"), "kind": None,
               "expected_kind": (case.get("result") or {}).get("kind") if isinstance(case.get("result"), dict)
               else None, "status": CASE_ERROR, "ok": False, "problems": problems}
    # "recorded" and "live" say what was compared with; a user's case is neither.
    row["mode"] = "live" if mode == "live" else ("recorded" if r_keras_truth else "user-written")
    row["values"] = "Python values" if values == "python" else "R objects"
    row["truth"] = label
    row["about"] = case.get("about")
    row["r_call"] = r_call(case) if not problems else None
    row["recorded_with"] = _recorded_with(case) if label.startswith("recorded by") else None
    row["file"] = case.get("_file")
    return row


def case_problems(case: dict, where: str, trust_cases: bool, need_result: bool = True,
                  limits: Limits = DEFAULT) -> list[str]:
    """Why ``case`` cannot be run ([] when it can): format errors, R source the allow-list
    refuses or the sandbox cannot evaluate within ``limits`` (unless ``trust_cases``: then R
    evaluates it here, in full). Nothing in the case is evaluated by rbridge's own R before
    the sandbox has evaluated all of its R source."""
    from ..errors import RBridgeError

    if case.get("_errors"):
        return list(case["_errors"])
    errors = [str(CaseError(where, field, message))
              for field, message in validate(case, need_result, annotated=True)]
    if errors:
        return errors
    if not trust_cases:
        try:
            check(case, limits=limits, evaluate=True)
        except RBridgeError as exc:
            return [f"{where}: {exc}"]
        return []
    for field in R_FIELDS:  # trusted: R's full evaluator, each field alone
        if case.get(field) is not None:
            try:
                evaluate_r(case[field])
            except Exception as exc:  # noqa: BLE001 - R's error, reported with the field
                message = " ".join(str(exc).split())
                return [str(CaseError(where, field, f"R cannot evaluate it: {message}"))]
    return []


def _recorded_with(case: dict) -> str:
    """The versions that recorded a case, as text ("R keras 2.15.0, TensorFlow 2.15, R 4.2.2")."""
    parts = [("R keras", case.get("r_keras_version")), ("TensorFlow", case.get("tf_version")),
             ("", case.get("r_version")), ("reticulate", case.get("reticulate_version"))]
    return ", ".join(f"{name} {value}".strip() for name, value in parts if value)


# How compare() names the truth, and how a user-written truth is named instead.
_TRUTH_WORDS = (("R keras gives", "the case expects"), ("R keras fails (", "the case expects an error ("),
                ("(R keras: ", "(expected: "), (": R keras ", ": expected "), ("R warns", "the case expects warnings"),
                ("R keras's names", "the expected error names"), ("R keras", "the expected result"))


def _name_truth(problem: str) -> str:
    """A problem of a case whose truth R keras did not make, without calling it R keras."""
    for said, meant in _TRUTH_WORDS:
        problem = problem.replace(said, meant)
    return problem
