"""Live mode: R keras run in this process, compared with rbridge case by case.

Against the real R keras 2.15.0 (CI installs it from ../shared/r-src with
scripts/setup-r-keras.sh; elsewhere those tests skip, saying why) and against
tests/fake-r-keras/keras.R (R keras 2.15's calling convention over reticulate, with a
planted difference to show that live mode catches one). Each live run goes in a subprocess,
so that a crash or a hang in the R/Python interplay is a failure instead of ending the
test session.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rbridge.engine import get_engine
from rbridge.engine.conv_transpose import onednn_enabled
from rbridge.live import live_status
from rbridge.verify import COMPUTED_WHERE_R_KERAS_FAILED

ROOT = Path(__file__).resolve().parents[2]
CASE_IDS = {json.loads(p.read_text())["id"] for p in (ROOT / "tests" / "fixtures" / "r-keras-2.15").glob("*.json")}
FAKE = ROOT / "tests" / "fake-r-keras" / "keras.R"
ON_KERAS2 = get_engine().name == "keras2"
needs_keras2 = pytest.mark.skipif(
    not ON_KERAS2, reason="R keras 2.15 runs on Keras 2: CI's Keras 2 environment runs the live tests")


pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def verify_cli(*args: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess, list[dict]]:
    report = tmp_path / "report.json"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    run = subprocess.run([sys.executable, "-m", "rbridge", "verify", "--quiet", "--report", str(report), *args],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    rows = json.loads(report.read_text()) if report.exists() else []
    return run, rows


def test_live_mode_says_why_it_cannot_run():
    available, reason = live_status("kerasNotInstalled")
    assert not available
    if ON_KERAS2:
        assert "'kerasNotInstalled' is not installed" in reason and "CRAN" in reason
    else:
        assert "Keras 2" in reason and "tensorflow 2.15" in reason


def test_cli_falls_back_to_recorded_results_with_the_reason(tmp_path):
    run, rows = verify_cli("--live", "--r-keras", "kerasNotInstalled", "basic_missing", "numeric_s1_valid",
                           tmp_path=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "live mode skipped:" in run.stderr
    assert [r["mode"] for r in rows] == ["recorded", "recorded"]


def _seed_cases(tmp_path: Path) -> Path:
    """The layer_conv_1d_transpose recordings alone (the fake R keras defines that function only)."""
    folder = tmp_path / "seed-cases"
    folder.mkdir()
    for path in (ROOT / "tests" / "fixtures" / "r-keras-2.15").glob("*.json"):
        if "function" not in json.loads(path.read_text()):
            shutil.copy(path, folder)
    return folder


@needs_keras2
def test_live_against_a_fake_r_keras_agrees_on_every_case(tmp_path):
    run, rows = verify_cli("--live", "--r-keras", str(FAKE), "--cases", str(_seed_cases(tmp_path)),
                           tmp_path=tmp_path)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert len(rows) == 80 and all(r["mode"] == "live" and r["ok"] for r in rows)
    # The fake runs Keras's own layer, which fails inside TensorFlow where the real R keras does.
    computed = {r["id"] for r in rows if r["status"] == COMPUTED_WHERE_R_KERAS_FAILED}
    expected = _expected_kernel_refusals()
    assert computed == expected & {r["id"] for r in rows}
    n = len(computed)
    assert f"{80 - n}/80 cases agree with R keras, live; {n} more where" in run.stdout


@needs_keras2
def test_live_catches_an_r_keras_that_behaves_differently(tmp_path):
    """A fake whose as.integer rounds instead of truncating: live mode must see it."""
    rounding = tmp_path / "keras_rounding.R"
    rounding.write_text(
        f'sys.source("{FAKE}", envir = environment())\n'
        "real <- layer_conv_1d_transpose\n"
        "layer_conv_1d_transpose <- function(object, filters, ...) {\n"
        "  filters <- round(filters)\n"
        "  if (missing(object)) real(filters = filters, ...) else real(object, filters = filters, ...)\n"
        "}\n")
    run, rows = verify_cli("--live", "--r-keras", str(rounding), "coerce_filters_fractional", "basic_missing",
                           tmp_path=tmp_path)
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    by_id = {r["id"]: r for r in rows}
    assert not by_id["coerce_filters_fractional"]["ok"]  # filters = 2.7: R keras 2, the fake 3
    assert by_id["basic_missing"]["ok"]
    assert "config filters" in by_id["coerce_filters_fractional"]["problems"]


# The engine-refusal cases: R keras fails inside TensorFlow on every CPU (float64), and in
# float32 too without oneDNN (recorded both ways with tools/record-fixtures.sh --out).
_REFUSED_IN_FLOAT64 = ("conv_1d", "conv_2d", "conv_3d", "conv_3d_transpose", "depthwise_conv_1d",
                       "separable_conv_1d", "separable_conv_2d")
_REFUSED_WITHOUT_ONEDNN = _REFUSED_IN_FLOAT64  # the same functions' float32 channels_first


def _expected_kernel_refusals() -> set[str]:
    refused = {"engine_float64_channels_first", "engine_float64_dilation2",
               "engine_float64_channels_first_sequential"}
    refused |= {f"{name}.array_float64_channels_first" for name in _REFUSED_IN_FLOAT64}
    # depth_multiplier = 0: a separable layer's pointwise step over no channels fails in every
    # kernel (oneDNN's depthwise kernel, or the plain Conv2D: "filter depth must be stricly
    # positive"); a depthwise layer's fails only in oneDNN's (the plain one gives no channels).
    refused.add("separable_conv_1d.differential_depth_multiplier_zero_array")
    if onednn_enabled():
        return refused | {"depthwise_conv_2d.differential_depth_multiplier_zero_array"}
    # TensorFlow 2.15's plain CPU kernels also refuse channels-first 2-D pooling ("Default
    # MaxPoolingOp only supports NHWC"), which oneDNN's compute.
    return refused | {"format_channels_first", "numeric_dilation2"} | {
        f"{name}.array_channels_first" for name in (*_REFUSED_WITHOUT_ONEDNN, "max_pooling_2d", "average_pooling_2d")}


def _real_r_keras_or_skip() -> None:
    available, reason = live_status("keras")
    if not available:
        # CI installs R keras 2.15 from ../shared/r-src (scripts/setup-r-keras.sh) and sets this.
        if os.environ.get("RBRIDGE_REQUIRE_R_KERAS") == "true":
            pytest.fail(f"the real R keras is required here: {reason}")
        pytest.skip(f"the real R keras 2.15 is not installed: {reason}")


@needs_keras2
@pytest.mark.parametrize("values", ["r", "python"])
def test_live_against_the_real_r_keras_agrees_on_every_case(tmp_path, values):
    """Every bundled case of every function through the real R keras 2.15.0 and rbridge, in
    one process, with R objects; with plain Python values the seed function's 80 cases (the
    conversion is the same code for every function)."""
    _real_r_keras_or_skip()
    extra = ["--python-values", "--cases", str(_seed_cases(tmp_path))] if values == "python" else []
    run, rows = verify_cli("--live", *extra, tmp_path=tmp_path)
    # Where R keras makes a broken layer, rbridge answers with its own error by design
    # (tests/fixtures/parity_exceptions.json): those rows, and only those, disagree.
    refused = set(json.loads((Path(__file__).parents[1] / "fixtures" / "parity_exceptions.json")
                             .read_text())["refused"]) & {r["id"] for r in rows}
    # TF 2.15's oneDNN channels-first 2-D pooling: live, R keras's numbers differed from its own
    # recording of the same case (which rbridge matches, as it matches the reference); seen
    # on one machine, not yet explained.
    unstable = {"max_pooling_2d.array_channels_first", "average_pooling_2d.array_channels_first"} \
        if onednn_enabled() else set()
    bad = [f"{r['id']}: {r['problems']}" for r in rows if not r["ok"] and r["id"] not in refused | unstable]
    assert not bad, "\n".join(bad) + run.stderr[-2000:]
    disagreeing = {r["id"] for r in rows if not r["ok"]}
    assert refused <= disagreeing
    assert run.returncode == (1 if disagreeing else 0), run.stderr[-2000:]
    n = 80 if values == "python" else len(CASE_IDS)
    assert len(rows) == n and all(r["mode"] == "live" for r in rows)
    assert {r["id"] for r in rows if r["status"] == COMPUTED_WHERE_R_KERAS_FAILED} == \
        _expected_kernel_refusals() & {r["id"] for r in rows}


@needs_keras2
def test_a_process_that_ran_r_keras_exits_promptly():
    """rpy2's R shutdown at exit runs reticulate's finalizers and hangs waiting for the GIL
    (seen: a worker that ran R keras before anything imported rpy2.robjects, whose import
    registered that shutdown again). Live mode leaves R's shutdown out, in any import order."""
    _real_r_keras_or_skip()
    code = ("from rbridge.live import record; "
            "record({'id': 'exit', 'object': 'missing', 'args': 'list(filters = 2, kernel_size = 3)', "
            "'input': None}); print('recorded')")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180,
                         env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert run.returncode == 0 and "recorded" in run.stdout, run.stderr[-3000:]


def test_the_live_path_depends_on_verify_and_not_the_reverse():
    """rbridge/verify/ replays and compares; live.py runs R keras and hands verify its truth.
    No module of the package imports live, and the package's imports (at the top of a module
    or inside a function) have no cycle."""
    import ast

    package = ROOT / "rbridge" / "verify"
    graph = {}
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text())
        graph[path.stem] = {alias.name if node.module is None else node.module.lstrip(".").split(".")[0]
                            for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1
                            for alias in node.names}
        graph[path.stem] = {m for m in graph[path.stem] if (package / f"{m}.py").exists()}
    assert all("live" not in deps for name, deps in graph.items() if name not in ("live", "__init__"))
    assert "live" not in graph["__init__"]
    visiting, done = set(), set()

    def visit(name, path):  # depth-first: a module met again on the current path is a cycle
        assert name not in visiting, " -> ".join([*path, name])
        if name in done:
            return
        visiting.add(name)
        for dep in graph[name]:
            visit(dep, [*path, name])
        visiting.discard(name)
        done.add(name)

    for name in graph:
        visit(name, [])
    assert not (ROOT / "rbridge" / "verify.py").exists()
