"""Scale-out through TensorFlow's own distribution engine: rbridge's layer (and a Sequential
model made with it) under tf.distribute.MirroredStrategy over two logical CPU devices,
trained one step, has mirrored variables that stay identical across replicas. A fresh
process: logical devices must be set before TensorFlow starts."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import numpy as np
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    import keras
    import rpy2.robjects as ro
    import rbridge

    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    print("replicas", strategy.num_replicas_in_sync)
    with strategy.scope():
        model = keras.Sequential()
        rbridge.layer_conv_1d_transpose(model, filters=ro.r("2"), kernel_size=ro.r("3L"), strides=2,
                                        padding="same", input_shape=ro.r("c(8, 3)"))
        model.compile(optimizer="sgd", loss="mse")
    layer = model.layers[0]
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((8, 8, 3)), rng.standard_normal((8, 16, 2))
    before = [np.array(w) for w in layer.get_weights()]
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    for variable in (layer.kernel, layer.bias):
        backing = variable if isinstance(variable, tf.Variable) else variable.value  # Keras 3 wraps it
        replicas = strategy.experimental_local_results(backing)
        print("mirrored", type(backing).__name__, len(replicas),
              all(np.array_equal(np.asarray(r), np.asarray(replicas[0])) for r in replicas))
    print("trained", any(not np.allclose(b, a) for b, a in zip(before, layer.get_weights())))
""")


pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def test_mirrored_strategy_over_two_devices():
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.strip().splitlines()
    assert "replicas 2" in lines
    mirrored = [line.split() for line in lines if line.startswith("mirrored")]
    assert len(mirrored) == 2
    for _, kind, count, same in mirrored:
        assert "Mirrored" in kind and count == "2" and same == "True", lines
    assert "trained True" in lines
