"""Memory and R state over many calls (each in a fresh subprocess, so that it measures
only this):

* 10,000 layer calls with R arguments grow resident memory by less than 50 MB, leave R's
  protect stack where it was, and release every R object rbridge preserved.
* Eager calls (a new layer each, as R keras's ``layer_conv_1d_transpose(x, ...)``): Keras 3
  itself keeps ~70 KB per layer applied eagerly (measured: 3,000 direct Keras calls, ~210
  MB), so rbridge is held to Keras's own growth plus 50 MB over 2,000 calls with an R array.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

PRELUDE = textwrap.dedent("""
    import ctypes, gc, os, subprocess
    import numpy as np
    import rbridge
    from rbridge.verify import evaluate_r
    from rbridge.rlock import locked
    from rpy2.rinterface_lib import _rinterface_capi as capi

    home = subprocess.run(["R", "RHOME"], capture_output=True, text=True).stdout.strip()
    libR = ctypes.CDLL(os.path.join(home, "lib", "libR.so"), mode=ctypes.RTLD_GLOBAL)
    protect_top = lambda: ctypes.c_int.in_dll(libR, "R_PPStackTop").value
    rss_mb = lambda: int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    def settle():
        gc.collect()
        with locked():  # releases the R objects whose views died
            pass
""")

LAYERS = PRELUDE + textwrap.dedent("""
    args = dict(filters=evaluate_r("4"), kernel_size=evaluate_r("3L"), strides=evaluate_r("list(2)"),
                padding=evaluate_r("'SAME'"), input_shape=evaluate_r("c(NA, 3)"), name=evaluate_r("NULL"),
                weights=evaluate_r("list(array(0, c(3, 4, 3)), array(0, 4))"))
    for _ in range(1000):
        rbridge.layer_conv_1d_transpose(**args)
    settle()
    rss0, top0, preserved0 = rss_mb(), protect_top(), len(capi._R_PRESERVED)
    for _ in range(10000):
        rbridge.layer_conv_1d_transpose(**args)
    settle()
    print("rss_growth_mb", round(rss_mb() - rss0, 1))
    print("protect_stack", top0, protect_top())
    print("preserved", preserved0, len(capi._R_PRESERVED))
""")

EAGER = PRELUDE + textwrap.dedent("""
    import keras
    x_r = evaluate_r("array(sin(seq_len(2 * 6 * 3)), dim = c(2, 6, 3))")
    from rbridge.convert import to_python
    x = np.asarray(to_python(x_r), dtype="float32", order="C")
    def growth(call, n=2000):
        for _ in range(200):
            call()
        settle()
        start = rss_mb()
        for _ in range(n):
            call()
        settle()
        return rss_mb() - start
    keras_mb = growth(lambda: keras.layers.Conv1DTranspose(4, 3)(x))
    rbridge_mb = growth(lambda: rbridge.layer_conv_1d_transpose(x_r, filters=4, kernel_size=3))
    print("keras_mb", round(keras_mb, 1))
    print("rbridge_mb", round(rbridge_mb, 1))
    print("protect_stack", protect_top())
""")


pytestmark = pytest.mark.engine_dependent  # CI runs: tests/python/conftest.py


def run(script: str) -> dict[str, str]:
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=1200,
                            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert result.returncode == 0, result.stderr[-3000:]
    keys = ("rss_growth_mb", "protect_stack", "preserved", "keras_mb", "rbridge_mb")
    # Only our own lines: libraries may print to stdout too.
    return dict(line.split(" ", 1) for line in result.stdout.splitlines() if line.startswith(keys))


def test_ten_thousand_layer_calls_with_r_arguments():
    values = run(LAYERS)
    assert float(values["rss_growth_mb"]) < 50, values
    before, after = values["protect_stack"].split()
    assert before == after, values
    preserved_before, preserved_after = map(int, values["preserved"].split())
    assert preserved_after <= preserved_before, values


def test_eager_calls_with_an_r_array_grow_no_more_than_keras_itself():
    values = run(EAGER)
    assert float(values["rbridge_mb"]) < float(values["keras_mb"]) + 50, values
    assert values["protect_stack"] == "0", values
