"""Fuzzing every argument with R objects and Python values (fuzz_worker.py): a result or
rbridge's own error, never another exception, never a crash. In a subprocess, so that a
crash in R or TensorFlow is a reported failure rather than the end of the session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_fuzz_every_argument():
    examples = os.environ.get("RBRIDGE_FUZZ_EXAMPLES", "300")
    run = subprocess.run([sys.executable, str(HERE / "fuzz_worker.py"), examples], capture_output=True,
                         text=True, timeout=1200, cwd=HERE, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert run.returncode == 0, (run.stdout[-3000:] + run.stderr[-3000:])
    assert "fuzz ok" in run.stdout
