"""Live differential testing against the real R keras 2.15: hypothesis-written R calls of
every function of the family (arguments read from each spec), each run in R keras and in
rbridge in one process (differential_worker.py, in a subprocess so a crash is a failure). CI
runs 250 calls in each kernel mode (TF_ENABLE_ONEDNN_OPTS=0 and 1), with a fixed seed;
RBRIDGE_HYPOTHESIS_PROFILE=thorough runs 3000 with a random one (the seed is printed on a
failure). Findings are kept as regression cases: below, and as recorded cases in
tests/fixtures/cases_family.json (ids ``*.differential_*``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rbridge.specs import SPECS
from test_live import _real_r_keras_or_skip, needs_keras2

HERE = Path(__file__).resolve().parent
EXAMPLES = 3000 if os.environ.get("RBRIDGE_HYPOTHESIS_PROFILE") == "thorough" else 250


pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


@needs_keras2
def test_r_keras_and_rbridge_agree_on_generated_r_calls():
    _real_r_keras_or_skip()
    seed = 0 if os.environ.get("RBRIDGE_HYPOTHESIS_PROFILE") != "thorough" else int.from_bytes(os.urandom(4), "little")
    run = subprocess.run([sys.executable, str(HERE / "differential_worker.py"), str(EXAMPLES), str(seed)],
                         capture_output=True, text=True, timeout=600 + 2 * EXAMPLES, cwd=HERE)
    assert run.returncode == 0, f"seed {seed}:\n" + run.stdout[-6000:] + run.stderr[-2000:]
    # The calls actually run, not the number asked for: every one of them, and no disagreement.
    summary = re.search(r"differential: (\d+) R calls run \((\d+) asked for\), (\d+) disagreements", run.stderr)
    assert summary, run.stderr[-2000:]
    ran, asked, disagreements = map(int, summary.groups())
    assert (asked, disagreements) == (EXAMPLES, 0)
    assert ran == EXAMPLES, f"only {ran} of {EXAMPLES} calls ran"
    # Every function of the family was called (the worker's scope: DIFFERENTIAL_FUNCTIONS).
    counts = json.loads(run.stderr.split("differential: calls per function: ")[1].splitlines()[0])
    family = {name for name, spec in SPECS.items() if not spec.r_keras_answers_when_loaded}
    assert len(family) == 20 and set(counts) == family, sorted(family ^ set(counts))


# Found by the differential test, kept: each ran in R keras and rbridge and disagreed once.
FINDINGS = [
    # Keras 2 engine: a layer made first and called later skipped rbridge's checks, and
    # padding = "causal" failed inside TensorFlow instead of naming `padding`.
    {"object": "missing", "input": "array(sin(seq_len(2 * 3 * 5)), dim = c(2, 5, 3))",
     "args": "list(filters = 2.7, kernel_size = 2.9, strides = list(2), padding = 'causal', name = 'my_layer')"},
]


@needs_keras2
@pytest.mark.parametrize("finding", FINDINGS, ids=lambda f: f["args"][:60])
def test_differential_findings_stay_fixed(finding):
    _real_r_keras_or_skip()
    code = ("import json, sys; from differential_worker import disagreement; "
            "problem = disagreement(dict(json.loads(sys.argv[1]), id='finding')); "
            "print(json.dumps(problem)); sys.exit(1 if problem else 0)")
    run = subprocess.run([sys.executable, "-c", code, json.dumps(finding)], capture_output=True, text=True,
                         timeout=300, cwd=HERE)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_early_refusals_are_excused_only_where_r_keras_computed_nothing():
    """rbridge refusing causal padding or an even kernel span early is agreement only where R
    keras made the layer and gave no output; where R keras computed, it is a disagreement."""
    from differential_worker import excused

    refused = {"kind": "error", "error": {"message": 'Invalid `padding`: padding = "causal" is ...'}}
    assert excused({"kind": "layer", "config": {}}, refused)
    assert not excused({"kind": "array", "output": {"shape": [2, 5, 2]}}, refused)
    assert not excused({"kind": "layer", "output": {"shape": [2, 5, 2]}}, refused)
    assert not excused({"kind": "tensor", "output_shape": [None, 5, 2]}, refused)
    assert not excused({"kind": "model", "model_output_shape": [None, 5, 2]}, refused)
    assert excused({"kind": "model", "model_output_shape": None}, refused)
    other = {"kind": "error", "error": {"message": "Invalid `strides`: ..."}}
    assert not excused({"kind": "layer"}, other)
