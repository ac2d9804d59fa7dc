"""Reading R arguments must not evaluate R code.

Inside an R session (the R package), rpy2 runs R with Python's GIL released and
reticulate 1.28's finalizers, which R runs between evaluations, would then abort R
(see rbridge/from_r.py). So converting and checking R arguments, the whole per-call
path of the R package, may only read R memory: counted here at rpy2's two doors into
R evaluation.
"""

from __future__ import annotations

import numpy as np
import pytest
import rpy2.rinterface as ri
import rpy2.robjects as ro

import rbridge
from rbridge.convert import to_python


@pytest.fixture
def r_evaluations(monkeypatch):
    count = {"n": 0}
    for cls, method in ((ri.SexpClosure, "__call__"), (ri.SexpClosure, "rcall")):
        original = getattr(cls, method)

        def counting(self, *args, __original=original, **kwargs):
            count["n"] += 1
            return __original(self, *args, **kwargs)
        monkeypatch.setattr(cls, method, counting)
    original_evalr = ri.evalr

    def counting_evalr(*args, **kwargs):
        count["n"] += 1
        return original_evalr(*args, **kwargs)
    monkeypatch.setattr(ri, "evalr", counting_evalr)
    return count


def test_converting_r_values_evaluates_no_r_code(r_evaluations):
    values = [ro.r(src) for src in (
        "list(filters = 4L, kernel_size = c(3, 1)[1], padding = 'SAME', input_shape = list(NULL, 3),"
        " batch_input_shape = c(NA, 5, 3), name = NULL, trainable = NA, weights = list(array(1, c(3, 2, 3))))",
        "array(as.double(1:24), dim = c(2, 3, 4))", "c(a = 1, b = 2)", "NA_character_",
    )]
    before = r_evaluations["n"]
    converted = [to_python(v) for v in values]
    assert r_evaluations["n"] == before
    assert converted[0]["input_shape"] == [None, 3.0] and converted[1].shape == (2, 3, 4)


def test_a_layer_call_with_r_arguments_evaluates_no_r_code(r_evaluations):
    x = ro.r("array(sin(1:30), dim = c(2, 5, 3))")
    args = {"filters": ro.r("4"), "kernel_size": ro.r("3L"), "strides": ro.r("list(2)"),
            "padding": ro.r("'same'"), "input_shape": ro.r("c(NA, 3)"), "name": ro.NULL}
    rbridge.layer_conv_1d_transpose(x, **args)  # warm: imports, Keras
    before = r_evaluations["n"]
    out = rbridge.layer_conv_1d_transpose(x, **args)
    assert r_evaluations["n"] == before
    assert np.asarray(out).shape == (2, 10, 4)


def test_the_r_package_hand_off_evaluates_no_r_code(r_evaluations, monkeypatch):
    """rbridge.from_r.call, as the R package calls it, with the hand-off environment
    stood in for by one made here."""
    from rbridge import from_r
    from rbridge.verify import evaluate_r

    handoff = evaluate_r("local({ e <- new.env(); e$args <- list(filters = 4, kernel_size = 3L, "
                         "padding = 'same', input_shape = list(NULL, 3), name = NULL); e })")
    monkeypatch.setitem(from_r._state, "handoff", handoff)
    from_r.call("layer_conv_1d_transpose", {}, ["object"])  # warm
    before = r_evaluations["n"]
    outcome = from_r.call("layer_conv_1d_transpose", {}, ["object"])
    assert r_evaluations["n"] == before
    assert outcome["status"] == "value" and outcome["value"].filters == 4


def test_objects_given_to_r_are_released_once_only_rbridge_holds_them(monkeypatch):
    from rbridge import from_r

    monkeypatch.setattr(from_r, "_given_to_r", [])
    monkeypatch.setattr(from_r, "_sweep_at", [64])
    held_by_r = [from_r._outcome("value", value=object())["value"] for _ in range(10)]
    for _ in range(100):  # results R dropped at once
        from_r._outcome("value", value=object())
    from_r._release_unused()
    assert len(from_r._given_to_r) == 10  # exactly the ones still held elsewhere
    assert all(any(obj is kept for kept in from_r._given_to_r) for obj in held_by_r)
