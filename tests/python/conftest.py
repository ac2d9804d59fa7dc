"""Shared set-up for the Python suite: quiet TensorFlow, a hypothesis profile fit for CI."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

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


@pytest.fixture(scope="session")
def r():
    """rpy2's R evaluator (R is embedded in this process), started as rbridge starts it."""
    from rbridge.rsession import ensure_rpy2

    ensure_rpy2()
    import rpy2.robjects as ro

    return ro.r
