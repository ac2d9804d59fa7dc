"""Fuzzing every argument of every function of the family with R objects and Python values
(fuzz_worker.py): a result or rbridge's own error, never another exception, never a hang.
In a subprocess, so that a crash in R or TensorFlow is a reported failure rather than the
end of the session. CI: 300 derandomized examples; RBRIDGE_HYPOTHESIS_PROFILE=thorough:
3000 fresh random ones (RBRIDGE_FUZZ_EXAMPLES overrides either)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rbridge.specs import SPECS

HERE = Path(__file__).resolve().parent


pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def test_fuzz_every_argument_of_every_function():
    thorough = os.environ.get("RBRIDGE_HYPOTHESIS_PROFILE") == "thorough"
    examples = os.environ.get("RBRIDGE_FUZZ_EXAMPLES", "3000" if thorough else "300")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **({"RBRIDGE_FUZZ_RANDOM": "1"} if thorough else {})}
    run = subprocess.run([sys.executable, str(HERE / "fuzz_worker.py"), examples], capture_output=True,
                         text=True, timeout=3600 if thorough else 1200, cwd=HERE, env=env)
    assert run.returncode == 0, (run.stdout[-3000:] + run.stderr[-6000:])
    assert "fuzz ok" in run.stdout
    functions = re.search(r"functions: (\d+)", run.stdout)
    assert functions and int(functions.group(1)) == len(SPECS), run.stdout
