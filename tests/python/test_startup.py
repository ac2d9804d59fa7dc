"""Failing to start: no rpy2, no R (or a wrong R_HOME), no TensorFlow. Each gives one clear
message with the fix, and plain Python values work without rpy2 and R. Each case runs in
a fresh interpreter, with the missing piece blocked by an import hook."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

BLOCK = textwrap.dedent("""
    import sys
    class Block:
        def __init__(self, prefixes, error):
            self.prefixes, self.error = prefixes, error
        def find_spec(self, name, path=None, target=None):
            if any(name == p or name.startswith(p + ".") for p in self.prefixes):
                if self.error is ModuleNotFoundError:  # as Python says it: with the module's name
                    raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
                raise self.error(f"{{name}}: blocked for this test")
    sys.meta_path.insert(0, Block({prefixes!r}, {error}))
""")


def run(code: str, block: tuple[str, ...] = (), error: str = "ModuleNotFoundError", env: dict | None = None):
    prelude = BLOCK.format(prefixes=block, error=error) if block else ""
    full_env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})}
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=300, env=full_env)


def test_python_values_work_without_rpy2_and_r_objects_say_what_to_install():
    result = run("""
        import rbridge
        layer = rbridge.layer_conv_1d_transpose(filters=2, kernel_size=3, input_shape=[None, 3])
        print("layer ok", layer.filters)
        try:
            rbridge.converter
        except rbridge.RBridgeError as exc:
            print("error:", exc)
    """, block=("rpy2",))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "layer ok 2" in result.stdout
    assert "error: R objects need rpy2" in result.stdout and "pip install 'rpy2>=3.5.17,<3.6'" in result.stdout


# Asking for rbridge's rpy2 converter: the first thing that needs rpy2 and R.
ASK_FOR_CONVERTER = """
    import rbridge
    try:
        rbridge.converter
    except rbridge.RBridgeError as exc:
        print("error:", exc)
"""


def test_a_wrong_r_home_is_a_message_not_an_exit():
    result = run(ASK_FOR_CONVERTER, env={"R_HOME": "/nonexistent/R"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "error: R_HOME=/nonexistent/R is not an R installation" in result.stdout
    assert "R RHOME" in result.stdout


def test_no_r_library_says_to_install_r():
    result = run(ASK_FOR_CONVERTER, block=("rpy2.rinterface",), error="OSError")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "error: rpy2 could not load R" in result.stdout and "apt-get install r-base-core" in result.stdout


def test_no_tensorflow_says_to_install_it():
    result = run("""
        import rbridge
        try:
            rbridge.layer_conv_1d_transpose(filters=2, kernel_size=3)
        except rbridge.RBridgeError as exc:
            print("error:", exc)
    """, block=("keras", "tensorflow"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "error: rbridge needs TensorFlow's Keras" in result.stdout and "pip install tensorflow-cpu" in result.stdout


def test_a_python_started_after_r_loads_its_own_libpython():
    """rpy2 puts R's library folders (Debian: /usr/lib/x86_64-linux-gnu) first in
    LD_LIBRARY_PATH when R starts. A child of this Python must still load this Python's own
    libpython: where the system has another libpython of the same name (python3-dev beside
    pyenv's Python), a child that loaded it failed to import ssl and crashed at exit."""
    code = """
        import os, subprocess, sys
        from rbridge.convert import to_python  # starts R through rpy2
        child = subprocess.run([sys.executable, "-c", "import ssl, sys; print(sys.version)"],
                               capture_output=True, text=True)
        print(child.returncode, child.stdout.strip() == sys.version, child.stderr[-500:])
    """
    result = run(code)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split()[:2] == ["0", "True"], result.stdout + result.stderr[-2000:]
