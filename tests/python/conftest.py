"""Shared set-up for the Python suite: quiet TensorFlow, a hypothesis profile fit for CI, and
which tests CI runs in which of its four runs (the markers below)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Building a Keras layer takes milliseconds, not microseconds: no per-example deadline.
# "ci" is derandomized so that main stays reproducibly green or red; "thorough" explores
# (RBRIDGE_HYPOTHESIS_PROFILE=thorough) and is how new bugs get found.
settings.register_profile("ci", max_examples=80, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("RBRIDGE_HYPOTHESIS_PROFILE", "ci"))

# CI (scripts/test.sh) runs the whole suite once (Keras 3, TF_ENABLE_ONEDNN_OPTS=0), and in
# its other runs only the tests whose outcome can differ there:
#   engine_dependent: the outcome depends on the engine (Keras 3 or Keras 2.15): run on both;
#   kernel_dependent: the outcome depends on TensorFlow's CPU kernels (oneDNN off or on): run
#     in both kernel modes, on both engines (numbers depend on the engine too, so a
#     kernel_dependent test is engine_dependent as well).
# Each test module says which with `pytestmark`. A module that says neither runs once only if
# it is listed here, with the reason; any other module counts as both: in doubt, it depends.
MARKERS = {
    "engine_dependent": "the outcome can differ between Keras 3 and Keras 2.15: CI runs it on both",
    "kernel_dependent": "the outcome can differ between TensorFlow's CPU kernels (oneDNN off/on): "
                        "CI runs it in both kernel modes, on both engines",
}
RUN_ONCE = {
    "test_case_eval.py": "case files refused before anything runs",
    "test_cases_schema.py": "the case format, read and checked without running a case",
    "test_convert.py": "R <-> Python conversion (rpy2, NumPy)",
    "test_hostile_cases.py": "verify's defences against case files, before any layer is made",
    "test_no_r_evaluation.py": "reading R arguments without evaluating R code",
    "test_notation.py": "error messages in the caller's notation, before any layer is made",
    "test_notebook_magic.py": "rpy2's %%R magic moving arrays in and out",
    "test_reference_around.py": "NumPy references against hand-worked values (no TensorFlow)",
    "test_reference_around_b.py": "NumPy references against hand-worked values (no TensorFlow)",
    "test_rvalues.py": "R's value rules against R itself",
    "test_specs.py": "the specs against R keras 2.15's source, and what is generated from them",
    "test_startup.py": "start-up failures (no rpy2, no R, no TensorFlow), in subprocesses",
}


def pytest_configure(config):
    # TensorFlow's C++ log level (quiet, unless the caller chose): set before any test module
    # is imported, so it never depends on which module is collected first.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    for name, meaning in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {meaning}")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by these markers
def pytest_collection_modifyitems(config, items):
    for item in items:
        module = Path(str(item.fspath)).name
        marked = {m.name for m in item.iter_markers() if m.name in MARKERS}
        if marked and module in RUN_ONCE:
            raise pytest.UsageError(f"{module} is marked {sorted(marked)} and listed in conftest.RUN_ONCE: which?")
        if not marked and module not in RUN_ONCE:
            marked = set(MARKERS)  # unclassified: in doubt, it depends
        if "kernel_dependent" in marked:
            marked.add("engine_dependent")
        for name in marked:
            item.add_marker(name)


@pytest.fixture(scope="session")
def r():
    """rpy2's R evaluator (R is embedded in this process), started as rbridge starts it."""
    from rbridge.rsession import ensure_rpy2

    ensure_rpy2()
    import rpy2.robjects as ro

    return ro.r
