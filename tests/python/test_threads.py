"""R is single-threaded; rbridge serialises every touch of R behind one lock
(rbridge.rlock) and lets TensorFlow run in parallel. 8 threads x 200 calls mixing R
arguments and eager computation: every result right, no crash (run in a subprocess, so
that a crash is a failure, not the end of the test session)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

SCRIPT = textwrap.dedent("""
    import sys, threading
    import numpy as np
    sys.path.insert(0, {here!r})
    import rbridge
    from rbridge.verify import evaluate_r
    from rbridge.convert import to_python
    from rbridge.reference import conv1d_transpose

    N_THREADS, CALLS = 8, {calls}
    # R objects made up front, used by every thread (reading them takes the lock).
    r_x = evaluate_r("array(sin(seq_len(2 * 6 * 3)), dim = c(2, 6, 3))")
    r_w = evaluate_r("list(array(cos(seq_len(3 * 4 * 3)) / 3, dim = c(3, 4, 3)), array(seq_len(4) / 10))")
    r_args = {{"filters": evaluate_r("4"), "kernel_size": evaluate_r("3L"), "strides": evaluate_r("2"),
              "padding": evaluate_r("'SAME'")}}
    x = np.asarray(to_python(r_x)).copy()
    w = [np.asarray(a).copy() for a in to_python(r_w)]
    expected = conv1d_transpose(x, w[0], w[1], strides=2, padding="same")
    failures = []

    def work(seed):
        rng = np.random.default_rng(seed)
        for i in range(CALLS):
            try:
                if rng.random() < 0.5:   # R objects in, eager computation
                    out = np.asarray(rbridge.layer_conv_1d_transpose(r_x, weights=r_w, **r_args))
                    if not np.allclose(out, expected, rtol=1e-4, atol=1e-5):
                        failures.append(("eager", seed, i))
                else:                    # a layer from R objects, then a fresh R value
                    layer = rbridge.layer_conv_1d_transpose(**r_args, input_shape=evaluate_r("c(NA, 3)"))
                    if layer.filters != 4 or layer.strides != (2,):
                        failures.append(("layer", seed, i))
            except Exception as exc:  # noqa: BLE001
                failures.append((repr(exc), seed, i))

    threads = [threading.Thread(target=work, args=(s,)) for s in range(N_THREADS)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("failures", len(failures), failures[:3])
""")


pytestmark = pytest.mark.engine_dependent  # CI runs: tests/python/conftest.py


def test_eight_threads_mixing_r_arguments_and_eager_computation():
    run = subprocess.run([sys.executable, "-c", SCRIPT.format(here=str(HERE), calls=200)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "failures 0 " in run.stdout, run.stdout[-2000:]
