"""The R wrapper and help page are generated from the table; they must not drift."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_r_files_are_current():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "generate_r.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_r_wrapper_formals_follow_the_table():
    from rbridge.signature import ARGUMENTS

    text = (ROOT / "R" / "layer_conv_1d_transpose.R").read_text()
    for argument in ARGUMENTS:
        formal = argument.name if argument.required else f"{argument.name} = {argument.r_default}"
        assert f"    {formal}" in text
