"""Every name R keras 2.15 accepts computes R keras 2.15's numbers through rbridge on Keras 3.

The expected numbers are Keras 2.15's own, recorded under TensorFlow 2.15 by
``tools/record_keras215_names.py`` into ``rbridge/data/keras215_names.json``; one
test per (kind, name). On Keras 2 (the engine that *is* Keras 2.15) the Keras 3
tests do not apply; there, a few names are recomputed and compared with the data,
so the data cannot drift from what Keras 2.15 computes.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest

import keras  # noqa: E402

from rbridge.engine import r_names  # noqa: E402
from rbridge.errors import RArgumentError  # noqa: E402

KERAS2 = keras.__version__.startswith("2.")
keras3_only = pytest.mark.skipif(KERAS2, reason="Keras 2 is Keras 2.15: its names mean what R keras's do")
keras2_only = pytest.mark.skipif(not KERAS2, reason="recomputing the data needs Keras 2.15")

DATA = r_names.keras215_data()
INPUTS = DATA["inputs"]
GRID = np.array(INPUTS["grid"]).reshape(1, -1, 1)
TENSOR = np.array(INPUTS["tensor"])
KERNELS = {key: np.array(k, dtype="float32") for key, k in INPUTS["kernels"].items()}
ARGUMENT = {"activation": "activation", "initializer": "kernel_initializer",
            "regularizer": "kernel_regularizer", "constraint": "kernel_constraint"}


pytestmark = pytest.mark.kernel_dependent  # CI runs: tests/python/conftest.py


def names(kind):
    return [pytest.param(name, id=name) for name in sorted(DATA[kind])]


def resolved(kind, name):
    """The Keras 3 object a layer would hold for the R name ``name``."""
    value = r_names.keras3_value(kind, name, ARGUMENT[kind])
    return getattr(keras, kind + "s").get(value)


def expected_name(kind, name):
    """The name R keras 2.15's config shows: Keras 2.15's own for a function, else as given."""
    config = DATA[kind][name]["config"]
    return config if kind == "activation" and isinstance(config, str) else name


def check_refused(recorded_error: str, compute) -> None:
    """``compute()`` raises what Keras 2.15 raised: the same exception class, and the message
    starts as Keras 2.15's does (up to the first number or shape, which may be spelt otherwise)."""
    name, message = recorded_error.split(": ", 1)
    # Where Keras 2.15 failed inside a TensorFlow kernel (InvalidArgumentError, its message
    # naming graph nodes), a ValueError saying why before any kernel runs is as good.
    accepted = {name, "ValueError"} if name == "InvalidArgumentError" else {name}
    with pytest.raises(Exception) as caught:  # noqa: PT011 - the class is checked by name below
        compute()
    classes = {c.__name__ for c in type(caught.value).__mro__}
    assert accepted & classes, f"expected {name}, got {type(caught.value).__name__}: {caught.value}"
    if name != "InvalidArgumentError":
        lead = re.split(r"[0-9(<]", message, maxsplit=1)[0].strip()
        assert lead in str(caught.value), f"expected {lead!r} in {caught.value}"


def check_recorded(recorded, compute, rtol):
    """``compute()`` gives ``recorded``, or raises where Keras 2.15 raised."""
    if isinstance(recorded, dict) and "error" in recorded:
        check_refused(recorded["error"], compute)
        return
    np.testing.assert_allclose(np.asarray(compute(), dtype="float64"), recorded, rtol=rtol, atol=1e-6)


# -- the data ---------------------------------------------------------------------------------
def test_data_enumerates_every_kind():
    assert r_names.KINDS == ("activation", "initializer", "regularizer", "constraint")
    for kind in r_names.KINDS:
        assert r_names.r_keras_names(kind) == tuple(sorted(DATA[kind]))
    # Names R keras 2.15 users meet, each a different way Keras 3 departs from Keras 2.15.
    assert {"hard_sigmoid", "swish", "silu", "ReLU"} <= set(r_names.r_keras_names("activation"))
    assert {"l1_l2", "L1L2"} <= set(r_names.r_keras_names("regularizer"))
    assert {"constant", "GlorotUniformV2", "normal"} <= set(r_names.r_keras_names("initializer"))
    assert {"RadialConstraint", "maxnorm"} <= set(r_names.r_keras_names("constraint"))


# -- Keras 3 computes Keras 2.15's numbers ------------------------------------------------------
@keras3_only
@pytest.mark.parametrize("name", names("activation"))
def test_activation(name):
    function = resolved("activation", name)
    recorded = DATA["activation"][name]
    np.testing.assert_allclose(np.asarray(function(GRID)).ravel(), recorded["grid"], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(np.asarray(function(TENSOR)), recorded["tensor"], rtol=1e-6, atol=1e-6)


@keras3_only
@pytest.mark.parametrize("name", names("regularizer"))
def test_regularizer(name):
    regularizer = resolved("regularizer", name)
    for key, recorded in DATA["regularizer"][name]["penalty"].items():
        check_recorded(recorded, lambda k=key: regularizer(keras.ops.convert_to_tensor(KERNELS[k])), rtol=1e-5)


@keras3_only
@pytest.mark.parametrize("name", names("constraint"))
def test_constraint(name):
    constraint = resolved("constraint", name)
    for key, recorded in DATA["constraint"][name]["constrained"].items():
        check_recorded(recorded, lambda k=key: constraint(keras.ops.convert_to_tensor(KERNELS[k])), rtol=1e-5)


@keras3_only
@pytest.mark.parametrize("name", names("initializer"))
def test_initializer(name):
    recorded = DATA["initializer"][name]
    if recorded["deterministic"]:
        initializer = resolved("initializer", name)
        for key, values in recorded["values"].items():
            shape = tuple(INPUTS["initializer_shapes"][key])
            check_recorded(values, lambda s=shape: initializer(s, dtype="float32"), rtol=1e-6)
        return
    # Random: the same distribution, judged by seed-independent statistics of a large draw
    # (60000 values: each bound is over 5 standard errors of the difference of two draws).
    for key, stats in recorded["statistics"].items():
        shape = tuple(INPUTS["statistics_shapes"][key])
        if "error" in stats:
            check_refused(stats["error"], lambda s=shape: resolved("initializer", name)(s, dtype="float32"))
            continue
        x = np.asarray(resolved("initializer", name)(shape, dtype="float32"), dtype="float64").ravel()
        std = x.std()
        kurtosis = ((x - x.mean()) ** 4).mean() / std**4 - 3.0
        assert abs(x.mean() - stats["mean"]) < 8 * stats["std"] / np.sqrt(x.size), (key, "mean")
        assert std == pytest.approx(stats["std"], rel=0.03), (key, "std")
        assert kurtosis == pytest.approx(stats["kurtosis"], abs=0.2), (key, "kurtosis")


# -- names ----------------------------------------------------------------------------------
ALL = [pytest.param(kind, name, id=f"{kind}-{name}") for kind in r_names.KINDS for name in sorted(DATA[kind])]


@keras3_only
@pytest.mark.parametrize(("kind", "name"), ALL)
def test_name_comes_back(kind, name):
    value = r_names.keras3_value(kind, name, ARGUMENT[kind])
    assert r_names.r_keras_name(kind, value) == expected_name(kind, name)
    assert r_names.r_keras_name(kind, name) == expected_name(kind, name)


@keras3_only
@pytest.mark.parametrize("kind", r_names.KINDS)
def test_unknown_name_is_refused_naming_the_argument(kind):
    with pytest.raises(RArgumentError) as caught:
        r_names.keras3_value(kind, "no_such_name", "bias_" + kind)
    assert caught.value.argument == "bias_" + kind
    assert caught.value.received == '"no_such_name"'
    assert "R keras 2.15 accepts" in str(caught.value)


@keras3_only
def test_close_names_are_suggested():
    with pytest.raises(RArgumentError, match='"hard_sigmoid"'):
        r_names.keras3_value("activation", "hard_sigmoide", "activation")
    with pytest.raises(RArgumentError, match='"l1_l2"'):
        r_names.keras3_value("regularizer", "L1_L2", "kernel_regularizer")


@keras3_only
@pytest.mark.parametrize("kind", r_names.KINDS)
def test_values_that_are_not_names_pass_unchanged(kind):
    config = {"class_name": "Zeros", "config": {}}
    for value in (None, abs, config):
        assert r_names.keras3_value(kind, value, ARGUMENT[kind]) is value
    assert r_names.r_keras_name(kind, abs) is None


@keras3_only
def test_stateful_objects_are_fresh_each_time():
    """A random initializer must not be shared by two layers (Keras 3 would repeat its values)."""
    first = r_names.keras3_value("initializer", "GlorotUniformV2", "kernel_initializer")
    second = r_names.keras3_value("initializer", "GlorotUniformV2", "kernel_initializer")
    assert first is not second


# -- through a layer (needs the layer classes to call keras3_value) ------------------------------
@keras3_only
@pytest.mark.parametrize("name", names("activation"))
def test_layer_activation(name):
    import rbridge

    layer = rbridge.layer_conv_1d_transpose(filters=1, kernel_size=1, activation=name, kernel_initializer="ones",
                                            bias_initializer="zeros", dtype="float64")
    out = np.asarray(layer(GRID.copy()))
    np.testing.assert_allclose(out.ravel(), DATA["activation"][name]["grid"], rtol=1e-6, atol=1e-6)
    assert layer.get_config()["activation"] == expected_name("activation", name)


# -- Keras 2: the data is what Keras 2.15 computes now ------------------------------------------
def _recorder():
    path = Path(__file__).resolve().parents[2] / "tools" / "record_keras215_names.py"
    spec = importlib.util.spec_from_file_location("record_keras215_names", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@keras2_only
@pytest.mark.parametrize(("kind", "name"), [("activation", "hard_sigmoid"), ("activation", "ReLU"),
                                            ("activation", "softmax"), ("regularizer", "l1_l2"),
                                            ("constraint", "RadialConstraint"), ("constraint", "max_norm"),
                                            ("initializer", "constant"), ("initializer", "identity")])
def test_data_is_what_keras215_computes(kind, name):
    import tensorflow as tf

    recorder = _recorder()
    assert recorder.GRID.tolist() == INPUTS["grid"] and recorder.TENSOR.tolist() == INPUTS["tensor"]
    fresh = recorder.RECORDERS[kind](keras, tf, name)
    recorded = DATA[kind][name]
    assert fresh["config"] == recorded["config"]
    for field in ("grid", "tensor", "penalty", "constrained", "values"):
        if field in fresh:
            assert _close(fresh[field], recorded[field]), field


def test_every_candidate_keras215_accepts_is_recorded():
    """On Keras 2: the recorder's enumeration still finds exactly the recorded names."""
    if not KERAS2:
        pytest.skip("enumerating needs Keras 2.15")
    import tensorflow as tf

    recorder = _recorder()
    for kind in ("regularizer", "constraint"):
        found = set()
        for name in recorder.candidates(kind):
            try:
                recorder.RECORDERS[kind](keras, tf, name)
            except Exception:  # noqa: BLE001, S112 - refused: not a name
                continue
            found.add(name)
        assert found == set(DATA[kind]), kind


def _close(a, b):
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, str):  # an error's message
        return a == b
    return np.allclose(np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64"), rtol=1e-6, atol=1e-7)
