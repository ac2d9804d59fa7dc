"""R arrays through rbridge and back in a notebook: rpy2's %%R magic with -o/-i, driven
in-process through IPython (as a notebook cell would run it, without starting a kernel)."""

from __future__ import annotations

import numpy as np
import pytest

R_ARRAY = "x <- array(sin(seq_len(2 * 5 * 3)), dim = c(2, 5, 3))"
# What layer_upsampling_1d(size = 2) must give, computed by R itself: each step twice.
R_CHECK = ("ok <- identical(dim(y), c(2L, 10L, 3L)) && "
           "isTRUE(all.equal(y, x[, rep(seq_len(5), each = 2), , drop = FALSE], tolerance = 1e-6))")


@pytest.fixture(scope="module")
def shell(r):
    from IPython.testing.globalipapp import start_ipython  # (.venv's notebooks extra)

    ip = start_ipython()
    ip.run_line_magic("load_ext", "rbridge.ipython")
    ip.run_cell("import rbridge", store_history=False)
    return ip


def test_an_rbridge_result_goes_back_to_r_with_plain_i(shell):
    shell.run_cell_magic("R", "-o x", R_ARRAY)
    assert isinstance(shell.user_ns["x"], np.ndarray) and shell.user_ns["x"].shape == (2, 5, 3)
    shell.run_cell("y = rbridge.layer_upsampling_1d(x, size = 2)", store_history=False)
    assert not isinstance(shell.user_ns["y"], np.ndarray)  # a tensor, as rbridge returns it
    shell.run_cell_magic("R", "-i y -o ok", R_CHECK)
    assert bool(np.asarray(shell.user_ns["ok"]).ravel()[0])


def test_the_extension_leaves_rpy2s_own_conversions_alone(shell):
    import pandas as pd

    shell.run_cell_magic("R", "-o f", "f <- factor(c('lo', 'hi', 'lo'))")
    assert isinstance(shell.user_ns["f"], pd.Categorical)  # what rpy2's magic gives
    shell.run_line_magic("load_ext", "rbridge.ipython")  # a second load adds nothing
    assert shell.magics_manager.registry["RMagics"].converter.name.count("rbridge") == 1


def test_r_rules_both_ways_with_rbridges_converter(shell):
    shell.run_cell("from rpy2.robjects import default_converter, numpy2ri\n"
                   "bridge = default_converter + numpy2ri.converter + rbridge.converter", store_history=False)
    shell.run_cell_magic("R", "-o x -c bridge", R_ARRAY)
    x = shell.user_ns["x"]
    assert x.shape == (2, 5, 3) and x.flags.f_contiguous  # a view of R's array, R's indexing
    shell.run_cell("y = rbridge.layer_upsampling_1d(x, size = 2L)", store_history=False)
    shell.run_cell_magic("R", "-i y -o ok -c bridge", R_CHECK)
    assert shell.user_ns["ok"] is True  # a logical of length 1 is a bool under R's rules
